package org.dpcgan.eval.internal.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dpcgan.eval.analysis.AnalysisComparison;
import org.dpcgan.eval.analysis.Formula;
import org.dpcgan.eval.analysis.ModelFamily;
import org.dpcgan.eval.analysis.PmseReport;
import org.dpcgan.eval.analysis.TermComparison;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The analysis comparison and pMSE against independent values.
 *
 * <p>Source of every expected value: {@code src/test/scripts/analysis_reference.out}, produced by the committed
 * script {@code src/test/scripts/analysis_reference.py} with statsmodels 0.13.5 (OLS; Logit by Newton's method)
 * on the committed tables {@code src/test/resources/analysis/real.csv} and {@code synthetic.csv}; intervals,
 * overlaps and standardised differences computed there from statsmodels' estimates with scipy's normal quantile.
 */
class AnalysisReferenceTest {
  private static final Path REFERENCE = Path.of("src/test/scripts/analysis_reference.out");
  private static final Map<String, String> FORMULAS =
      Map.of(
          "linear", "hours-per-week ~ age + education-num + sex + race",
          "logistic", "income ~ age + education-num + sex");

  private static EncodedTables tables;
  private static List<String[]> lines;

  @BeforeAll
  static void read() throws IOException {
    tables = EncodedTables.encode(csv("real.csv"), csv("synthetic.csv"), null, Map.of());
    lines = new ArrayList<>();
    for (String line : Files.readAllLines(REFERENCE)) {
      if (!line.startsWith("#") && !line.isBlank()) {
        lines.add(line.trim().split(" "));
      }
    }
  }

  static Table csv(String name) throws IOException {
    return Table.read().csv(CsvReadOptions.builder(Path.of("src/test/resources/analysis", name).toFile())
        .missingValueIndicator("").build());
  }

  @Test
  void linearFit_matchesStatsmodelsOls_termByTerm() {
    checkModel("linear", ModelFamily.LINEAR);
  }

  @Test
  void logisticFit_matchesStatsmodelsLogit_termByTerm() {
    checkModel("logistic", ModelFamily.LOGISTIC);
  }

  @Test
  void pmse_matchesStatsmodelsPropensityModel() {
    String[] ref = lines.stream().filter(l -> l[0].equals("pmse")).findFirst().orElseThrow();
    PmseReport r = Pmse.evaluate(tables, 10_000, 1, w -> {});
    assertThat(r.parameters()).isEqualTo(Integer.parseInt(ref[4]));
    assertThat(r.realRows()).isEqualTo(Integer.parseInt(ref[5]));
    assertThat(r.syntheticRows()).isEqualTo(Integer.parseInt(ref[6]));
    assertThat(r.pmse()).isCloseTo(Double.parseDouble(ref[1]), within(1e-9 * Double.parseDouble(ref[1])));
    assertThat(r.expected()).isCloseTo(Double.parseDouble(ref[2]), within(1e-12 * Double.parseDouble(ref[2])));
    assertThat(r.standardised()).isCloseTo(Double.parseDouble(ref[3]), within(1e-8 * Double.parseDouble(ref[3])));
  }

  private static void checkModel(String family, ModelFamily expected) {
    List<String> warnings = new ArrayList<>();
    AnalysisComparison c =
        AnalysisEvaluator.compare(Formula.parse(FORMULAS.get(family)), tables, warnings::add);
    assertThat(warnings).isEmpty();
    assertThat(c.family()).isEqualTo(expected);
    List<String[]> ref = lines.stream().filter(l -> l[0].equals("term") && l[1].equals(family)).toList();
    assertThat(c.terms()).extracting(TermComparison::term).containsExactlyElementsOf(ref.stream().map(l -> l[2]).toList());
    for (int j = 0; j < ref.size(); j++) {
      String[] l = ref.get(j);
      TermComparison t = c.terms().get(j);
      // Estimates and standard errors to 1e-7 relative: QR (or Fisher scoring) against statsmodels' own solvers.
      close(t.real().estimate(), l[3], 1e-7, t.term());
      close(t.real().standardError(), l[4], 1e-7, t.term());
      close(t.synthetic().estimate(), l[5], 1e-7, t.term());
      close(t.synthetic().standardError(), l[6], 1e-7, t.term());
      close(t.ciOverlap(), l[7], 1e-6, t.term());
      close(t.stdDifference(), l[8], 1e-6, t.term());
      assertThat(t.signAgrees()).as(t.term()).isEqualTo(Boolean.parseBoolean(l[9]));
      assertThat(t.significanceAgrees()).as(t.term()).isEqualTo(Boolean.parseBoolean(l[10]));
    }
  }

  private static void close(double actual, String expected, double relative, String what) {
    double e = Double.parseDouble(expected);
    assertThat(actual).as(what).isCloseTo(e, within(relative * Math.max(Math.abs(e), 1e-3)));
  }
}
