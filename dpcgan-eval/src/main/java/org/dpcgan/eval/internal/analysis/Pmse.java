package org.dpcgan.eval.internal.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.dpcgan.eval.EvalColumnKind;
import org.dpcgan.eval.analysis.PmseReport;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;

/**
 * Propensity score mean squared error (Woo, Reiter, Oganian and Karr 2009, "Global measures of data utility for
 * microdata masked for disclosure limitation", J. Privacy and Confidentiality 1(1); Snoke, Raab, Nowok, Dibben
 * and Slavković 2018, "General and specific utility measures for synthetic data", J. R. Stat. Soc. A 181(3)).
 *
 * <p>The real and synthetic rows are stacked with an indicator (1 = synthetic) and a logistic model predicts it
 * from the main effects of every column: a numeric column is one term (a missing value is replaced by the
 * column mean and flagged by a missing-indicator term, when the column has missing values); a categorical column
 * is dummy-coded against its most frequent level, missing being a level of its own. Levels seen in fewer than
 * {@value #MIN_LEVEL_ROWS} of the stacked rows are pooled into one "rare" dummy (into the reference level when
 * the pool itself is that small): a level seen a few times makes the maximum-likelihood fit separate those rows,
 * which the null expectation does not allow for. Terms that are constant or collinear in the stacked rows are
 * dropped, as R's {@code glm} aliases them. With fitted propensities p̂ᵢ and c = n_s/N:
 *
 * <pre>
 *   pMSE = (1/N) Σᵢ (p̂ᵢ − c)²,   E₀[pMSE] = k (1 − c)² c / N,   S_pMSE = pMSE / E₀[pMSE]
 * </pre>
 *
 * <p>k is the number of estimated parameters besides the intercept. The expectation is Snoke et al.'s null (their
 * section 3; synthpop's {@code utility.gen}, "pMSEExp"): the synthetic rows are drawn from the distribution the
 * real rows were drawn from <em>given the real rows</em>, e.g. a resample of them, so S_pMSE ≈ 1. An independent
 * sample from the same population is farther from the real rows than that: its S_pMSE is about 1/(1 − c), 2 for
 * tables of equal size.
 */
public final class Pmse {
  /** Levels seen in fewer stacked rows than this are pooled. */
  public static final int MIN_LEVEL_ROWS = 20;

  static final String MODEL =
      "logistic regression (Fisher scoring) on the main effects of every column; categorical dummies against the"
          + " most frequent level, levels in fewer than " + MIN_LEVEL_ROWS + " rows pooled; missing indicators";

  private Pmse() {}

  /**
   * The pMSE of the synthetic table.
   *
   * @param maxRows rows used at most from each table (a seeded random subset), ≥ 1
   * @param warnings receives a note when the propensity model separates the tables perfectly
   */
  public static PmseReport evaluate(EncodedTables tables, int maxRows, long seed, Consumer<String> warnings) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be >= 1. Provided value: " + maxRows);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    EncodedTable real = subset(tables.real(), maxRows, rng);
    EncodedTable syn = subset(tables.synthetic(), maxRows, rng);
    EncodedTable stacked = real.concat(syn);
    double[][] design = design(tables, stacked);
    Collinearity.Status[] status = Collinearity.of(design);
    int[] kept =
        java.util.stream.IntStream.range(0, status.length).filter(j -> status[j] == Collinearity.Status.KEPT).toArray();
    double[][] x = new double[design.length][kept.length];
    for (int i = 0; i < design.length; i++) {
      for (int k = 0; k < kept.length; k++) {
        x[i][k] = design[i][kept[k]];
      }
    }
    double[] y = new double[stacked.rows()];
    Arrays.fill(y, real.rows(), y.length, 1.0);
    Fit fit = LogisticFit.fit(x, y);
    if (!fit.converged() || fit.boundary()) {
      warnings.accept(
          "pMSE: the propensity model has fitted probabilities of 0 or 1: some value or level separates synthetic"
              + " from real rows perfectly (e.g. a level only one table has), so pMSE is large and S_pMSE far from 1");
    }
    double value = pmse(fit.fitted(), syn.rows());
    double expected = expected(kept.length, real.rows(), syn.rows());
    return new PmseReport(value, expected, value / expected, kept.length, real.rows(), syn.rows(), MODEL);
  }

  /** (1/N) Σ (pᵢ − c)² with c = {@code syntheticRows} / N, N = {@code propensities.length}. */
  public static double pmse(double[] propensities, int syntheticRows) {
    double c = (double) syntheticRows / propensities.length;
    double sum = 0.0;
    for (double p : propensities) {
      sum += (p - c) * (p - c);
    }
    return sum / propensities.length;
  }

  /** Snoke et al.'s null expectation k (1 − c)² c / N, c = n_s / N, N = n_r + n_s. */
  public static double expected(int parameters, int realRows, int syntheticRows) {
    double n = (double) realRows + syntheticRows;
    double c = syntheticRows / n;
    return parameters * (1 - c) * (1 - c) * c / n;
  }

  /** The main-effects design of the stacked rows, without the intercept. */
  private static double[][] design(EncodedTables tables, EncodedTable stacked) {
    int n = stacked.rows();
    List<double[]> columns = new ArrayList<>();
    for (int j = 0; j < tables.columnCount(); j++) {
      if (tables.kind(j) == EvalColumnKind.NUMERIC) {
        double[] v = stacked.values(j);
        double sum = 0.0;
        int present = 0;
        for (double x : v) {
          if (!Double.isNaN(x)) {
            sum += x;
            present++;
          }
        }
        double mean = present == 0 ? 0.0 : sum / present;
        double[] value = new double[n];
        double[] missing = new double[n];
        for (int i = 0; i < n; i++) {
          boolean absent = Double.isNaN(v[i]);
          value[i] = absent ? mean : v[i];
          missing[i] = absent ? 1.0 : 0.0;
        }
        columns.add(value);
        if (present < n) {
          columns.add(missing);
        }
      } else {
        columns.addAll(dummies(stacked.codes(j), tables.levels(j).size()));
      }
    }
    double[][] x = new double[n][columns.size()];
    for (int k = 0; k < columns.size(); k++) {
      double[] col = columns.get(k);
      for (int i = 0; i < n; i++) {
        x[i][k] = col[i];
      }
    }
    return x;
  }

  /** Dummies against the most frequent level; missing (−1) is a level; rare levels pooled. */
  private static List<double[]> dummies(int[] codes, int levels) {
    int missing = levels;
    int[] counts = new int[levels + 1];
    for (int c : codes) {
      counts[c < 0 ? missing : c]++;
    }
    int reference = 0;
    for (int c = 1; c < counts.length; c++) {
      if (counts[c] > counts[reference]) {
        reference = c;
      }
    }
    int rare = 0;
    for (int c = 0; c < counts.length; c++) {
      if (c != reference && counts[c] > 0 && counts[c] < MIN_LEVEL_ROWS) {
        rare += counts[c];
      }
    }
    boolean poolRare = rare >= MIN_LEVEL_ROWS;
    List<double[]> out = new ArrayList<>();
    for (int level = 0; level < counts.length; level++) {
      if (level == reference || counts[level] < MIN_LEVEL_ROWS) {
        continue;
      }
      double[] d = new double[codes.length];
      for (int i = 0; i < codes.length; i++) {
        d[i] = (codes[i] < 0 ? missing : codes[i]) == level ? 1.0 : 0.0;
      }
      out.add(d);
    }
    if (poolRare) {
      double[] d = new double[codes.length];
      for (int i = 0; i < codes.length; i++) {
        int c = codes[i] < 0 ? missing : codes[i];
        d[i] = c != reference && counts[c] < MIN_LEVEL_ROWS ? 1.0 : 0.0;
      }
      out.add(d);
    }
    return out;
  }

  private static EncodedTable subset(EncodedTable t, int maxRows, SplittableRandom rng) {
    if (t.rows() <= maxRows) {
      return t;
    }
    int[] all = new int[t.rows()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    for (int i = 0; i < maxRows; i++) {
      int j = i + rng.nextInt(all.length - i);
      int tmp = all[i];
      all[i] = all[j];
      all[j] = tmp;
    }
    int[] chosen = Arrays.copyOf(all, maxRows);
    Arrays.sort(chosen);
    return t.select(chosen);
  }
}
