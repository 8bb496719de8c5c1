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
 * the inverse of its noise variance. Each pair table is then made consistent with its two one-way tables, with a floor for
 * the cells the projection emptied ({@link #withMargins}). This reads no training row and costs no privacy (post-processing).
 *
 * <p>Raking reweights rows; it cannot give a cell more rows than the generator made (a kept row is kept once),
 * so a generator that collapsed onto a few values of a numeric column stays short. The quantile mapping closes
 * that: ranking the kept values (ties in random order), the share of the column's table in each cell goes to
 * that many values in rank order; a value whose rank falls into another cell is replaced by a generated value
 * of that cell (or the cell's integer or bound, or a uniform point of it when no generated value lies there).
 * The rank order of the column, and so its rank correlations with the others, is the generator's. Before it, the
 * share of missing values is made the table's: kept rows the generator made missing take the value its α and mode
 * give them, or kept present rows become missing, picked at random.
 */
final class MarginalMatching {
  /** Rows generated per row kept. */
  static final int OVERSAMPLE = 2;
  private static final int ITERATIONS = 20;
  /** A cell the generator never reached still gets this much of a factor, so no weight becomes exactly 0. */
  private static final double MIN_FACTOR = 1e-6;
  /**
   * The least share of a pair table's cell, as a fraction of its share under independence of the two columns: a
   * noisy count projected to 0 is no evidence that the combination does not occur. Chosen by measurement (docs/
   * quality.md): 0.1, 0.5, 1 and 2 gave the same quality on Adult within 0.003, and 0.5 the missing share of
   * flchain's chapter closest to its noisy count.
   */
  static final double PAIR_FLOOR = 0.5;

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
    double[][] columnTargets = new double[columnCounts.length][];
    for (int k = 0; k < columnCounts.length; k++) {
      int cells = ((DiscreteColumnModel) models.get(discrete.get(k))).categories();
      require(columnCounts[k].length == cells, "categories of " + models.get(discrete.get(k)).name(),
          columnCounts[k].length, cells);
      columnTargets[k] = distribution(columnCounts[k], rows);
      tables.add(new Table(discrete.get(k), -1, 0, columnTargets[k], null, false));
    }
    List<ConditionalSampler.ColumnPair> pairs = sampler == null ? List.of() : sampler.pairs();
    require(pairCounts.length == pairs.size(), "pair tables", pairCounts.length, pairs.size());
    for (int k = 0; k < pairCounts.length; k++) {
      ConditionalSampler.ColumnPair p = pairs.get(k);
      int secondCells = columnCounts[p.second()].length;
      require(pairCounts[k].length == columnCounts[p.first()].length * secondCells, "cells of pair table " + k,
          pairCounts[k].length, columnCounts[p.first()].length * secondCells);
      tables.add(new Table(discrete.get(p.first()), discrete.get(p.second()), secondCells,
          withMargins(distribution(pairCounts[k], rows), columnTargets[p.first()], columnTargets[p.second()]), null,
          false));
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
    int[] chosen = systematicSample(rake(cells, rows, keep), keep, rng);
    for (int t = 0; t < tables.size(); t++) {
      if (tables.get(t).isNumeric()) {
        int column = tables.get(t).first();
        double[] values = pool.values(column);
        double[] present = pool.presentValues(column);
        if (present != null) {
          matchMissing(tables.get(t), values, present, cells[t], chosen, rng);
        }
        mapQuantiles(tables.get(t), values, cells[t], rows, chosen, rng);
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

  /**
   * The inclusion probabilities of the pool's rows when {@code keep} are kept, raked so that the expected kept rows
   * carry every table's frequencies. Raking the probabilities, capped at one, rather than weights that are capped
   * only at the end keeps a table the pool cannot meet (a cell with too few rows, all of them kept) from throwing the
   * others off: the capped rows count as what they are, one row each.
   */
  private double[] rake(int[][] cells, int rows, int keep) {
    double[] p = new double[rows];
    Arrays.fill(p, (double) keep / rows);
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      for (int t = 0; t < tables.size(); t++) {
        double[] target = tables.get(t).target();
        int[] cell = cells[t];
        double[] mass = new double[target.length];
        for (int r = 0; r < rows; r++) {
          mass[cell[r]] += p[r];
        }
        double[] factor = new double[mass.length];
        for (int c = 0; c < mass.length; c++) {
          factor[c] = mass[c] > 0 ? Math.max(MIN_FACTOR, target[c] * keep / mass[c]) : 1.0;
        }
        for (int r = 0; r < rows; r++) {
          p[r] = Math.min(1, p[r] * factor[cell[r]]);
        }
      }
      p = inclusionProbabilities(p, keep);
    }
    return p;
  }

  /**
   * Makes the share of kept rows missing in a numeric column its table's (to the nearest row), which raking alone
   * cannot when the generator made too few or too many missing values: rows picked at random among the kept
   * missing ones take the value the generator's α and mode give them ({@code present}), or rows picked among the
   * kept present ones become missing. {@code values} and {@code cell} change in place.
   */
  private static void matchMissing(Table table, double[] values, double[] present, int[] cell, int[] kept,
      SplittableRandom rng) {
    int missingCell = table.bins().count();
    int wanted = (int) Math.round(table.target()[missingCell] * kept.length);
    List<Integer> missing = new ArrayList<>();
    List<Integer> given = new ArrayList<>();
    for (int r : kept) {
      (Double.isNaN(values[r]) ? missing : given).add(r);
    }
    boolean fill = missing.size() > wanted;
    List<Integer> from = fill ? missing : given;
    for (int k = 0, flips = Math.abs(missing.size() - wanted); k < flips; k++) {
      int j = k + rng.nextInt(from.size() - k);   // a partial Fisher–Yates shuffle picks the rows
      int r = from.set(j, from.get(k));
      from.set(k, r);
      values[r] = fill ? present[r] : Double.NaN;
      cell[r] = fill ? table.bins().index(values[r]) : missingCell;
    }
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

  /**
   * A pair table made consistent with its columns' one-way tables: each cell at least {@link #PAIR_FLOOR} times its
   * share under independence, then raked to the one-way tables (iterative proportional fitting of its cells).
   * Projecting a noisy table of many small cells onto the distributions sets most of them to 0 and shifts mass
   * towards its large cells; raked to such a table, a sample loses every row of a rare but real combination (on
   * flchain, most deaths: their causes spread over 160 small cells of chapter × flc.grp). The one-way tables, with
   * fewer cells and the same noise per cell, say better where each column's mass lies.
   */
  static double[] withMargins(double[] pair, double[] first, double[] second) {
    double[] p = pair.clone();
    int columns = second.length;
    for (int c = 0; c < p.length; c++) {
      p[c] = Math.max(p[c], PAIR_FLOOR * first[c / columns] * second[c % columns]);
    }
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      for (int axis = 0; axis < 2; axis++) {
        double[] margin = axis == 0 ? first : second;
        double[] mass = new double[margin.length];
        for (int c = 0; c < p.length; c++) {
          mass[axis == 0 ? c / columns : c % columns] += p[c];
        }
        for (int c = 0; c < p.length; c++) {
          int m = axis == 0 ? c / columns : c % columns;
          p[c] = mass[m] > 0 ? p[c] * margin[m] / mass[m] : p[c];
        }
      }
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
