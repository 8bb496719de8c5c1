package org.dpcgan.eval.internal.utility;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.dpcgan.eval.utility.DetectionReport;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * Detection as in SDMetrics' LogisticDetection (DataCebo): a logistic-regression classifier learns to tell
 * real rows from synthetic rows in stratified k-fold cross-validation; with the mean held-out ROC AUC, the
 * score is {@code 1 − (2·max(AUC, ½) − 1)}. Up to {@code maxRows} rows of each table are used (a seeded
 * random subset), so that the cost stays bounded.
 */
public final class DetectionEvaluator {
  private static final String SYNTHETIC = "synthetic";
  private static final String REAL = "real";

  private DetectionEvaluator() {}

  /**
   * Runs the detection test.
   *
   * @param folds number of folds, ≥ 2
   * @param maxRows rows used at most from each table, ≥ folds
   */
  public static DetectionReport evaluate(EncodedTables tables, int folds, int maxRows, long seed) {
    if (folds < 2) {
      throw new IllegalArgumentException("folds must be >= 2. Provided value: " + folds);
    }
    if (maxRows < folds) {
      throw new IllegalArgumentException("maxRows must be >= folds (" + folds + "). Provided value: " + maxRows);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int n = Math.min(maxRows, Math.min(tables.real().rows(), tables.synthetic().rows()));
    if (n < folds) {
      throw new IllegalArgumentException(
          "detection needs at least " + folds + " rows in each table. Provided: " + n);
    }
    EncodedTable real = tables.real().select(head(UtilityEvaluator.shuffledRange(tables.real().rows(), rng), n));
    EncodedTable syn =
        tables.synthetic().select(head(UtilityEvaluator.shuffledRange(tables.synthetic().rows(), rng), n));
    FeatureEncoder encoder = new FeatureEncoder(tables, -1);
    List<Example<Label>> realExamples = examples(encoder, real, REAL);
    List<Example<Label>> synExamples = examples(encoder, syn, SYNTHETIC);
    double aucSum = 0.0;
    for (int f = 0; f < folds; f++) {
      List<Example<Label>> train = new ArrayList<>();
      List<Example<Label>> test = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // Rows were shuffled above, so position modulo folds is a stratified random fold assignment.
        (i % folds == f ? test : train).add(realExamples.get(i));
        (i % folds == f ? test : train).add(synExamples.get(i));
      }
      Model<Label> model = LinearModels.classifier(train, rng.nextLong());
      List<Prediction<Label>> predictions = model.predict(test);
      double[] scores = new double[test.size()];
      boolean[] positive = new boolean[test.size()];
      for (int i = 0; i < test.size(); i++) {
        scores[i] = LinearModels.score(predictions.get(i), SYNTHETIC);
        positive[i] = test.get(i).getOutput().getLabel().equals(SYNTHETIC);
      }
      aucSum += Auc.of(scores, positive);
    }
    double auc = aucSum / folds;
    double score = 1.0 - (2.0 * Math.max(auc, 0.5) - 1.0);
    return new DetectionReport(auc, score, folds, n, "logistic regression: " + LinearModels.DESCRIPTION);
  }

  private static List<Example<Label>> examples(FeatureEncoder encoder, EncodedTable table, String label) {
    List<Example<Label>> out = new ArrayList<>(table.rows());
    for (int i = 0; i < table.rows(); i++) {
      FeatureEncoder.Features f = encoder.encode(table, i);
      out.add(new ArrayExample<>(new Label(label), f.names(), f.values()));
    }
    return out;
  }

  private static int[] head(int[] order, int n) {
    return java.util.Arrays.copyOf(order, n);
  }
}
