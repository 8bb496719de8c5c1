package org.dpcgan.eval.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormulaTest {
  @Test
  void parse_namesWithHyphens_needNoQuotes() {
    Formula f = Formula.parse("income ~ age + education-num + sex");
    assertThat(f.outcome()).isEqualTo("income");
    assertThat(f.predictors()).containsExactly("age", "education-num", "sex");
  }

  @Test
  void parse_spacingIsFree_andBackquotesHoldAnything() {
    Formula f = Formula.parse("  y~a+`odd + name`  +  `x~y`+hours-per-week ");
    assertThat(f.outcome()).isEqualTo("y");
    assertThat(f.predictors()).isEqualTo(List.of("a", "odd + name", "x~y", "hours-per-week"));
  }

  @Test
  void parse_missingTilde_saysWhatIsExpected() {
    assertThatThrownBy(() -> Formula.parse("income age"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("analysis 'income age': expected '~' after the outcome 'income age' (write \"outcome ~ predictor"
            + " + predictor\")");
  }

  @Test
  void parse_emptyTerm_saysWhere() {
    assertThatThrownBy(() -> Formula.parse("y ~ a + + b"))
        .hasMessage("analysis 'y ~ a + + b': expected a column name, found '+' at character 9");
    assertThatThrownBy(() -> Formula.parse("y ~ a +"))
        .hasMessage("analysis 'y ~ a +': expected a column name at the end");
  }

  @Test
  void parse_secondTilde_unterminatedBackquote_trailingText_areRejected() {
    assertThatThrownBy(() -> Formula.parse("y ~ a ~ b")).hasMessage("analysis 'y ~ a ~ b': unexpected second '~' at character 7");
    assertThatThrownBy(() -> Formula.parse("y ~ `a")).hasMessage("analysis 'y ~ `a': unterminated backquote at character 5");
    assertThatThrownBy(() -> Formula.parse("y ~ `a` b"))
        .hasMessage("analysis 'y ~ `a` b': expected '+' or the end after `a`, found 'b' at character 9");
  }

  @Test
  void parse_duplicatePredictor_andOutcomeAsPredictor_areRejected() {
    assertThatThrownBy(() -> Formula.parse("y ~ a + a")).hasMessageContaining("predictor 'a' appears twice");
    assertThatThrownBy(() -> Formula.parse("y ~ a + y")).hasMessageContaining("the outcome 'y' cannot also be a predictor");
  }

  @Test
  void parse_blank_isRejected() {
    assertThatThrownBy(() -> Formula.parse(" ")).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> Formula.parse(null)).hasMessageContaining("Provided value: null");
  }
}
