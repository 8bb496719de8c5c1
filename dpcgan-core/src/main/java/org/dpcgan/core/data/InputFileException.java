package org.dpcgan.core.data;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Bad content in an input file (a table or a sidecar): the message says what is wrong and what is allowed, and
 * the fields say where, so that a caller can point at it ({@code dpcgan … --json} prints them).
 */
public final class InputFileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String column;

  /**
   * @param message the whole message, naming the file and the place
   * @param file the file's name as the message gives it
   * @param line the 1-based physical line, or 0 when the problem has no line
   * @param column the table column's name, or null when the problem is not in one column
   */
  public InputFileException(String message, String file, int line, String column) {
    super(message);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  /** The file's name. */
  public String file() {
    return file;
  }

  /** The 1-based physical line of the problem, when it has one. */
  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }

  /** The name of the table column at fault, when one is. */
  public Optional<String> column() {
    return Optional.ofNullable(column);
  }
}
