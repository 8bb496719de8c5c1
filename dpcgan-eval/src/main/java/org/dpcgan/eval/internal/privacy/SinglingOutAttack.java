package org.dpcgan.eval.internal.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dpcgan.eval.EvalColumnKind;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.dpcgan.eval.privacy.RiskEstimate;

/**
 * Singling out: can the synthetic data help an attacker write a predicate that isolates exactly one record
 * of the training data? (Article 29 WP Opinion 05/2014; "predicate singling out", Cohen and Nissim 2020,
 * "Towards formalizing the GDPR's notion of singling out", PNAS 117(15); evaluation framework of Giomi et al.
 * 2023.)
 *
 * <p>Attack: draw a random synthetic row and add its cells as conditions, in a random column order, until the
 * conjunction matches exactly that one synthetic row. A numeric condition is {@code |x − v| ≤ tolerance ×
 * range}, a categorical one {@code x = v}; a missing cell gives "is missing". Rows that never become unique
 * (duplicates) are skipped. Each predicate succeeds on a population if it matches exactly one row there.
 *
 * <p>The chance that a predicate isolates a row grows with the population's size, so the main attack runs on
 * a random subset of the training rows as large as the control population (the holdout, or a subset of it),
 * and both have {@code min(train rows, holdout rows)} rows. The baseline uses predicates with the same columns
 * but each value taken from an independently drawn synthetic row, so it knows the marginals but no record.
 */
final class SinglingOutAttack {
  private SinglingOutAttack() {}

  /**
   * Runs up to {@code predicates} attacks; returns {@code null} if no synthetic row could be isolated.
   *
   * @param numericTolerance half-width of a numeric condition as a share of the real range, in [0, 1)
   */
  public static RiskEstimate run(
      EncodedTables tables, int[] columns, int predicates, double numericTolerance, SplittableRandom rng) {
    EncodedTable syn = tables.synthetic();
    int population = Math.min(tables.real().rows(), tables.holdout().rows());
    EncodedTable train =
        tables.real().select(Sampling.withoutReplacement(tables.real().rows(), population, rng));
    EncodedTable control =
        tables.holdout().select(Sampling.withoutReplacement(tables.holdout().rows(), population, rng));
    double[] halfWidth = new double[tables.columnCount()];
    for (int j : columns) {
      if (tables.kind(j) == EvalColumnKind.NUMERIC) {
        halfWidth[j] = numericTolerance * (tables.max(j) - tables.min(j));
      }
    }
    int found = 0;
    int attackWins = 0;
    int controlWins = 0;
    int baselineWins = 0;
    int tries = 0;
    int maxTries = 10 * predicates;
    while (found < predicates && tries < maxTries) {
      tries++;
      int row = rng.nextInt(syn.rows());
      List<Condition> predicate = isolate(syn, row, Sampling.shuffled(columns, rng), halfWidth);
      if (predicate == null) {
        continue;
      }
      found++;
      if (matchesExactlyOne(train, predicate)) {
        attackWins++;
      }
      if (matchesExactlyOne(control, predicate)) {
        controlWins++;
      }
      List<Condition> naive = new ArrayList<>(predicate.size());
      for (Condition c : predicate) {
        naive.add(Condition.of(syn, rng.nextInt(syn.rows()), c.column, halfWidth[c.column]));
      }
      if (matchesExactlyOne(train, naive)) {
        baselineWins++;
      }
    }
    return found == 0 ? null : RiskEstimate.of(attackWins, controlWins, baselineWins, found);
  }

  /** The greedy predicate isolating synthetic row {@code row}, or null if the row is not unique. */
  static List<Condition> isolate(EncodedTable syn, int row, int[] order, double[] halfWidth) {
    int[] candidates = null;
    int count = syn.rows();
    List<Condition> predicate = new ArrayList<>();
    for (int j : order) {
      Condition c = Condition.of(syn, row, j, halfWidth[j]);
      predicate.add(c);
      int[] next = new int[candidates == null ? syn.rows() : count];
      int kept = 0;
      if (candidates == null) {
        for (int i = 0; i < syn.rows(); i++) {
          if (c.matches(syn, i)) {
            next[kept++] = i;
          }
        }
      } else {
        for (int t = 0; t < count; t++) {
          if (c.matches(syn, candidates[t])) {
            next[kept++] = candidates[t];
          }
        }
      }
      candidates = next;
      count = kept;
      if (count == 1) {
        return predicate;
      }
    }
    return null;
  }

  static boolean matchesExactlyOne(EncodedTable table, List<Condition> predicate) {
    int matches = 0;
    for (int i = 0; i < table.rows(); i++) {
      boolean all = true;
      for (Condition c : predicate) {
        if (!c.matches(table, i)) {
          all = false;
          break;
        }
      }
      if (all && ++matches > 1) {
        return false;
      }
    }
    return matches == 1;
  }

  /** One condition on one column: a numeric window, a level, or "is missing". */
  static final class Condition {
    final int column;
    final boolean numeric;
    final double centre;
    final double halfWidth;
    final int code;

    private Condition(int column, boolean numeric, double centre, double halfWidth, int code) {
      this.column = column;
      this.numeric = numeric;
      this.centre = centre;
      this.halfWidth = halfWidth;
      this.code = code;
    }

    static Condition of(EncodedTable table, int row, int column, double halfWidth) {
      if (table.isNumeric(column)) {
        return new Condition(column, true, table.values(column)[row], halfWidth, 0);
      }
      return new Condition(column, false, Double.NaN, 0.0, table.codes(column)[row]);
    }

    boolean matches(EncodedTable table, int row) {
      if (numeric) {
        double x = table.values(column)[row];
        if (Double.isNaN(centre) || Double.isNaN(x)) {
          return Double.isNaN(centre) && Double.isNaN(x);
        }
        return Math.abs(x - centre) <= halfWidth;
      }
      return table.codes(column)[row] == code;
    }

    @Override
    public String toString() {
      return numeric ? "col" + column + " in " + centre + "±" + halfWidth : "col" + column + " = #" + code;
    }
  }
}
