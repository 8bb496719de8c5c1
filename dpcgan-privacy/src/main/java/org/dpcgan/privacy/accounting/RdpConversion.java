package org.dpcgan.privacy.accounting;

/** How an RDP curve is converted to (ε, δ). */
public enum RdpConversion {
  /**
   * Balle, Barthe, Gaboardi, Hsu, Sato, "Hypothesis Testing Interpretations and Rényi Differential Privacy"
   * (AISTATS 2020), Theorem 21: ε = RDP(α) + log((α−1)/α) − (log δ + log α)/(α−1), used for α &gt; 1.01 as in
   * Google's {@code dp_accounting} and Opacus; when δ² &gt; 1 − e^{−RDP} the KL bound gives ε = 0. The default:
   * never looser than {@link #CLASSIC}.
   */
  BALLE_2020,
  /** Mironov, "Rényi Differential Privacy" (CSF 2017), Proposition 3: ε = RDP(α) + log(1/δ)/(α−1). */
  CLASSIC
}
