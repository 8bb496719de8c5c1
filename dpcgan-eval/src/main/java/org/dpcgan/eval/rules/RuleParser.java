package org.dpcgan.eval.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads rule text, one rule a line, by recursive descent over the tokens of each line (grammar in
 * docs/evaluation.md and {@link Rules}). Errors name the line and 1-based column and say what was expected.
 */
final class RuleParser {
  /** Characters that end a bare word; '(' and ')' are reserved. */
  private static final String SPECIAL = "=!<>{},\"`#()";

  private final String file;
  private final int lineNumber;
  private final String line;
  private final List<Token> tokens = new ArrayList<>();
  private int next;
  /** The line without its comment, trimmed: the rule's text. */
  private String text;

  private RuleParser(String file, int lineNumber, String line) {
    this.file = file;
    this.lineNumber = lineNumber;
    this.line = line;
  }

  /** Parses every rule of {@code text}; {@code file} only labels the messages (may be {@code null}). */
  static List<Rule> parse(String text, String file) {
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      RuleParser p = new RuleParser(file, i + 1, lines[i]);
      p.lex();
      if (p.tokens.size() > 1) { // more than END: not blank, not only a comment
        rules.add(p.rule());
      }
    }
    return rules;
  }

  private enum Kind {
    WORD,
    QUOTED,
    BACKQUOTED,
    OP,
    ARROW,
    OPEN,
    CLOSE,
    COMMA,
    END
  }

  private record Token(Kind kind, String text, int column) {
    String display() {
      return switch (kind) {
        case END -> "the end of the line";
        case QUOTED -> "\"" + text + "\"";
        case BACKQUOTED -> "`" + text + "`";
        default -> "'" + text + "'";
      };
    }

    boolean isWord(String keyword) {
      return kind == Kind.WORD && text.toLowerCase(Locale.ROOT).equals(keyword);
    }
  }

  private void lex() {
    int i = 0;
    int n = line.length();
    int end = n;
    while (i < n) {
      char ch = line.charAt(i);
      int col = i + 1;
      if (Character.isWhitespace(ch)) {
        i++;
      } else if (ch == '#') {
        end = i;
        break;
      } else if (ch == '"') {
        StringBuilder value = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw error("unterminated quoted value (a closing \" is missing)", col);
          }
          char c = line.charAt(j);
          if (c == '\\' && j + 1 < n && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) {
            value.append(line.charAt(j + 1));
            j += 2;
          } else if (c == '"') {
            break;
          } else {
            value.append(c);
            j++;
          }
        }
        tokens.add(new Token(Kind.QUOTED, value.toString(), col));
        i = j + 1;
      } else if (ch == '`') {
        int close = line.indexOf('`', i + 1);
        if (close < 0) {
          throw error("unterminated backquoted column name (a closing ` is missing)", col);
        }
        if (close == i + 1) {
          throw error("empty backquoted column name", col);
        }
        tokens.add(new Token(Kind.BACKQUOTED, line.substring(i + 1, close), col));
        i = close + 1;
      } else if (ch == '=' && i + 1 < n && line.charAt(i + 1) == '>') {
        tokens.add(new Token(Kind.ARROW, "=>", col));
        i += 2;
      } else if (ch == '=' || ch == '<' || ch == '>' || ch == '!') {
        boolean twoChars = i + 1 < n && line.charAt(i + 1) == '=';
        if (ch == '!' && !twoChars) {
          throw error("expected '!=', found '!' alone", col);
        }
        String op = twoChars ? line.substring(i, i + 2) : String.valueOf(ch);
        tokens.add(new Token(Kind.OP, op.equals("==") ? "=" : op, col));
        i += twoChars ? 2 : 1;
      } else if (ch == '{' || ch == '}' || ch == ',') {
        tokens.add(new Token(ch == '{' ? Kind.OPEN : ch == '}' ? Kind.CLOSE : Kind.COMMA, String.valueOf(ch), col));
        i++;
      } else if (ch == '(' || ch == ')') {
        throw error("unexpected '" + ch + "': parentheses are not part of the rule language (quote a value that"
            + " contains them)", col);
      } else {
        int j = i;
        while (j < n && !Character.isWhitespace(line.charAt(j)) && SPECIAL.indexOf(line.charAt(j)) < 0) {
          j++;
        }
        tokens.add(new Token(Kind.WORD, line.substring(i, j), col));
        i = j;
      }
    }
    tokens.add(new Token(Kind.END, "", end + 1));
    this.text = line.substring(0, end).strip();
  }

  private Rule rule() {
    List<Clause> first = conjunction("the start of the rule");
    Token t = peek();
    if (t.kind == Kind.ARROW) {
      next++;
      List<Clause> then = conjunction("'=>'");
      expectEnd();
      return new Rule(lineNumber, text, first, then);
    }
    expectEnd();
    return new Rule(lineNumber, text, List.of(), first);
  }

  private void expectEnd() {
    Token t = peek();
    if (t.kind != Kind.END) {
      throw error("expected 'and', '=>' or the end of the line, found " + t.display(), t.column);
    }
  }

  private List<Clause> conjunction(String after) {
    List<Clause> clauses = new ArrayList<>();
    clauses.add(clause(after));
    while (peek().isWord("and")) {
      next++;
      clauses.add(clause("'and'"));
    }
    return clauses;
  }

  private Clause clause(String after) {
    Token t = take();
    if (t.kind != Kind.WORD && t.kind != Kind.BACKQUOTED) {
      throw error("expected a column name after " + after + ", found " + t.display()
          + (t.kind == Kind.QUOTED ? " (quotes mark a value; write a column first, in backquotes if need be)" : ""),
          t.column);
    }
    Operand left = operand(t);
    Token op = take();
    if (op.kind == Kind.OP) {
      Token r = take();
      if (r.kind != Kind.WORD && r.kind != Kind.BACKQUOTED && r.kind != Kind.QUOTED) {
        throw error("expected a value or a column after '" + op.text + "', found " + r.display(), r.column);
      }
      return new Clause(left, symbol(op.text), operand(r), List.of());
    }
    if (op.isWord("in")) {
      return new Clause(left, Op.IN, null, set());
    }
    if (op.isWord("not") && peek().isWord("in")) {
      next++;
      return new Clause(left, Op.NOT_IN, null, set());
    }
    throw error("expected a comparison (=, !=, <, <=, >, >=, in, not in) after " + left.display() + ", found "
        + op.display(), op.column);
  }

  private List<Operand> set() {
    Token open = take();
    if (open.kind != Kind.OPEN) {
      throw error("expected '{' to open the set of values, found " + open.display(), open.column);
    }
    List<Operand> values = new ArrayList<>();
    while (true) {
      Token v = take();
      if (v.kind != Kind.WORD && v.kind != Kind.QUOTED) {
        throw error("expected a value in the set, found " + v.display()
            + (v.kind == Kind.BACKQUOTED ? " (a set holds values, not columns)" : ""), v.column);
      }
      values.add(operand(v));
      Token sep = take();
      if (sep.kind == Kind.CLOSE) {
        return values;
      }
      if (sep.kind != Kind.COMMA) {
        throw error("expected ',' or '}' in the set of values, found " + sep.display(), sep.column);
      }
    }
  }

  private static Op symbol(String op) {
    return switch (op) {
      case "=" -> Op.EQ;
      case "!=" -> Op.NE;
      case "<" -> Op.LT;
      case "<=" -> Op.LE;
      case ">" -> Op.GT;
      case ">=" -> Op.GE;
      default -> throw new IllegalStateException("unknown operator " + op);
    };
  }

  private static Operand operand(Token t) {
    Operand.Form form = switch (t.kind) {
      case QUOTED -> Operand.Form.QUOTED;
      case BACKQUOTED -> Operand.Form.BACKQUOTED;
      default -> Operand.Form.BARE;
    };
    return new Operand(form, t.text, t.column);
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind != Kind.END) {
      next++;
    }
    return t;
  }

  private RuleException error(String what, int column) {
    return new RuleException(what, file, lineNumber, column);
  }
}
