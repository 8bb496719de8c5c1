package org.dpcgan.eval.internal.fidelity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.dpcgan.eval.EvalColumnKind;
import org.dpcgan.eval.fidelity.CorrelationMethod;
import org.dpcgan.eval.fidelity.FidelityReport;
import org.dpcgan.eval.fidelity.MetricScore;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;

/**
 * Computes the SDMetrics-style quality report (DataCebo SDMetrics, "Quality Report": column shapes and column
 * pair trends) on encoded tables. Numeric–numeric pairs use CorrelationSimilarity; every other pair uses
 * ContingencySimilarity with numeric columns in {@link FidelityMetrics#CONTINGENCY_BINS} equal-width bins
 * over the real range. Beside the quality score (which stays SDMetrics'), column triples are scored by the
 * similarity of their three-way marginals, coded as for ContingencySimilarity: where a generator may keep
 * relations that pair tables miss.
 */
public final class FidelityEvaluator {
  /** Below this many non-missing values, where missing cells left so few, a column's shape comes with a warning. */
  static final int FEW_VALUES = 30;

  /** The most column triples scored; a table with more gets a random sample of this many. */
  static final int MAX_TRIPLES = 200;

  private final CorrelationMethod method;
  private final long seed;

  /** An evaluator using the given correlation coefficient; {@code seed} draws the sample of column triples. */
  public FidelityEvaluator(CorrelationMethod method, long seed) {
    this.method = java.util.Objects.requireNonNull(method, "method");
    this.seed = seed;
  }

  /** Scores {@code tables.synthetic()} against {@code tables.real()}; undefined scores add a warning. */
  public FidelityReport evaluate(EncodedTables tables, Consumer<String> warnings) {
    EncodedTable real = tables.real();
    EncodedTable syn = tables.synthetic();
    int m = tables.columnCount();
    List<String> names = tables.names();
    int[] realMissing = new int[m];
    int[] synMissing = new int[m];
    for (int j = 0; j < m; j++) {
      realMissing[j] = missingCells(real, j);
      synMissing[j] = missingCells(syn, j);
    }
    Map<String, MetricScore> shapes = new LinkedHashMap<>();
    for (int j = 0; j < m; j++) {
      boolean numeric = tables.kind(j) == EvalColumnKind.NUMERIC;
      String metric = numeric ? "KSComplement" : "TVComplement";
      if (synMissing[j] == syn.rows()) {
        // Nothing of the real column's values is there: the worst shape, not an undefined one.
        warnings.accept("column '" + names.get(j) + "': every synthetic cell is missing; its " + metric + " is 0");
        shapes.put(names.get(j), new MetricScore(metric, 0.0));
      } else if (numeric) {
        shapes.put(names.get(j), new MetricScore(metric, FidelityMetrics.ksComplement(real.values(j), syn.values(j))));
      } else {
        shapes.put(names.get(j), new MetricScore(metric,
            FidelityMetrics.tvComplement(real.codes(j), syn.codes(j), tables.levels(j).size())));
      }
    }
    Map<String, MetricScore> missing = new LinkedHashMap<>();
    for (int j = 0; j < m; j++) {
      if (realMissing[j] + synMissing[j] == 0) {
        continue;
      }
      String name = names.get(j);
      MetricScore similarity = new MetricScore("MissingValueSimilarity",
          FidelityMetrics.missingValueSimilarity(realMissing[j], real.rows(), synMissing[j], syn.rows()));
      missing.put(name, similarity);
      int realPresent = real.rows() - realMissing[j];
      int synPresent = syn.rows() - synMissing[j];
      boolean synthetic = synPresent <= realPresent;
      int present = Math.min(synPresent, realPresent);
      if (present > 0 && present < FEW_VALUES) {   // none at all was said above
        warnings.accept(String.format(Locale.ROOT, "column '%s': %s compares only %d non-missing %s values (of %d"
            + " rows; MissingValueSimilarity %.4f)", name, shapes.get(name).metric(), present,
            synthetic ? "synthetic" : "real", synthetic ? syn.rows() : real.rows(), similarity.score()));
      }
    }
    int[][] realCodes = new int[m][];
    int[][] synCodes = new int[m][];
    int[] levels = new int[m];
    for (int j = 0; j < m; j++) {
      if (tables.kind(j) == EvalColumnKind.NUMERIC) {
        int bins = FidelityMetrics.CONTINGENCY_BINS;
        realCodes[j] = FidelityMetrics.bin(real.values(j), tables.min(j), tables.max(j), bins);
        synCodes[j] = FidelityMetrics.bin(syn.values(j), tables.min(j), tables.max(j), bins);
        levels[j] = bins;
      } else {
        realCodes[j] = real.codes(j);
        synCodes[j] = syn.codes(j);
        levels[j] = tables.levels(j).size();
      }
    }
    Map<String, MetricScore> pairs = new LinkedHashMap<>();
    for (int a = 0; a < m; a++) {
      for (int b = a + 1; b < m; b++) {
        String key = names.get(a) + "|" + names.get(b);
        MetricScore score;
        if (tables.kind(a) == EvalColumnKind.NUMERIC && tables.kind(b) == EvalColumnKind.NUMERIC) {
          score =
              new MetricScore(
                  "CorrelationSimilarity",
                  FidelityMetrics.correlationSimilarity(
                      real.values(a), real.values(b), syn.values(a), syn.values(b), method));
        } else {
          score =
              new MetricScore(
                  "ContingencySimilarity",
                  FidelityMetrics.contingencySimilarity(
                      realCodes[a], realCodes[b], synCodes[a], synCodes[b], levels[a], levels[b]));
        }
        if (Double.isNaN(score.score())) {
          warnings.accept(
              score.metric()
                  + " of '"
                  + key
                  + "' is undefined (a constant column or no rows where both are present); left out of the"
                  + " pair trends score");
        }
        pairs.put(key, score);
      }
    }
    Map<String, MetricScore> triples = new LinkedHashMap<>();
    int undefined = 0;
    for (int[] t : triples(m)) {
      double score = FidelityMetrics.jointSimilarity(
          new int[][] {realCodes[t[0]], realCodes[t[1]], realCodes[t[2]]},
          new int[][] {synCodes[t[0]], synCodes[t[1]], synCodes[t[2]]},
          new int[] {levels[t[0]], levels[t[1]], levels[t[2]]});
      undefined += Double.isNaN(score) ? 1 : 0;
      triples.put(names.get(t[0]) + "|" + names.get(t[1]) + "|" + names.get(t[2]),
          new MetricScore("ThreeWaySimilarity", score));
    }
    if (undefined > 0) {
      warnings.accept("ThreeWaySimilarity is undefined for " + undefined + " of " + triples.size() + " column triples"
          + " (no rows where all three are present); left out of the three-way score");
    }
    double shapesScore = shapesScore(shapes, missing);
    double pairsScore = mean(pairs);
    double quality = Double.isNaN(pairsScore) ? shapesScore : (shapesScore + pairsScore) / 2.0;
    return new FidelityReport(
        shapes, missing, pairs, shapesScore, pairsScore, quality, method, correlations(tables), triples, mean(triples));
  }

  /**
   * The column triples scored, in lexicographic order: every one of the {@code m} columns' triples, or a uniform
   * random sample of {@value #MAX_TRIPLES} distinct ones (drawn with the evaluator's seed) when there are more;
   * the sample is drawn without listing every triple, which a wide table has millions of.
   */
  List<int[]> triples(int m) {
    long count = (long) m * (m - 1) * (m - 2) / 6;
    List<int[]> out = new java.util.ArrayList<>();
    if (count <= MAX_TRIPLES) {
      for (int a = 0; a < m; a++) {
        for (int b = a + 1; b < m; b++) {
          for (int c = b + 1; c < m; c++) {
            out.add(new int[] {a, b, c});
          }
        }
      }
      return out;
    }
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    java.util.Set<java.util.List<Integer>> drawn = new java.util.HashSet<>();
    while (out.size() < MAX_TRIPLES) {   // a uniform triple, redrawn if already taken: each distinct set equally likely
      int[] t = {rng.nextInt(m), rng.nextInt(m), rng.nextInt(m)};
      java.util.Arrays.sort(t);
      if (t[0] < t[1] && t[1] < t[2] && drawn.add(List.of(t[0], t[1], t[2]))) {
        out.add(t);
      }
    }
    out.sort(java.util.Arrays::compare);
    return out;
  }

  private FidelityReport.Correlations correlations(EncodedTables tables) {
    int[] numeric = tables.columnsOfKind(EvalColumnKind.NUMERIC);
    int k = numeric.length;
    double[][] r = new double[k][k];
    double[][] s = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        if (a == b) {
          r[a][b] = 1.0;
          s[a][b] = 1.0;
        } else if (b < a) {
          r[a][b] = r[b][a];
          s[a][b] = s[b][a];
        } else {
          r[a][b] =
              FidelityMetrics.correlation(
                  tables.real().values(numeric[a]), tables.real().values(numeric[b]), method);
          s[a][b] =
              FidelityMetrics.correlation(
                  tables.synthetic().values(numeric[a]), tables.synthetic().values(numeric[b]), method);
        }
      }
    }
    List<String> names =
        java.util.Arrays.stream(numeric).mapToObj(j -> tables.names().get(j)).toList();
    return new FidelityReport.Correlations(names, r, s);
  }

  /**
   * The mean over the columns of their shape score, times their MissingValueSimilarity where they have one: equal
   * missing shares leave a shape as it is (a complete table scores as in SDMetrics), invented or lost missing
   * values lower it. (Averaging the similarities in as scores of their own would raise the mean, as they are
   * close to 1 whenever the shares are small.)
   */
  private static double shapesScore(Map<String, MetricScore> shapes, Map<String, MetricScore> missing) {
    double sum = 0.0;
    int n = 0;
    for (Map.Entry<String, MetricScore> e : shapes.entrySet()) {
      double score = e.getValue().score();
      MetricScore similarity = missing.get(e.getKey());
      if (!Double.isNaN(score)) {
        sum += similarity == null ? score : score * similarity.score();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double mean(Map<String, MetricScore> scores) {
    double sum = 0.0;
    int n = 0;
    for (MetricScore s : scores.values()) {
      if (!Double.isNaN(s.score())) {
        sum += s.score();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static int missingCells(EncodedTable table, int column) {
    int n = 0;
    for (int r = 0; r < table.rows(); r++) {
      if (table.isMissing(r, column)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return "FidelityEvaluator[" + method + "]";
  }
}
