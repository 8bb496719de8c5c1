package org.dpcgan.eval.internal.utility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.dpcgan.eval.EvalColumnKind;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.dpcgan.eval.utility.ModelScores;
import org.dpcgan.eval.utility.UtilityReport;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;

/**
 * Machine-learning utility: the same model trained on the synthetic rows and on the real rows, both tested on
 * real rows the generator did not see (the holdout), for one target column (TSTR vs TRTR; Esteban et al.
 * 2017; Xu et al. 2019). A categorical target is a classification task, a numeric one a regression task.
 */
public final class UtilityEvaluator {
  private UtilityEvaluator() {}

  /**
   * Trains and tests both models.
   *
   * @throws IllegalArgumentException if {@code target} is not a column
   */
  public static UtilityReport evaluate(EncodedTables tables, String target, long seed, Consumer<String> warnings) {
    int t = tables.indexOf(target);
    SplittableRandom rng = new SplittableRandom(seed);
    EncodedTable trainReal;
    EncodedTable test;
    String source;
    if (tables.hasHoldout()) {
      trainReal = tables.real();
      test = tables.holdout();
      source = "holdout";
    } else {
      int n = tables.real().rows();
      int[] order = shuffledRange(n, rng.split());
      int cut = (int) Math.round(0.7 * n);
      trainReal = tables.real().select(Arrays.copyOfRange(order, 0, cut));
      test = tables.real().select(Arrays.copyOfRange(order, cut, n));
      source = "real split";
      warnings.accept(
          "utility: no holdout table, so the models are tested on 30% of the real rows, which the generator saw;"
              + " the synthetic model's score is optimistic");
    }
    trainReal = withTarget(trainReal, t);
    EncodedTable trainSyn = withTarget(tables.synthetic(), t);
    test = withTarget(test, t);
    if (trainReal.rows() < 2 || trainSyn.rows() < 2 || test.rows() < 1) {
      throw new IllegalArgumentException(
          "utility needs at least 2 training rows and 1 test row with a value for target '"
              + target
              + "'. Provided: real "
              + trainReal.rows()
              + ", synthetic "
              + trainSyn.rows()
              + ", test "
              + test.rows());
    }
    FeatureEncoder encoder = new FeatureEncoder(tables, t);
    long realSeed = rng.nextLong();
    long synSeed = rng.nextLong();
    if (tables.kind(t) == EvalColumnKind.CATEGORICAL) {
      List<String> levels = tables.levels(t);
      String positive = minorityLevel(tables.real().codes(t), levels);
      ModelScores real = classify(encoder, trainReal, test, t, levels, positive, realSeed, "real", warnings);
      ModelScores syn = classify(encoder, trainSyn, test, t, levels, positive, synSeed, "synthetic", warnings);
      return new UtilityReport(
          target, "classification", LinearModels.DESCRIPTION, source, test.rows(), real, syn);
    }
    ModelScores real = regress(encoder, trainReal, test, t, realSeed);
    ModelScores syn = regress(encoder, trainSyn, test, t, synSeed);
    return new UtilityReport(target, "regression", LinearModels.DESCRIPTION, source, test.rows(), real, syn);
  }

  private static ModelScores classify(
      FeatureEncoder encoder,
      EncodedTable train,
      EncodedTable test,
      int t,
      List<String> levels,
      String positive,
      long seed,
      String role,
      Consumer<String> warnings) {
    List<Example<Label>> examples = new ArrayList<>(train.rows());
    for (int i = 0; i < train.rows(); i++) {
      FeatureEncoder.Features f = encoder.encode(train, i);
      examples.add(new ArrayExample<>(new Label(levels.get(train.codes(t)[i])), f.names(), f.values()));
    }
    if (Arrays.stream(train.codes(t)).distinct().count() < 2) {
      warnings.accept("utility: the " + role + " training rows have a single target level; AUC is undefined");
    }
    Model<Label> model = LinearModels.classifier(examples, seed);
    int n = test.rows();
    String[] truth = new String[n];
    String[] predicted = new String[n];
    List<Example<Label>> testExamples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      FeatureEncoder.Features f = encoder.encode(test, i);
      truth[i] = levels.get(test.codes(t)[i]);
      testExamples.add(new ArrayExample<>(new Label(truth[i]), f.names(), f.values()));
    }
    List<Prediction<Label>> predictions = model.predict(testExamples);
    for (int i = 0; i < n; i++) {
      predicted[i] = predictions.get(i).getOutput().getLabel();
    }
    boolean binary = Arrays.stream(truth).distinct().count() == 2;
    return new ModelScores(accuracy(truth, predicted), macroF1(truth, predicted),
        binary ? classF1(truth, predicted, positive) : Double.NaN, auc(predictions, truth, levels, positive),
        Double.NaN);
  }

  private static double auc(List<Prediction<Label>> predictions, String[] truth, List<String> levels, String positive) {
    List<String> present = Arrays.stream(truth).distinct().toList();
    if (present.size() < 2) {
      return Double.NaN;
    }
    List<String> classes = present.size() == 2 ? List.of(positive) : present;
    double sum = 0.0;
    int counted = 0;
    for (String c : classes) {
      double[] scores = new double[truth.length];
      boolean[] isPositive = new boolean[truth.length];
      for (int i = 0; i < truth.length; i++) {
        scores[i] = LinearModels.score(predictions.get(i), c);
        isPositive[i] = truth[i].equals(c);
      }
      double a = Auc.of(scores, isPositive);
      if (!Double.isNaN(a)) {
        sum += a;
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }

  private static ModelScores regress(
      FeatureEncoder encoder, EncodedTable train, EncodedTable test, int t, long seed) {
    double[] y = train.values(t);
    double mu = Arrays.stream(y).average().orElse(0.0);
    double sd = Math.sqrt(Arrays.stream(y).map(v -> (v - mu) * (v - mu)).sum() / Math.max(1, y.length - 1));
    double scale = sd > 0.0 ? sd : 1.0;
    List<Example<Regressor>> examples = new ArrayList<>(train.rows());
    for (int i = 0; i < train.rows(); i++) {
      FeatureEncoder.Features f = encoder.encode(train, i);
      examples.add(new ArrayExample<>(new Regressor("y", (y[i] - mu) / scale), f.names(), f.values()));
    }
    Model<Regressor> model = LinearModels.regressor(examples, seed);
    List<Example<Regressor>> testExamples = new ArrayList<>(test.rows());
    for (int i = 0; i < test.rows(); i++) {
      FeatureEncoder.Features f = encoder.encode(test, i);
      testExamples.add(new ArrayExample<>(new Regressor("y", Double.NaN), f.names(), f.values()));
    }
    List<Prediction<Regressor>> predictions = model.predict(testExamples);
    double[] predicted = new double[test.rows()];
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] = predictions.get(i).getOutput().getValues()[0] * scale + mu;
    }
    return new ModelScores(Double.NaN, Double.NaN, Double.NaN, Double.NaN, r2(test.values(t), predicted));
  }

  /** Coefficient of determination 1 − Σ(y − ŷ)² / Σ(y − ȳ)²; NaN for a constant truth. */
  static double r2(double[] truth, double[] predicted) {
    double mean = Arrays.stream(truth).average().orElse(Double.NaN);
    double ssRes = 0.0;
    double ssTot = 0.0;
    for (int i = 0; i < truth.length; i++) {
      ssRes += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
      ssTot += (truth[i] - mean) * (truth[i] - mean);
    }
    return ssTot == 0.0 ? Double.NaN : 1.0 - ssRes / ssTot;
  }

  static double accuracy(String[] truth, String[] predicted) {
    int right = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i].equals(predicted[i])) {
        right++;
      }
    }
    return (double) right / truth.length;
  }

  /** Mean over the classes present in {@code truth} of their {@link #classF1}. */
  static double macroF1(String[] truth, String[] predicted) {
    List<String> classes = Arrays.stream(truth).distinct().sorted().toList();
    double sum = 0.0;
    for (String c : classes) {
      sum += classF1(truth, predicted, c);
    }
    return sum / classes.size();
  }

  /** F1 = 2·TP / (2·TP + FP + FN) of class {@code c}. */
  static double classF1(String[] truth, String[] predicted, String c) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < truth.length; i++) {
      boolean isC = truth[i].equals(c);
      boolean saysC = predicted[i].equals(c);
      if (isC && saysC) {
        tp++;
      } else if (saysC) {
        fp++;
      } else if (isC) {
        fn++;
      }
    }
    return 2.0 * tp / (2.0 * tp + fp + fn);
  }

  private static String minorityLevel(int[] codes, List<String> levels) {
    int[] counts = new int[levels.size()];
    for (int c : codes) {
      if (c >= 0) {
        counts[c]++;
      }
    }
    int best = -1;
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] > 0 && (best < 0 || counts[c] < counts[best])) {
        best = c;
      }
    }
    return levels.get(best);
  }

  private static EncodedTable withTarget(EncodedTable table, int t) {
    int[] keep =
        java.util.stream.IntStream.range(0, table.rows()).filter(i -> !table.isMissing(i, t)).toArray();
    return keep.length == table.rows() ? table : table.select(keep);
  }

  static int[] shuffledRange(int n, SplittableRandom rng) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }
}
