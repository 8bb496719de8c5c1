package org.dpcgan.eval.internal.privacy;

import java.util.SplittableRandom;
import org.dpcgan.eval.internal.distance.MixedDistance;
import org.dpcgan.eval.internal.distance.Neighbours;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.dpcgan.eval.privacy.RiskEstimate;

/**
 * Linkability: can the synthetic data link two records of the same person held in two different datasets?
 * (Article 29 WP Opinion 05/2014; evaluation framework of Giomi et al. 2023.)
 *
 * <p>The attacker holds each target's values on two disjoint column sets A and B, as if from two sources. For
 * each target it finds the k nearest synthetic rows (mixed-type distance) using A only and using B only; the
 * link succeeds if the two neighbour sets share a synthetic row. Targets are training rows (main attack) and
 * holdout rows (control). Baseline: two random k-sets of synthetic rows.
 */
final class LinkabilityAttack {
  private LinkabilityAttack() {}

  /**
   * Runs the attack for every target.
   *
   * @param columnsA the first source's columns
   * @param columnsB the second source's columns, disjoint from A
   * @param k neighbours per side, ≥ 1
   */
  public static RiskEstimate run(
      EncodedTables tables,
      int[] columnsA,
      int[] columnsB,
      int k,
      int[] trainTargets,
      int[] controlTargets,
      SplittableRandom rng) {
    EncodedTable syn = tables.synthetic();
    MixedDistance a = MixedDistance.over(tables, columnsA);
    MixedDistance b = MixedDistance.over(tables, columnsB);
    int attackWins = linked(a, b, tables.real().select(trainTargets), syn, k);
    int controlWins = linked(a, b, tables.holdout().select(controlTargets), syn, k);
    int baselineWins = 0;
    for (int t = 0; t < trainTargets.length; t++) {
      int[] left = Sampling.withoutReplacement(syn.rows(), k, rng);
      int[] right = Sampling.withoutReplacement(syn.rows(), k, rng);
      if (intersects(left, right)) {
        baselineWins++;
      }
    }
    return RiskEstimate.of(attackWins, controlWins, baselineWins, trainTargets.length);
  }

  private static int linked(MixedDistance a, MixedDistance b, EncodedTable targets, EncodedTable syn, int k) {
    Neighbours na = a.nearest(targets, syn, k, false);
    Neighbours nb = b.nearest(targets, syn, k, false);
    int wins = 0;
    for (int q = 0; q < targets.rows(); q++) {
      if (intersects(na.indices()[q], nb.indices()[q])) {
        wins++;
      }
    }
    return wins;
  }

  private static boolean intersects(int[] x, int[] y) {
    for (int u : x) {
      for (int v : y) {
        if (u == v) {
          return true;
        }
      }
    }
    return false;
  }
}
