package org.dpcgan.core.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader never sees half of one: the content goes to a hidden temporary file beside the
 * target ({@code .<name>.<n>.tmp}), which is moved over the target only once it is complete, and deleted if
 * anything fails. The file is created like any new file (permissions from the process's umask), not with the
 * owner-only permissions of {@link Files#createTempFile}.
 */
public final class AtomicFiles {
  /** Writes the content of one file to the stream it is given. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Writes {@code bytes} to {@code target} atomically, creating its folders. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Writes {@code target} atomically from {@code content}, creating its folders; the move falls back to a
   * plain replace only on a file system that cannot move atomically.
   */
  public static void write(Path target, Content content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = null;
    try {
      tmp = createTemporary(dir, absolute.getFileName().toString());
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
        content.writeTo(out);
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static Path createTemporary(Path dir, String name) throws IOException {
    for (long n = System.nanoTime(); ; n++) {
      try {
        return Files.createFile(dir.resolve("." + name + "." + Long.toUnsignedString(n, 36) + ".tmp"));
      } catch (FileAlreadyExistsException taken) {
        // another writer's temporary file: try the next name
      }
    }
  }
}
