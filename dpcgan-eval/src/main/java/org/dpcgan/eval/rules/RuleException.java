package org.dpcgan.eval.rules;

/**
 * A rule that cannot be parsed, that does not fit the table's columns, or a rule set that cannot hold. The
 * message says where (file, line, column) and what was expected; the parts are also available separately, e.g.
 * for a JSON error object.
 */
public class RuleException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;

  /**
   * @param what what is wrong, without the location
   * @param file the rules file, or {@code null} for rules given as text
   * @param line 1-based line, or 0 when the problem is not on one line
   * @param column 1-based character column on that line, or 0 when not applicable
   */
  public RuleException(String what, String file, int line, int column) {
    super(location(file, line, column) + what);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  private static String location(String file, int line, int column) {
    StringBuilder s = new StringBuilder();
    if (file != null) {
      s.append(file);
    }
    if (line > 0) {
      s.append(file != null ? " " : "").append("line ").append(line);
      if (column > 0) {
        s.append(", column ").append(column);
      }
    }
    return s.length() == 0 ? "" : s.append(": ").toString();
  }

  /** The rules file, or {@code null} when the rules were given as text. */
  public String file() {
    return file;
  }

  /** 1-based line of the problem, or 0. */
  public int line() {
    return line;
  }

  /** 1-based character column of the problem, or 0. */
  public int column() {
    return column;
  }
}
