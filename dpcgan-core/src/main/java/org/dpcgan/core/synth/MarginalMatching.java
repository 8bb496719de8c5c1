package org.dpcgan.core.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.ColumnSpec;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.gan.ConditionalSampler;
import org.dpcgan.core.internal.metadata.DpMetadata.Bins;
import org.dpcgan.core.internal.transform.ColumnModel;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.Decoder;
import org.dpcgan.core.internal.transform.DiscreteColumnModel;
import org.dpcgan.core.internal.transform.NumericColumnModel;

/**
 * Post-processing of generated rows towards the model's own tables: of {@link #OVERSAMPLE} times as many
 * generated rows as are kept, keep a sample without replacement with inclusion probabilities proportional to
 * weights fitted by raking (iterative proportional fitting, Deming and Stephan 1940) to every table the model
 * holds, then move each numeric column's kept values onto its table by rank (quantile mapping at the level of
 * the table's cells).
 *
 * <p>The tables: each discrete column's category counts and, for a DP model, the noisy counts its ledger paid
 * for (each numeric column's histogram over its declared bounds, each discrete column's, and in pair mode each
 * pair table). Noisy counts are first made a distribution: projected onto the non-negative vectors with the
 * estimated row count as their sum (the least-squares consistent table, which sets the small noisy cells to 0
 * instead of keeping their positive noise), that count estimated from every one-way table's total weighted by
 * the inverse of its noise variance. This reads no training row and costs no privacy (post-processing).
 *
 * <p>Raking reweights rows; it cannot give a cell more rows than the generator made (a kept row is kept once),
 * so a generator that collapsed onto a few values of a numeric column stays short. The quantile mapping closes
 * that: ranking the kept values (ties in random order), the share of the column's table in each cell goes to
 * that many values in rank order; a value whose rank falls into another cell is replaced by a generated value
 * of that cell (or the cell's integer or bound, or a uniform point of it when no generated value lies there).
 * The rank order of the column, and so its rank correlations with the others, is the generator's; missing
 * values stay as generated (their share is raked).
 */
final class MarginalMatching {
  /** Rows generated per row kept. */
  static final int OVERSAMPLE = 2;
  private static final int ITERATIONS = 20;
  /** A cell the generator never reached still gets this much of a factor, so no weight becomes exactly 0. */
  private static final double MIN_FACTOR = 1e-6;

  /**
   * One table: the decoder columns it crosses (one, or two for a pair table), the second one's cells, its target
   * distribution, and for a numeric column its cells.
   */
  private record Table(int first, int second, int secondCells, double[] target, Bins bins, boolean integer) {
    boolean isNumeric() {
      return bins != null;
    }
  }

  private final List<Table> tables;

  private MarginalMatching(List<Table> tables) {
    this.tables = List.copyOf(tables);
  }

  /**
   * The matching of a model's samples, or empty when it has no table to match (no discrete column and no released
   * counts).
   *
   * @throws IllegalArgumentException when the counts do not fit the transformer (a corrupt model)
   */
  static Optional<MarginalMatching> of(Schema schema, DataTransformer transformer, ConditionalSampler sampler,
      Optional<Synthesizer.ConditionCounts> counts, Optional<Synthesizer.ReleasedCounts> released) {
    List<ColumnModel> models = transformer.columnModels();
    List<Integer> numeric = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      if (models.get(i) instanceof NumericColumnModel) {
        numeric.add(i);
      }
    }
    List<Integer> discrete = new ArrayList<>();   // decoder column of each of the sampler's discrete columns
    if (sampler != null) {
      for (ConditionalSampler.DiscreteColumn c : sampler.columns()) {
        discrete.add(indexOf(models, c.name()));
      }
    }
    double[][] columnCounts = released.map(Synthesizer.ReleasedCounts::columns)
        .orElseGet(() -> counts.map(Synthesizer.ConditionCounts::columns).orElse(new double[0][]));
    double[][] pairCounts = released.map(Synthesizer.ReleasedCounts::pairs)
        .orElseGet(() -> counts.map(Synthesizer.ConditionCounts::pairs).orElse(new double[0][]));
    double[][] numericCounts = released.map(Synthesizer.ReleasedCounts::numeric).orElse(new double[0][]);
    require(columnCounts.length == discrete.size(), "discrete tables", columnCounts.length, discrete.size());
    require(numericCounts.length == 0 || numericCounts.length == numeric.size(), "numeric tables",
        numericCounts.length, numeric.size());
    List<double[]> oneWay = new ArrayList<>();
    oneWay.addAll(Arrays.asList(numericCounts));
    oneWay.addAll(Arrays.asList(columnCounts));
    if (oneWay.isEmpty()) {
      return Optional.empty();
    }
    double rows = estimatedRows(oneWay);
    List<Table> tables = new ArrayList<>();
    for (int k = 0; k < numericCounts.length; k++) {
      int column = numeric.get(k);
      ColumnSpec spec = schema.column(models.get(column).name());
      Bins bins = Bins.of(spec);
      int cells = bins.count() + (((NumericColumnModel) models.get(column)).missingIndicator() ? 1 : 0);
      require(numericCounts[k].length == cells, "cells of " + spec.name(), numericCounts[k].length, cells);
      tables.add(new Table(column, -1, 0, distribution(numericCounts[k], rows), bins,
          spec.kind() == ColumnKind.INTEGER));
    }
    for (int k = 0; k < columnCounts.length; k++) {
      int cells = ((DiscreteColumnModel) models.get(discrete.get(k))).categories();
      require(columnCounts[k].length == cells, "categories of " + models.get(discrete.get(k)).name(),
          columnCounts[k].length, cells);
      tables.add(new Table(discrete.get(k), -1, 0, distribution(columnCounts[k], rows), null, false));
    }
    List<ConditionalSampler.ColumnPair> pairs = sampler == null ? List.of() : sampler.pairs();
    require(pairCounts.length == pairs.size(), "pair tables", pairCounts.length, pairs.size());
    for (int k = 0; k < pairCounts.length; k++) {
      ConditionalSampler.ColumnPair p = pairs.get(k);
      int secondCells = columnCounts[p.second()].length;
      require(pairCounts[k].length == columnCounts[p.first()].length * secondCells, "cells of pair table " + k,
          pairCounts[k].length, columnCounts[p.first()].length * secondCells);
      tables.add(new Table(discrete.get(p.first()), discrete.get(p.second()), secondCells,
          distribution(pairCounts[k], rows), null, false));
    }
    return Optional.of(new MarginalMatching(tables));
  }

  /**
   * The ascending indices of {@code keep} of the {@code rows} rows decoded in {@code pool}: a systematic sample, in
   * a random order, with inclusion probabilities proportional to the raking weights (capped at 1); the kept rows'
   * numeric values in {@code pool} are then quantile-mapped onto their tables (see the class doc).
   */
  int[] select(Decoder pool, int rows, int keep, SplittableRandom rng) {
    int[][] cells = new int[tables.size()][];
    for (int t = 0; t < tables.size(); t++) {
      cells[t] = cells(tables.get(t), pool, rows);
    }
    int[] chosen = systematicSample(inclusionProbabilities(rake(cells, rows), keep), keep, rng);
    for (int t = 0; t < tables.size(); t++) {
      if (tables.get(t).isNumeric()) {
        mapQuantiles(tables.get(t), pool.values(tables.get(t).first()), cells[t], rows, chosen, rng);
      }
    }
    return chosen;
  }

  /** Each row's cell of {@code table}. */
  private static int[] cells(Table table, Decoder pool, int rows) {
    int[] out = new int[rows];
    if (table.isNumeric()) {
      double[] v = pool.values(table.first());
      for (int r = 0; r < rows; r++) {
        out[r] = Double.isNaN(v[r]) ? table.bins().count() : table.bins().index(v[r]);
      }
      return out;
    }
    int[] a = pool.categories(table.first());
    if (table.second() < 0) {
      System.arraycopy(a, 0, out, 0, rows);
      return out;
    }
    int[] b = pool.categories(table.second());
    for (int r = 0; r < rows; r++) {
      out[r] = a[r] * table.secondCells() + b[r];
    }
    return out;
  }

  private double[] rake(int[][] cells, int rows) {
    double[] weight = new double[rows];
    Arrays.fill(weight, 1.0);
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      for (int t = 0; t < tables.size(); t++) {
        double[] target = tables.get(t).target();
        int[] cell = cells[t];
        double[] mass = new double[target.length];
        double total = 0;
        for (int r = 0; r < rows; r++) {
          mass[cell[r]] += weight[r];
          total += weight[r];
        }
        double[] factor = new double[mass.length];
        for (int c = 0; c < mass.length; c++) {
          factor[c] = mass[c] > 0 ? Math.max(MIN_FACTOR, target[c] * total / mass[c]) : 1.0;
        }
        for (int r = 0; r < rows; r++) {
          weight[r] *= factor[cell[r]];
        }
      }
    }
    return weight;
  }

  /**
   * Moves the kept present values of a numeric column onto its table by rank: see the class doc. {@code cell} is
   * each pool row's cell (before any change), {@code values} the pool's decoded values, changed in place.
   */
  private static void mapQuantiles(Table table, double[] values, int[] cell, int rows, int[] kept,
      SplittableRandom rng) {
    Bins bins = table.bins();
    int valueCells = bins.count();
    double[] cumulative = new double[valueCells + 1];
    for (int c = 0; c < valueCells; c++) {
      cumulative[c + 1] = cumulative[c] + table.target()[c];
    }
    if (cumulative[valueCells] <= 0) {
      return;   // the table holds nothing but missing values
    }
    // the pool's generated values grouped by cell: the values a moved row can take
    int[] start = new int[valueCells + 1];
    for (int r = 0; r < rows; r++) {
      if (cell[r] < valueCells) {
        start[cell[r] + 1]++;
      }
    }
    for (int c = 0; c < valueCells; c++) {
      start[c + 1] += start[c];
    }
    double[] byCell = new double[start[valueCells]];
    int[] fill = Arrays.copyOf(start, valueCells);
    for (int r = 0; r < rows; r++) {
      if (cell[r] < valueCells) {
        byCell[fill[cell[r]]++] = values[r];
      }
    }
    long[] order = rankOrder(values, kept, rng);
    int present = order.length;
    int c = 0;
    for (int k = 0; k < present; k++) {
      int r = kept[(int) order[k]];
      double u = (k + 0.5) / present * cumulative[valueCells];
      while (c < valueCells - 1 && cumulative[c + 1] <= u) {
        c++;
      }
      if (cell[r] == c) {
        continue;
      }
      int generated = start[c + 1] - start[c];
      values[r] = generated > 0 ? byCell[start[c] + rng.nextInt(generated)]
          : bins.valueIn(c, rng.nextDouble(), table.integer());
    }
  }

  /** The positions in {@code kept} of the rows with a value, in increasing value, ties in random order. */
  private static long[] rankOrder(double[] values, int[] kept, SplittableRandom rng) {
    List<long[]> present = new ArrayList<>();
    for (int k = 0; k < kept.length; k++) {
      if (!Double.isNaN(values[kept[k]])) {
        present.add(new long[] {k, rng.nextLong()});
      }
    }
    present.sort((x, y) -> {
      int byValue = Double.compare(values[kept[(int) x[0]]], values[kept[(int) y[0]]]);
      return byValue != 0 ? byValue : Long.compare(x[1], y[1]);
    });
    return present.stream().mapToLong(p -> p[0]).toArray();
  }

  /** {@code min(1, c · w)} with {@code c} such that the probabilities sum to {@code keep}. */
  private static double[] inclusionProbabilities(double[] weight, int keep) {
    int rows = weight.length;
    double[] p = new double[rows];
    boolean[] capped = new boolean[rows];
    int cappedCount = 0;
    while (true) {
      double free = 0;
      for (int r = 0; r < rows; r++) {
        if (!capped[r]) {
          free += weight[r];
        }
      }
      double c = free > 0 ? (keep - cappedCount) / free : 0;
      boolean changed = false;
      for (int r = 0; r < rows; r++) {
        if (!capped[r] && c * weight[r] >= 1) {
          capped[r] = true;
          cappedCount++;
          changed = true;
        }
        p[r] = capped[r] ? 1 : c * weight[r];
      }
      if (!changed) {
        return p;
      }
    }
  }

  /** A systematic sample of {@code keep} rows in a random order with inclusion probabilities {@code inclusion}. */
  private static int[] systematicSample(double[] inclusion, int keep, SplittableRandom rng) {
    int rows = inclusion.length;
    int[] order = new int[rows];
    for (int r = 0; r < rows; r++) {
      int j = rng.nextInt(r + 1); // Fisher–Yates, inside out
      order[r] = order[j];
      order[j] = r;
    }
    boolean[] taken = new boolean[rows];
    int[] chosen = new int[keep];
    int count = 0;
    double point = rng.nextDouble();
    double cumulative = 0;
    for (int k = 0; k < rows && count < keep; k++) {
      cumulative += inclusion[order[k]];
      if (point < cumulative) {
        taken[order[k]] = true;
        chosen[count++] = order[k];
        point += 1;
      }
    }
    for (int k = rows - 1; count < keep; k--) { // rounding left the sum a hair short of keep
      if (!taken[order[k]]) {
        taken[order[k]] = true;
        chosen[count++] = order[k];
      }
    }
    Arrays.sort(chosen);
    return chosen;
  }

  /**
   * Σ_t (total_t / cells_t) / Σ_t (1 / cells_t) over the one-way tables: each total is the row count plus noise of
   * variance proportional to its cells (exact counts all give the row count).
   */
  static double estimatedRows(List<double[]> oneWay) {
    double weighted = 0;
    double weights = 0;
    for (double[] counts : oneWay) {
      weighted += Arrays.stream(counts).sum() / counts.length;
      weights += 1.0 / counts.length;
    }
    return Math.max(1, weighted / weights);
  }

  /**
   * The Euclidean projection of {@code counts} onto {x ≥ 0, Σx = rows}, divided by {@code rows}: {@code max(0,
   * counts − τ)} with τ chosen for the sum (Duchi et al. 2008's sort-based algorithm).
   */
  static double[] distribution(double[] counts, double rows) {
    double[] sorted = counts.clone();
    Arrays.sort(sorted);
    double cumulative = 0;
    double tau = 0;
    for (int k = 0; k < sorted.length; k++) {
      double value = sorted[sorted.length - 1 - k];
      cumulative += value;
      double candidate = (cumulative - rows) / (k + 1);
      if (value - candidate > 0) {
        tau = candidate;
      }
    }
    double[] p = new double[counts.length];
    for (int c = 0; c < p.length; c++) {
      p[c] = Math.max(0, counts[c] - tau) / rows;
    }
    return p;
  }

  private static int indexOf(List<ColumnModel> models, String name) {
    for (int i = 0; i < models.size(); i++) {
      if (models.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("the model's condition columns name '" + name + "', which it has no model of");
  }

  private static void require(boolean holds, String what, int found, int expected) {
    if (!holds) {
      throw new IllegalArgumentException("the model's " + what + " hold " + found + " entries where its columns need "
          + expected);
    }
  }
}
