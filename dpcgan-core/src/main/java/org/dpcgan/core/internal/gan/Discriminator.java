package org.dpcgan.core.internal.gan;

import java.util.ArrayList;
import java.util.List;
import org.dpcgan.core.internal.exec.SecondThread;
import org.dpcgan.core.internal.nn.Dropout;
import org.dpcgan.core.internal.nn.Layer;
import org.dpcgan.core.internal.nn.LeakyReLU;
import org.dpcgan.core.internal.nn.Linear;
import org.dpcgan.core.internal.nn.Sequential;
import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CTGAN's packed critic (Xu et al. 2019; PacGAN, Lin et al. 2018): {@code pac} rows, each concatenated with
 * its condition vector, form one input row; then {@code (Linear → LeakyReLU(0.2) → Dropout(0.5)) × n →
 * Linear(1)}, with no normalisation layer so that the gradient penalty and per-pack gradients stay
 * per-pack.
 */
public final class Discriminator {
  private final Sequential network;
  private final int pac;
  private final int rowWidth;

  /** A critic over rows of width {@code rowWidth} (encoded width + condition width), packed by {@code pac}. */
  public Discriminator(GanConfig config, int rowWidth, DataType dtype, RandomStream init) {
    this(config, rowWidth, dtype, init, SecondThread.none());
  }

  /** A critic whose products split on {@code helper}: a training run's, on the run's thread. */
  public Discriminator(GanConfig config, int rowWidth, DataType dtype, RandomStream init, SecondThread helper) {
    this.pac = config.pac();
    this.rowWidth = rowWidth;
    List<Layer> layers = new ArrayList<>();
    long width = (long) pac * rowWidth;
    int i = 0;
    for (int hidden : config.discriminatorWidths()) {
      layers.add(new Linear("d.fc" + i, width, hidden, dtype, init, helper));
      layers.add(new LeakyReLU("d.lrelu" + i, config.leakySlope()));
      layers.add(new Dropout("d.drop" + i, config.dropout()));
      width = hidden;
      i++;
    }
    layers.add(new Linear("d.out", width, 1, dtype, init, helper));
    this.network = new Sequential("discriminator", layers);
  }

  public Sequential network() {
    return network;
  }

  public int pac() {
    return pac;
  }

  /** Packs rows {@code [B, rowWidth]} into {@code [B / pac, pac · rowWidth]} (a view when contiguous). */
  public INDArray pack(INDArray rows) {
    if (rows.size(0) % pac != 0 || rows.size(1) != rowWidth) {
      throw new IllegalArgumentException("discriminator: rows must be [a multiple of " + pac + ", " + rowWidth
          + "]. Provided: " + java.util.Arrays.toString(rows.shape()));
    }
    return rows.reshape('c', rows.size(0) / pac, (long) pac * rowWidth);
  }

  /** The inverse of {@link #pack}. */
  public INDArray unpack(INDArray packed) {
    return packed.reshape('c', packed.size(0) * pac, rowWidth);
  }

  @Override
  public String toString() {
    return "Discriminator[pac=" + pac + ", " + network + "]";
  }
}
