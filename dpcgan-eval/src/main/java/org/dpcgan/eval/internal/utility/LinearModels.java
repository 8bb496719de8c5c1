package org.dpcgan.eval.internal.utility;

import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * The Tribuo models used for utility and detection, with their fixed hyperparameters: linear models trained
 * by SGD with AdaGrad (Duchi, Hazan and Singer 2011), learning rate {@value #LEARNING_RATE}, epsilon
 * {@value #ADAGRAD_EPSILON}, {@value #EPOCHS} epochs, minibatch {@value #MINIBATCH}; logistic (softmax) loss
 * for classification, squared loss for regression (on a standardised target).
 */
final class LinearModels {
  static final double LEARNING_RATE = 0.1;
  static final double ADAGRAD_EPSILON = 0.1;
  static final int EPOCHS = 5;
  static final int MINIBATCH = 1;
  /** Logging interval larger than any data set here, so Tribuo does not log per step. */
  private static final int NO_LOGGING = Integer.MAX_VALUE;

  static final String DESCRIPTION =
      "Tribuo LinearSGDTrainer (logistic/squared loss, AdaGrad lr="
          + LEARNING_RATE
          + ", "
          + EPOCHS
          + " epochs), standardised numeric + one-hot categorical features";

  private LinearModels() {}

  static Model<Label> classifier(List<Example<Label>> examples, long seed) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(examples, new SimpleDataSourceProvenance("dpcgan-eval", factory), factory);
    var trainer =
        new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
            new LogMulticlass(), new AdaGrad(LEARNING_RATE, ADAGRAD_EPSILON), EPOCHS, NO_LOGGING, MINIBATCH, seed);
    return trainer.train(data);
  }

  static Model<Regressor> regressor(List<Example<Regressor>> examples, long seed) {
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data =
        new MutableDataset<>(examples, new SimpleDataSourceProvenance("dpcgan-eval", factory), factory);
    var trainer =
        new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
            new SquaredLoss(), new AdaGrad(LEARNING_RATE, ADAGRAD_EPSILON), EPOCHS, NO_LOGGING, MINIBATCH, seed);
    return trainer.train(data);
  }

  /** Probability of {@code label} in a classifier's prediction (0 when the model never saw that label). */
  static double score(Prediction<Label> prediction, String label) {
    Label l = prediction.getOutputScores().get(label);
    return l == null ? 0.0 : l.getScore();
  }
}
