package org.dpcgan.eval.internal.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dpcgan.eval.TinyTables;
import org.dpcgan.eval.fidelity.CorrelationMethod;
import org.dpcgan.eval.fidelity.FidelityReport;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.junit.jupiter.api.Test;

/** The column shapes with missing cells, on a table small enough to score by hand. */
class FidelityEvaluatorTest {
  private static final double NAN = Double.NaN;

  @Test
  void missingCells_scaleTheirColumnsShapeByItsMissingValueSimilarity_andFewValuesWarn() {
    // x: real {1,2,3,4,·} (missing share 0.2), synthetic {1,2,·,·,·} (0.6): MissingValueSimilarity 1 − 0.4 = 0.6;
    //    KSComplement of {1,2,3,4} and {1,2}: ECDFs .25/.5, .5/1, .75/1, 1/1, D = 0.5, score 0.5.
    // c: real {a,b,a,b,a} (0), synthetic {a,b,a,b,·} (0.2): similarity 0.8; TVComplement of (.6,.4) and
    //    (.5,.5): 1 − ½(0.1 + 0.1) = 0.9.
    // Shapes score: each shape times its similarity, averaged: (0.5·0.6 + 0.9·0.8) / 2 = (0.3 + 0.72) / 2 = 0.51.
    var real = TinyTables.xc(new double[] {1, 2, 3, 4, NAN}, new String[] {"a", "b", "a", "b", "a"});
    var syn = TinyTables.xc(new double[] {1, 2, NAN, NAN, NAN}, new String[] {"a", "b", "a", "b", null});
    List<String> warnings = new ArrayList<>();
    FidelityReport f = new FidelityEvaluator(CorrelationMethod.PEARSON, 1)
        .evaluate(EncodedTables.encode(real, syn, null, Map.of()), warnings::add);
    assertThat(f.columnShapes().get("x").score()).isCloseTo(0.5, within(1e-12));
    assertThat(f.columnShapes().get("c").score()).isCloseTo(0.9, within(1e-12));
    assertThat(f.missingValues().get("x").metric()).isEqualTo("MissingValueSimilarity");
    assertThat(f.missingValues().get("x").score()).isCloseTo(0.6, within(1e-12));
    assertThat(f.missingValues().get("c").score()).isCloseTo(0.8, within(1e-12));
    assertThat(f.columnShapesScore()).isCloseTo(0.51, within(1e-12));
    assertThat(warnings).anySatisfy(w -> assertThat(w)
        .isEqualTo("column 'x': KSComplement compares only 2 non-missing synthetic values (of 5 rows;"
            + " MissingValueSimilarity 0.6000)"));
  }

  @Test
  void tablesWithoutMissingCells_scoreShapesAsSdMetricsDoes_withoutWarnings() {
    var real = TinyTables.xc(new double[] {1, 2, 3, 4}, new String[] {"a", "b", "a", "b"});
    var syn = TinyTables.xc(new double[] {1, 2, 5, 6}, new String[] {"a", "a", "a", "b"});
    List<String> warnings = new ArrayList<>();
    FidelityReport f = new FidelityEvaluator(CorrelationMethod.PEARSON, 1)
        .evaluate(EncodedTables.encode(real, syn, null, Map.of()), warnings::add);
    assertThat(f.missingValues()).isEmpty();
    // KSComplement 0.5 (D at x = 2 and x = 4), TVComplement 1 − ½(0.25 + 0.25) = 0.75: mean 0.625.
    assertThat(f.columnShapesScore()).isCloseTo(0.625, within(1e-12));
    assertThat(f.threeWayMarginals()).isEmpty();   // two columns make no triple
    assertThat(f.threeWayScore()).isNaN();
    assertThat(warnings).isEmpty();
  }

  @Test
  void columnTriples_areAllOfThem_upToTheCap_thenASeededSampleOfDistinctOnes() {
    FidelityEvaluator evaluator = new FidelityEvaluator(CorrelationMethod.PEARSON, 7);
    assertThat(evaluator.triples(4)).extracting(java.util.Arrays::toString)
        .containsExactly("[0, 1, 2]", "[0, 1, 3]", "[0, 2, 3]", "[1, 2, 3]");
    assertThat(evaluator.triples(11)).hasSize(165);   // C(11, 3) = 165 <= 200
    List<int[]> sample = evaluator.triples(12);      // C(12, 3) = 220 > 200
    assertThat(sample).hasSize(FidelityEvaluator.MAX_TRIPLES);
    assertThat(sample.stream().map(java.util.Arrays::toString).distinct()).hasSize(FidelityEvaluator.MAX_TRIPLES);
    assertThat(sample).isSortedAccordingTo(java.util.Arrays::compare)
        .allSatisfy(t -> assertThat(t[0]).isLessThan(t[1]).isGreaterThanOrEqualTo(0))
        .allSatisfy(t -> assertThat(t[1]).isLessThan(t[2]).isLessThan(12));
    assertThat(new FidelityEvaluator(CorrelationMethod.PEARSON, 7).triples(12)).usingRecursiveComparison()
        .isEqualTo(sample);
    // a wide table's 1.3 billion triples are sampled without being listed
    assertThat(evaluator.triples(2000)).hasSize(FidelityEvaluator.MAX_TRIPLES)
        .allSatisfy(t -> assertThat(t[2]).isLessThan(2000));
  }
}
