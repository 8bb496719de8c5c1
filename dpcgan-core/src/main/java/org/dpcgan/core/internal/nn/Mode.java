package org.dpcgan.core.internal.nn;

/** Whether a forward pass trains (batch statistics, dropout active) or infers (running statistics, no dropout). */
public enum Mode {
  TRAINING,
  INFERENCE
}
