package org.dpcgan.eval.utility;

/**
 * Train-on-synthetic/test-on-real against train-on-real/test-on-real.
 *
 * @param target the target column
 * @param task {@code "classification"} or {@code "regression"}
 * @param model the model and its hyperparameters
 * @param testSource {@code "holdout"}, or {@code "real split"} when no holdout was given (30% of the real
 *     rows, which the generator saw)
 * @param testRows number of test rows
 * @param trainReal scores of the model trained on real rows
 * @param trainSynthetic scores of the model trained on synthetic rows
 */
public record UtilityReport(
    String target,
    String task,
    String model,
    String testSource,
    int testRows,
    ModelScores trainReal,
    ModelScores trainSynthetic) {
  @Override
  public String toString() {
    return "UtilityReport[" + target + " (" + task + "): real " + trainReal + " | synthetic " + trainSynthetic + "]";
  }
}
