package org.dpcgan.eval.internal.privacy;

import java.util.SplittableRandom;
import org.dpcgan.eval.internal.distance.MixedDistance;
import org.dpcgan.eval.internal.distance.Neighbours;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.dpcgan.eval.privacy.RiskEstimate;

/**
 * Inference: can the synthetic data help deduce a secret attribute of a person from the attributes an
 * attacker knows? (Article 29 WP Opinion 05/2014; evaluation framework of Giomi et al. 2023.)
 *
 * <p>For each target, the attacker finds the nearest synthetic row on the known columns (mixed-type distance)
 * and guesses its secret. A categorical guess is right if it is the same level; a numeric one if it is within
 * {@code tolerance × range} of the true value (missing is right only for missing). Targets are training rows
 * (main attack) and holdout rows (control); the baseline guesses the secret of a random synthetic row.
 */
final class InferenceAttack {
  private InferenceAttack() {}

  /**
   * Runs the attack for every target.
   *
   * @param known the attacker's columns (must not contain {@code secret})
   * @param secret the column to guess
   * @param numericTolerance accepted error for a numeric secret, as a share of its real range
   */
  public static RiskEstimate run(
      EncodedTables tables,
      int[] known,
      int secret,
      double numericTolerance,
      int[] trainTargets,
      int[] controlTargets,
      SplittableRandom rng) {
    for (int j : known) {
      if (j == secret) {
        throw new IllegalArgumentException(
            "the secret column '" + tables.names().get(secret) + "' must not be one of the attacker's columns");
      }
    }
    EncodedTable syn = tables.synthetic();
    MixedDistance distance = MixedDistance.over(tables, known);
    double tolerance =
        tables.real().isNumeric(secret) ? numericTolerance * (tables.max(secret) - tables.min(secret)) : 0.0;
    EncodedTable train = tables.real().select(trainTargets);
    EncodedTable control = tables.holdout().select(controlTargets);
    int attackWins = guessed(distance.nearest(train, syn, 1, false), train, syn, secret, tolerance);
    int controlWins = guessed(distance.nearest(control, syn, 1, false), control, syn, secret, tolerance);
    int baselineWins = 0;
    for (int q = 0; q < train.rows(); q++) {
      if (correct(syn, rng.nextInt(syn.rows()), train, q, secret, tolerance)) {
        baselineWins++;
      }
    }
    return RiskEstimate.of(attackWins, controlWins, baselineWins, trainTargets.length);
  }

  private static int guessed(
      Neighbours neighbours, EncodedTable targets, EncodedTable syn, int secret, double tolerance) {
    int wins = 0;
    for (int q = 0; q < targets.rows(); q++) {
      if (correct(syn, neighbours.indices()[q][0], targets, q, secret, tolerance)) {
        wins++;
      }
    }
    return wins;
  }

  static boolean correct(
      EncodedTable syn, int guessRow, EncodedTable targets, int targetRow, int secret, double tolerance) {
    if (syn.isNumeric(secret)) {
      double guess = syn.values(secret)[guessRow];
      double truth = targets.values(secret)[targetRow];
      if (Double.isNaN(guess) || Double.isNaN(truth)) {
        return Double.isNaN(guess) && Double.isNaN(truth);
      }
      return Math.abs(guess - truth) <= tolerance;
    }
    return syn.codes(secret)[guessRow] == targets.codes(secret)[targetRow];
  }
}
