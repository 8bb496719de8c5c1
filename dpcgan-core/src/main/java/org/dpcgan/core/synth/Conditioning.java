package org.dpcgan.core.synth;

import org.dpcgan.core.internal.gan.ConditionalSampler;

/** How many discrete columns a training condition names: one (CTGAN) or two (DP-CGAN). */
public enum Conditioning {
  /** One column, one hot bit per condition vector (Xu et al. 2019). */
  SINGLE,
  /** Two columns, two hot bits per condition vector. */
  PAIR;

  ConditionalSampler.Mode samplerMode() {
    return this == SINGLE ? ConditionalSampler.Mode.SINGLE : ConditionalSampler.Mode.PAIR;
  }
}
