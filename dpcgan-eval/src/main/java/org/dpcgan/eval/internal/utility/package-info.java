/**
 * Internal: machine-learning utility and detection, with models from Tribuo (Oracle Labs, Apache-2.0).
 *
 * <p>Utility: train on synthetic, test on real (TSTR) against train on real, test on real (TRTR), for one
 * target column (Esteban et al. 2017, "Real-valued (medical) time series generation with recurrent
 * conditional GANs", who introduced TSTR; Xu et al. 2019, CTGAN, section 5). Detection: how well a classifier
 * tells real from synthetic rows, as SDMetrics' LogisticDetection (score 1 − (2·max(AUC, ½) − 1)).
 *
 * <p>Model: a linear model trained by SGD with AdaGrad (Tribuo {@code LinearSGDTrainer}; logistic loss for
 * classification, squared loss for regression), on standardised numeric columns (real mean and standard
 * deviation; a missing value becomes 0 plus a missing indicator) and one-hot categorical columns (missing is
 * its own level). Hyperparameters are in {@link org.dpcgan.eval.internal.utility.LinearModels}.
 */
package org.dpcgan.eval.internal.utility;
