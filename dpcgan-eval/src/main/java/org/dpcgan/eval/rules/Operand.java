package org.dpcgan.eval.rules;

/**
 * One side of a comparison as written: a bare word (a column if one has that name, else a value), a
 * {@code "quoted value"} or a {@code `backquoted column`}.
 *
 * @param form how it was written
 * @param text the word, or the text between the quotes (escapes resolved)
 * @param column 1-based character column where it starts
 */
record Operand(Form form, String text, int column) {
  enum Form {
    BARE,
    QUOTED,
    BACKQUOTED
  }

  /** As written in a rule, for messages. */
  String display() {
    return switch (form) {
      case BARE -> text;
      case QUOTED -> "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      case BACKQUOTED -> "`" + text + "`";
    };
  }
}
