package org.dpcgan.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opening the files a user names: a missing file, a folder or an unreadable file fails with a message that says
 * which and names the file's role; content is recognised by its first bytes, not its name, so a gzip file is read
 * whatever its name.
 */
public final class InputFiles {
  private InputFiles() {}

  /**
   * Fails unless {@code path} is a readable regular file.
   *
   * @param role what the file is for, e.g. {@code "table"} or {@code "model file"}
   * @throws InputFileException saying that it does not exist, is a folder, or cannot be read
   */
  public static void requireReadable(Path path, String role) {
    if (!Files.exists(path)) {
      Path folder = path.toAbsolutePath().getParent();
      throw problem(path, "the " + role + " " + path + " does not exist"
          + (folder != null && !Files.isDirectory(folder) ? " (nor does its folder " + folder + ")"
              : path.isAbsolute() ? "" : " (relative to the working directory " + Path.of("").toAbsolutePath() + ")"));
    }
    if (Files.isDirectory(path)) {
      throw problem(path, "the " + role + " " + path + " is a folder, not a file");
    }
    if (!Files.isReadable(path)) {
      throw problem(path, "the " + role + " " + path + " cannot be read (permission denied)");
    }
  }

  /**
   * Opens a readable file, decompressing it when it starts with gzip's magic bytes (whatever its name).
   *
   * @throws InputFileException as {@link #requireReadable}, or when the file is a zip archive (a dpcgan model
   *     file, say), which is not a table
   */
  public static InputStream open(Path path, String role) throws IOException {
    requireReadable(path, role);
    InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    try {
      in.mark(4);
      int b0 = in.read();
      int b1 = in.read();
      in.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        return new GZIPInputStream(in, 1 << 16);
      }
      if (b0 == 'P' && b1 == 'K') {
        throw problem(path, "the " + role + " " + path + " is a zip archive (a dpcgan model file?), not a CSV table;"
            + " dpcgan reads CSV, plain or gzip-compressed");
      }
      return in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Refuses, with a hint, a header that is one field holding a semicolon, a tab or a vertical bar: a file that
   * separates its fields with another character than the comma.
   *
   * @param source the file's name for the message
   * @param header the header line, or its one field
   */
  public static void requireCommaSeparated(String source, String header) {
    for (String[] sep : new String[][] {{";", "semicolons (;)"}, {"\t", "tabs"}, {"|", "vertical bars (|)"}}) {
      if (header.contains(sep[0])) {
        throw new InputFileException(source + ": line 1: the header is one field, '" + (header.length() > 60
            ? header.substring(0, 60) + "…" : header) + "': the file seems to separate its fields with " + sep[1]
            + "; dpcgan reads comma-separated values (RFC 4180): save it with commas", source, 1, null);
      }
    }
  }

  private static InputFileException problem(Path path, String message) {
    return new InputFileException(message, path.toString(), 0, null);
  }
}
