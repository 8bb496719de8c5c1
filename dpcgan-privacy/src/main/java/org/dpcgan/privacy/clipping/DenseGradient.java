package org.dpcgan.privacy.clipping;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Materialised per-example gradients, shape [B, …] (the first axis indexes examples), e.g. a bias.
 *
 * @param perExample the gradients, rank &ge; 2, floating point; not copied
 */
public record DenseGradient(INDArray perExample) implements PerExampleGradient {
  public DenseGradient {
    if (perExample == null) {
      throw new IllegalArgumentException("perExample must not be null");
    }
    if (perExample.rank() < 2 || !perExample.dataType().isFPType()) {
      throw new IllegalArgumentException("DenseGradient needs a floating-point array of shape [B, ...]. Provided: "
          + perExample.dataType() + " " + Arrays.toString(perExample.shape()));
    }
  }

  @Override
  public long batchSize() {
    return perExample.size(0);
  }

  @Override
  public long[] parameterShape() {
    long[] s = perExample.shape();
    return Arrays.copyOfRange(s, 1, s.length);
  }

  @Override
  public DataType dataType() {
    return perExample.dataType();
  }

  private INDArray flat() {
    return perExample.reshape('c', batchSize(), perExample.length() / batchSize());
  }

  /** ‖g_i‖² in DOUBLE, computed from the values in double. */
  @Override
  public INDArray squaredNorms() {
    INDArray n = flat().castTo(DataType.DOUBLE).norm2(1).reshape(batchSize());
    return n.muli(n);
  }

  @Override
  public INDArray weightedSum(INDArray c) {
    INDArray row = c.castTo(dataType()).reshape(1, batchSize());
    return row.mmul(flat()).reshape('c', parameterShape());
  }

  @Override
  public DenseGradient withoutExamples(boolean[] drop) {
    INDArray copy = perExample.dup('c');
    INDArray rows = copy.reshape('c', batchSize(), copy.length() / batchSize());
    for (int i = 0; i < drop.length; i++) {
      if (drop[i]) {
        rows.getRow(i).assign(0);
      }
    }
    return new DenseGradient(copy);
  }

  @Override
  public String toString() {
    return "DenseGradient" + Arrays.toString(perExample.shape()) + " " + dataType();
  }
}
