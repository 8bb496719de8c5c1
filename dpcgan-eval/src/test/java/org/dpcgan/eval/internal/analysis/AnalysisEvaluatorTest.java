package org.dpcgan.eval.internal.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dpcgan.eval.TestData;
import org.dpcgan.eval.analysis.AnalysisComparison;
import org.dpcgan.eval.analysis.Formula;
import org.dpcgan.eval.analysis.ModelFamily;
import org.dpcgan.eval.analysis.TermComparison;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class AnalysisEvaluatorTest {
  private final List<String> warnings = new ArrayList<>();

  private AnalysisComparison compare(String formula, Table real, Table synthetic) {
    return AnalysisEvaluator.compare(
        Formula.parse(formula), EncodedTables.encode(real, synthetic, null, Map.of()), warnings::add);
  }

  @Test
  void realAgainstItself_overlapIsOne_differenceIsZero_everythingAgrees() {
    Table adult = TestData.adult().inRange(0, 4000);
    for (String formula :
        List.of("income ~ age + education-num + sex + race", "hours-per-week ~ age + sex + marital-status")) {
      AnalysisComparison c = compare(formula, adult, adult);
      assertThat(c.terms()).as(formula).hasSizeGreaterThan(3);
      for (TermComparison t : c.terms()) {
        assertThat(t.ciOverlap()).as(t.term()).isCloseTo(1.0, within(1e-12));
        assertThat(t.stdDifference()).as(t.term()).isCloseTo(0.0, within(1e-12));
        assertThat(t.signAgrees()).isTrue();
        assertThat(t.significanceAgrees()).isTrue();
      }
      assertThat(c.meanCiOverlap()).isCloseTo(1.0, within(1e-12));
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void adultIncome_isLogistic_withEventAndReferenceLevelsStated() {
    Table adult = TestData.adult().inRange(0, 4000);
    AnalysisComparison c = compare("income ~ age + sex + race", adult, TestData.adult().inRange(4000, 8000));
    assertThat(c.family()).isEqualTo(ModelFamily.LOGISTIC);
    assertThat(c.event()).isEqualTo(">50K"); // the second of "<=50K", ">50K" in sorted order
    assertThat(c.referenceLevels()).containsEntry("sex", "Male").containsEntry("race", "White");
    assertThat(c.terms()).extracting(TermComparison::term)
        .startsWith("(Intercept)", "age", "sex=Female")
        .contains("race=Black");
  }

  @Test
  void missingValues_dropTheirRows_andAreCounted() {
    Table real = table(200, 1);
    Table syn = table(150, 2);
    ((DoubleColumn) real.column("x")).setMissing(3);
    ((DoubleColumn) real.column("y")).setMissing(4);
    ((StringColumn) syn.column("g")).setMissing(7);
    AnalysisComparison c = compare("y ~ x + g", real, syn);
    assertThat(c.realDropped()).isEqualTo(2);
    assertThat(c.realRows()).isEqualTo(198);
    assertThat(c.syntheticDropped()).isEqualTo(1);
    assertThat(c.syntheticRows()).isEqualTo(149);
    assertThat(c.family()).isEqualTo(ModelFamily.LINEAR);
  }

  @Test
  void numericZeroOneOutcome_isLogistic_withEventOne() {
    Table real = table(300, 3);
    Table syn = table(300, 4);
    AnalysisComparison c = compare("b ~ x + g", real, syn);
    assertThat(c.family()).isEqualTo(ModelFamily.LOGISTIC);
    assertThat(c.event()).isEqualTo("1");
  }

  @Test
  void unknownColumn_namesItAndTheColumns() {
    Table t = table(50, 5);
    assertThatThrownBy(() -> compare("y ~ xx + g", t, t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("analysis 'y ~ xx + g': unknown column 'xx'; columns are: x, y, b, g, c");
  }

  @Test
  void constantPredictorInRealRows_isAnError() {
    Table t = table(50, 6);
    t.replaceColumn("x", DoubleColumn.create("x", new double[50]).fillWith(3.0));
    assertThatThrownBy(() -> compare("y ~ x + g", t, t))
        .hasMessage("analysis 'y ~ x + g': predictor 'x' is constant in the real rows (every value is 3.0), so its"
            + " coefficient cannot be estimated; drop it from the formula");
  }

  @Test
  void nonBinaryCategoricalOutcome_isAnError() {
    Table t = table(80, 7);
    assertThatThrownBy(() -> compare("g ~ x", t, t))
        .hasMessage("analysis 'g ~ x': the outcome 'g' is categorical with 3 levels in the real rows (a, b, c); a"
            + " logistic fit needs exactly 2, a linear fit a numeric outcome");
  }

  @Test
  void collinearDummies_areASingularDesign() {
    Table t = table(80, 8);
    t.addColumns(t.stringColumn("g").copy().setName("g2"));
    assertThatThrownBy(() -> compare("y ~ g + g2", t, t))
        .hasMessageStartingWith("analysis 'y ~ g + g2': singular design: term 'g2=b' is a linear combination of the"
            + " intercept and the terms before it in the real rows");
  }

  @Test
  void predictorConstantInSyntheticRows_isNotEstimableThere_othersAreCompared() {
    Table real = table(200, 9);
    Table syn = table(200, 10);
    syn.replaceColumn("x", DoubleColumn.create("x", new double[200]).fillWith(1.5));
    // level "c" of g never appears in the synthetic rows: its dummy is all zeros there.
    syn.replaceColumn("g", StringColumn.create("g", syn.stringColumn("g").asList().stream()
        .map(v -> v.equals("c") ? "a" : v).toList()));
    AnalysisComparison c = compare("y ~ x + g", real, syn);
    TermComparison x = term(c, "x");
    assertThat(x.estimable()).isFalse();
    assertThat(x.note()).isEqualTo("constant in the synthetic rows");
    assertThat(x.ciOverlap()).isNaN();
    assertThat(x.signAgrees()).isFalse();
    assertThat(term(c, "g=c").note()).isEqualTo("constant in the synthetic rows (the level does not occur there)");
    assertThat(term(c, "g=b").estimable()).isTrue();
    assertThat(term(c, "(Intercept)").estimable()).isTrue();
  }

  @Test
  void syntheticOutcomeLevelUnknownToTheRealRows_dropsThoseRowsWithAWarning() {
    Table real = table(200, 11);
    Table syn = table(200, 12);
    String[] c0 = syn.stringColumn("c").asObjectArray();
    for (int i = 0; i < 10; i++) {
      c0[i] = "maybe";
    }
    syn.replaceColumn("c", StringColumn.create("c", c0));
    AnalysisComparison c = compare("c ~ x", real, syn);
    assertThat(c.syntheticDropped()).isEqualTo(10);
    assertThat(warnings).anyMatch(w -> w.contains("synthetic rows left out"));
  }

  @Test
  void syntheticOutcomeWithOneValue_makesEveryTermNotEstimable() {
    Table real = table(200, 13);
    Table syn = table(100, 14);
    String[] no = new String[100];
    java.util.Arrays.fill(no, "no");
    syn.replaceColumn("c", StringColumn.create("c", no));
    AnalysisComparison c = compare("c ~ x", real, syn);
    assertThat(c.terms()).allMatch(t -> !t.estimable());
    assertThat(c.terms().get(0).note()).isEqualTo("the outcome takes a single value in the synthetic rows");
  }

  @Test
  void perfectSeparationInSyntheticRows_warns_andStillReports() {
    Table real = table(200, 15);
    Table syn = table(200, 16);
    // In the synthetic rows c is "yes" exactly when x > 0: x separates the outcome perfectly.
    double[] x = syn.doubleColumn("x").asDoubleArray();
    String[] c = new String[x.length];
    for (int i = 0; i < x.length; i++) {
      c[i] = x[i] > 0 ? "yes" : "no";
    }
    syn.replaceColumn("c", StringColumn.create("c", c));
    AnalysisComparison result = compare("c ~ x + g", real, syn);
    assertThat(warnings).anyMatch(w -> w.startsWith("analysis 'c ~ x + g': the logistic fit on the synthetic rows"));
    TermComparison slope = term(result, "x");
    assertThat(slope.estimable()).isTrue();
    // The synthetic slope runs off towards +∞: far from the real one, with a huge or infinite standard error.
    assertThat(slope.synthetic().estimate()).isGreaterThan(5 * slope.real().estimate());
    assertThat(slope.real().significant()).isTrue();
  }

  private static TermComparison term(AnalysisComparison c, String name) {
    return c.terms().stream().filter(t -> t.term().equals(name)).findFirst().orElseThrow();
  }

  /**
   * x ~ N(0,1); g ∈ {a (50%), b (30%), c (20%)}; y = 1 + 2x + [g=b] + noise; b = 1{x + noise > 0} (numeric 0/1);
   * c = yes/no with the same rule (categorical, 2 levels).
   */
  static Table table(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[n];
    double[] y = new double[n];
    double[] b = new double[n];
    String[] g = new String[n];
    String[] c = new String[n];
    for (int i = 0; i < n; i++) {
      x[i] = gaussian(rng);
      double u = rng.nextDouble();
      g[i] = u < 0.5 ? "a" : u < 0.8 ? "b" : "c";
      y[i] = 1 + 2 * x[i] + (g[i].equals("b") ? 1 : 0) + gaussian(rng);
      b[i] = x[i] + gaussian(rng) > 0 ? 1 : 0;
      c[i] = x[i] + gaussian(rng) > 0 ? "yes" : "no";
    }
    return Table.create(
        "t",
        DoubleColumn.create("x", x),
        DoubleColumn.create("y", y),
        DoubleColumn.create("b", b),
        StringColumn.create("g", g),
        StringColumn.create("c", c));
  }

  private static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
