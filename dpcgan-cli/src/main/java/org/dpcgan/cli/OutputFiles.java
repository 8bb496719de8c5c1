package org.dpcgan.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dpcgan.core.data.AtomicFiles;

/**
 * The checks a command makes on its output files before any work: none of them is one of its inputs or another of
 * its outputs, none is a folder, and each can be written where it is to go. A failed check names the option.
 */
final class OutputFiles {
  private final List<Named> inputs = new ArrayList<>();
  private final List<Named> outputs = new ArrayList<>();

  private record Named(String option, Path path) {}

  /** Notes an input file ({@code option} names it in messages); null paths are skipped. */
  OutputFiles input(String option, Path path) {
    if (path != null) {
      inputs.add(new Named(option, path));
    }
    return this;
  }

  /**
   * Checks an output file against the inputs and outputs noted so far and its folder's writability; returns its
   * absolute path. Null paths are skipped (and return null).
   */
  Path output(String option, Path path) {
    if (path == null) {
      return null;
    }
    Path absolute = path.toAbsolutePath().normalize();
    for (Named in : inputs) {
      if (same(absolute, in.path())) {
        throw new IllegalArgumentException(option + " " + path + " is the input " + in.option() + ": writing it would"
            + " destroy the input; choose another output file");
      }
    }
    for (Named out : outputs) {
      if (same(absolute, out.path())) {
        throw new IllegalArgumentException(option + " " + path + " is also " + out.option() + "; each output needs a"
            + " file of its own");
      }
    }
    checkWritable(absolute, option, path);
    outputs.add(new Named(option, absolute));
    return absolute;
  }

  /** Checks every {@code option → path} of {@code files} as {@link #output}. */
  void outputs(Map<String, Path> files) {
    files.forEach(this::output);
  }

  private static boolean same(Path absolute, Path other) {
    Path b = other.toAbsolutePath().normalize();
    if (absolute.equals(b)) {
      return true;
    }
    try {
      return Files.exists(absolute) && Files.exists(b) && Files.isSameFile(absolute, b);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The target is not a folder, and can be created: its nearest existing folder is a folder in which a file can be
   * made now (tried), and an existing target is writable.
   */
  private static void checkWritable(Path absolute, String option, Path given) {
    if (Files.isDirectory(absolute)) {
      throw new IllegalArgumentException(option + " must name a file, not a folder. Provided: " + given);
    }
    Path dir = absolute.getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalArgumentException(option + " " + given + " cannot be written: none of its folders exists");
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(option + " " + given + " cannot be written: " + dir + " is a file, not a"
          + " folder");
    }
    if (Files.exists(absolute) && !Files.isWritable(absolute)) {
      throw new IllegalArgumentException(option + " " + given + " cannot be written: the file exists and is"
          + " read-only");
    }
    try {
      AtomicFiles.probe(dir, absolute.subpath(dir.getNameCount(), absolute.getNameCount()).getName(0).toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + given + " cannot be written: no file can be created in " + dir
          + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
  }

  /** Creates {@code dir} and its parents; called only once there is something to write into them. */
  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
