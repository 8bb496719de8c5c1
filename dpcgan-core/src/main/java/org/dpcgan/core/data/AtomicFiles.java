package org.dpcgan.core.data;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader never sees half of one: the content goes to a hidden temporary file beside the
 * target ({@code .<name>.<pid>-<n>.tmp}), which is moved over the target only once it is complete, and deleted if
 * anything fails, or when the JVM is stopped by SIGTERM or SIGINT while writing. A temporary file left by a killed
 * process (SIGKILL, power loss) is recognised by its process id and removed by the next write of the same target.
 * The file is created like any new file (permissions from the process's umask), not with the owner-only
 * permissions of {@link Files#createTempFile}.
 */
public final class AtomicFiles {
  /** Writes the content of one file to the stream it is given. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Writes one file whole at the path it is given (e.g. another program's output). */
  @FunctionalInterface
  public interface FileContent {
    void writeTo(Path file) throws IOException;
  }

  /**
   * Writes {@code target} atomically from {@code content}, which writes a temporary file beside it given by path;
   * the temporary file is deleted if {@code content} fails or the JVM stops first.
   */
  public static void writeFile(Path target, FileContent content) throws IOException {
    try (Output out = open(target)) {
      out.stream.close();
      content.writeTo(out.tmp);
      out.move();
    }
  }

  /** Writes {@code bytes} to {@code target} atomically, creating its folders. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Writes {@code target} atomically from {@code content}, creating its folders; the move falls back to a
   * plain replace only on a file system that cannot move atomically.
   */
  public static void write(Path target, Content content) throws IOException {
    try (Output out = open(target)) {
      content.writeTo(out.stream());
      out.commit();
    }
  }

  /**
   * Proves that a file named {@code name} can be created in the existing folder {@code dir} by creating and deleting
   * one of its temporary files; a process killed in between leaves a leftover the next write of that name removes.
   */
  public static void probe(Path dir, String name) throws IOException {
    Files.delete(createTemporary(dir, name));
  }

  /**
   * A stream to {@code target}'s temporary file, for content written piece by piece: {@link Output#commit()} moves
   * it into place; {@link Output#close()} without a commit deletes it (use try-with-resources).
   */
  public static Output open(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    String name = absolute.getFileName().toString();
    removeStale(dir, name);
    Path tmp = createTemporary(dir, name);
    try {
      return new Output(Files.newOutputStream(tmp, StandardOpenOption.WRITE), tmp, absolute);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * An open temporary file: its {@link #stream()} takes the content; {@link #commit()} moves it into place;
   * {@link #close()} without a commit deletes it. It is deleted too if the JVM stops (SIGTERM, SIGINT) before the
   * commit.
   */
  public static final class Output implements AutoCloseable {
    private final OutputStream stream;
    private final Counting counted;
    private final Path tmp;
    private final Path target;
    private final Thread cleanup;
    private boolean done;

    private Output(OutputStream file, Path tmp, Path target) {
      this.counted = new Counting(file);
      this.stream = new BufferedOutputStream(counted, 1 << 16);
      this.tmp = tmp;
      this.target = target;
      this.cleanup = new Thread(() -> deleteQuietly(tmp), "dpcgan-tmp-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Where the content goes; closing it is allowed (a compressing stream closes what it wraps). */
    public OutputStream stream() {
      return stream;
    }

    /** Bytes that have reached the temporary file so far (up to 64 KB less than were written to the stream). */
    public long bytesWritten() {
      return counted.count;
    }

    /** Closes the stream and moves the complete file over the target. */
    public void commit() throws IOException {
      if (done) {
        throw new IllegalStateException("the temporary file of " + target + " is already committed or discarded");
      }
      stream.close();
      move();
    }

    /**
     * Closes the stream and returns the complete temporary file, left where it is for another step to read (it is
     * deleted by {@link #close()}, as without a commit).
     */
    public Path finish() throws IOException {
      stream.close();
      return tmp;
    }

    private void move() throws IOException {
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      unregister();
    }

    /** Without a {@link #commit()}: closes the stream and deletes the temporary file; the target stays as it was. */
    @Override
    public void close() throws IOException {
      if (done) {
        return;
      }
      done = true;
      try {
        stream.close();
      } finally {
        Files.deleteIfExists(tmp);
        unregister();
      }
    }

    private void unregister() {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs, or has run: it deletes a file that no longer exists
      }
    }
  }

  /** Counts the bytes that pass. */
  private static final class Counting extends FilterOutputStream {
    private long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.(\\d+)-[0-9a-z]+\\.tmp");

  /** Deletes temporary files of {@code name} whose writing process no longer runs (it was killed). */
  private static void removeStale(Path dir, String name) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "." + globEscape(name) + ".*.tmp")) {
      for (Path p : entries) {
        Matcher m = TEMPORARY.matcher(p.getFileName().toString());
        if (m.matches() && m.group(1).equals(name) && !running(Long.parseLong(m.group(2)))) {
          deleteQuietly(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a folder that cannot be listed: the write itself reports what is wrong
    }
  }

  private static boolean running(long pid) {
    return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String globEscape(String name) {
    return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort: a later write removes it
    }
  }

  private static Path createTemporary(Path dir, String name) throws IOException {
    long pid = ProcessHandle.current().pid();
    for (long n = System.nanoTime(); ; n++) {
      try {
        return Files.createFile(dir.resolve("." + name + "." + pid + "-" + Long.toUnsignedString(n, 36) + ".tmp"));
      } catch (FileAlreadyExistsException taken) {
        // another writer's temporary file: try the next name
      }
    }
  }
}
