/**
 * The privacy-risk part of an {@link org.dpcgan.eval.EvaluationReport}: the singling-out, linkability and inference
 * risks of the Article 29 Working Party, each an attack on the training rows against a control on holdout rows
 * ({@link org.dpcgan.eval.privacy.RiskEstimate}; Giomi et al. 2023), and the distances to the closest record.
 */
package org.dpcgan.eval.privacy;
