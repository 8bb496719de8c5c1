package org.dpcgan.eval.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * A model named by a formula, {@code "outcome ~ predictor + predictor"}, as in R: main effects only, an
 * intercept always. Names are trimmed; a name may hold any character but {@code ~ + `}, so {@code
 * education-num} needs no quoting; a name in backquotes ({@code `odd ~ name`}) may hold anything but a
 * backquote.
 *
 * @param text the formula as given
 * @param outcome the outcome column
 * @param predictors the predictor columns, in order, distinct, not the outcome
 */
public record Formula(String text, String outcome, List<String> predictors) {
  public Formula {
    java.util.Objects.requireNonNull(text, "text");
    java.util.Objects.requireNonNull(outcome, "outcome");
    predictors = List.copyOf(predictors);
    if (predictors.isEmpty() || predictors.contains(outcome) || predictors.stream().distinct().count() != predictors.size()) {
      throw new IllegalArgumentException(
          "a formula needs at least one predictor, distinct and other than the outcome. Provided value: " + outcome
              + " ~ " + predictors);
    }
  }

  /**
   * Parses a formula.
   *
   * @throws IllegalArgumentException saying what was expected and at which character (counted from 1)
   */
  public static Formula parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "an analysis formula must not be empty; write it as \"outcome ~ predictor + predictor\". Provided value: "
              + (text == null ? "null" : "'" + text + "'"));
    }
    Scanner s = new Scanner(text);
    String outcome = s.name();
    if (s.atEnd()) {
      throw s.error("expected '~' after the outcome '" + outcome + "' (write \"outcome ~ predictor + predictor\")");
    }
    if (s.peek() != '~') {
      throw s.error("expected '~' after the outcome, found '" + s.peek() + "'");
    }
    s.advance();
    List<String> predictors = new ArrayList<>();
    while (true) {
      int start = s.position();
      String name = s.name();
      if (name.equals(outcome)) {
        throw s.error("the outcome '" + outcome + "' cannot also be a predictor", start);
      }
      if (predictors.contains(name)) {
        throw s.error("predictor '" + name + "' appears twice", start);
      }
      predictors.add(name);
      if (s.atEnd()) {
        break;
      }
      if (s.peek() == '~') {
        throw s.error("unexpected second '~'");
      }
      s.advance(); // a '+', the only other character that ends a name
    }
    return new Formula(text, outcome, predictors);
  }

  @Override
  public String toString() {
    return text;
  }

  /** Reads names separated by '+' (or '~'), with 1-based character positions for the messages. */
  private static final class Scanner {
    private final String text;
    private int pos;

    Scanner(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return pos >= text.length();
    }

    char peek() {
      return text.charAt(pos);
    }

    void advance() {
      pos++;
    }

    int position() {
      return pos;
    }

    /** A bare name (up to the next '~', '+' or the end, trimmed) or a backquoted one. */
    String name() {
      skipSpace();
      if (atEnd() || peek() == '+' || peek() == '~') {
        throw error("expected a column name" + (atEnd() ? " at the end" : ", found '" + peek() + "'"));
      }
      if (peek() == '`') {
        int open = pos;
        int close = text.indexOf('`', pos + 1);
        if (close < 0) {
          throw error("unterminated backquote", open);
        }
        String name = text.substring(open + 1, close);
        if (name.isEmpty()) {
          throw error("empty backquoted name", open);
        }
        pos = close + 1;
        skipSpace();
        if (!atEnd() && peek() != '+' && peek() != '~') {
          throw error("expected '+' or the end after `" + name + "`, found '" + peek() + "'");
        }
        return name;
      }
      int start = pos;
      while (!atEnd() && peek() != '+' && peek() != '~') {
        if (peek() == '`') {
          throw error("a backquote may only open a name");
        }
        pos++;
      }
      return text.substring(start, pos).trim();
    }

    private void skipSpace() {
      while (!atEnd() && Character.isWhitespace(peek())) {
        pos++;
      }
    }

    IllegalArgumentException error(String what) {
      return error(what, pos);
    }

    IllegalArgumentException error(String what, int at) {
      String where = at >= text.length() ? "" : " at character " + (at + 1);
      return new IllegalArgumentException("analysis '" + text + "': " + what + where);
    }
  }
}
