package org.dpcgan.eval.internal.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.dpcgan.eval.distance.DcrReport;
import org.dpcgan.eval.internal.distance.DcrEvaluator;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.dpcgan.eval.privacy.PrivacyReport;
import org.dpcgan.eval.privacy.RiskEstimate;

/**
 * Runs the distance summary and the three attacks (see the package documentation) with one seed: the same
 * seed and tables give the same report. Each attack draws from its own stream, split from the seed in a
 * fixed order.
 *
 * @param attacks attacks per risk (targets drawn from the training rows, and as many from the holdout)
 * @param attackerColumns the columns the attacker knows; empty means every column except the secret
 * @param secret the inference attack's secret column, or {@code null} to skip that attack
 * @param linkNeighbours neighbours per side in the linkability attack
 * @param numericTolerance numeric tolerance (share of the real range) of singling-out conditions and of a
 *     right numeric guess
 */
public record PrivacyEvaluator(
    int attacks, List<String> attackerColumns, String secret, int linkNeighbours, double numericTolerance) {

  public PrivacyEvaluator {
    if (attacks < 1) {
      throw new IllegalArgumentException("attacks must be >= 1. Provided value: " + attacks);
    }
    if (linkNeighbours < 1) {
      throw new IllegalArgumentException("linkNeighbours must be >= 1. Provided value: " + linkNeighbours);
    }
    if (!(numericTolerance >= 0.0 && numericTolerance < 1.0)) {
      throw new IllegalArgumentException("numericTolerance must be in [0, 1). Provided value: " + numericTolerance);
    }
    attackerColumns = List.copyOf(attackerColumns);
  }

  /** Evaluates; reasons for skipped or uninformative attacks go to {@code warnings}. */
  public PrivacyReport evaluate(EncodedTables tables, long seed, Consumer<String> warnings) {
    int secretIndex = secret == null ? -1 : tables.indexOf(secret);
    int[] known = knownColumns(tables, secretIndex);
    List<String> knownNames = Arrays.stream(known).mapToObj(j -> tables.names().get(j)).toList();
    DcrReport dcr = DcrEvaluator.evaluate(tables);
    if (!tables.hasHoldout()) {
      warnings.accept(
          "no holdout table: singling-out, linkability and inference risks need real rows the generator did not"
              + " see as a control, and were not estimated");
      return new PrivacyReport(null, null, null, dcr, knownNames, secret);
    }
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom targetsRng = root.split();
    SplittableRandom singlingRng = root.split();
    SplittableRandom linkRng = root.split();
    SplittableRandom inferenceRng = root.split();
    int n = Math.min(attacks, Math.min(tables.real().rows(), tables.holdout().rows()));
    if (n < attacks) {
      warnings.accept(
          "only " + n + " attacks per risk (fewer real or holdout rows than the " + attacks + " asked for)");
    }
    int[] trainTargets = Sampling.withoutReplacement(tables.real().rows(), n, targetsRng);
    int[] controlTargets = Sampling.withoutReplacement(tables.holdout().rows(), n, targetsRng);

    int[] all = java.util.stream.IntStream.range(0, tables.columnCount()).toArray();
    RiskEstimate singling = SinglingOutAttack.run(tables, all, n, numericTolerance, singlingRng);
    if (singling == null) {
      warnings.accept("singling out: no synthetic row could be isolated by a predicate; risk not estimated");
    }
    RiskEstimate link = null;
    if (known.length < 2) {
      warnings.accept("linkability needs at least two attacker columns; risk not estimated");
    } else {
      int half = (known.length + 1) / 2;
      link =
          LinkabilityAttack.run(
              tables,
              Arrays.copyOfRange(known, 0, half),
              Arrays.copyOfRange(known, half, known.length),
              linkNeighbours,
              trainTargets,
              controlTargets,
              linkRng);
    }
    RiskEstimate inference = null;
    if (secretIndex < 0) {
      warnings.accept("no secret column given: inference risk not estimated");
    } else {
      inference =
          InferenceAttack.run(
              tables, known, secretIndex, numericTolerance, trainTargets, controlTargets, inferenceRng);
    }
    warnIfWeak("singling out", singling, warnings);
    warnIfWeak("linkability", link, warnings);
    warnIfWeak("inference", inference, warnings);
    return new PrivacyReport(singling, link, inference, dcr, knownNames, secret);
  }

  private int[] knownColumns(EncodedTables tables, int secretIndex) {
    List<Integer> out = new ArrayList<>();
    if (attackerColumns.isEmpty()) {
      for (int j = 0; j < tables.columnCount(); j++) {
        if (j != secretIndex) {
          out.add(j);
        }
      }
    } else {
      for (String name : attackerColumns) {
        int j = tables.indexOf(name);
        if (j == secretIndex) {
          throw new IllegalArgumentException(
              "the secret column '" + name + "' must not be one of the attacker's columns " + attackerColumns);
        }
        out.add(j);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void warnIfWeak(String name, RiskEstimate risk, Consumer<String> warnings) {
    if (risk != null && !risk.beatsBaseline()) {
      warnings.accept(
          name
              + ": the attack did not beat the naive baseline (attack rate "
              + String.format(java.util.Locale.ROOT, "%.3f", risk.attackRate())
              + " vs baseline "
              + String.format(java.util.Locale.ROOT, "%.3f", risk.baselineRate())
              + "); the risk estimate says little");
    }
  }
}
