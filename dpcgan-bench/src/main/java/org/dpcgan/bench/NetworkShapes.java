package org.dpcgan.bench;

import java.util.ArrayList;
import java.util.List;
import org.dpcgan.core.internal.nn.BatchNorm1d;
import org.dpcgan.core.internal.nn.Dropout;
import org.dpcgan.core.internal.nn.LeakyReLU;
import org.dpcgan.core.internal.nn.Linear;
import org.dpcgan.core.internal.nn.OutputHeads;
import org.dpcgan.core.internal.nn.ReLU;
import org.dpcgan.core.internal.nn.Residual;
import org.dpcgan.core.internal.nn.Sequential;
import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The network shapes the benchmarks time: the default CTGAN architecture at Adult's sizes (DESIGN.md §3).
 *
 * <p>Generator output layout: nine categorical spans (104 one-hot columns, Adult's discrete columns with their
 * missing levels) and five continuous columns as scalar + mode one-hot (53 columns), 157 in all; the condition
 * vector covers the categorical spans (K = 104), so the generator's input is Z + K = 128 + 104 = 232.
 */
final class NetworkShapes {
  static final int LATENT = 128;
  static final int[] CATEGORICAL_WIDTHS = {9, 16, 7, 15, 6, 5, 2, 42, 2};
  static final int[] MODES_PER_CONTINUOUS = {10, 10, 10, 9, 9};
  static final int HIDDEN = 256;
  static final int PAC = 10;

  private NetworkShapes() {}

  static List<OutputHeads.Span> outputSpans() {
    List<OutputHeads.Span> spans = new ArrayList<>();
    for (int modes : MODES_PER_CONTINUOUS) {
      spans.add(new OutputHeads.Span(1, OutputHeads.Activation.TANH));
      spans.add(new OutputHeads.Span(modes, OutputHeads.Activation.GUMBEL_SOFTMAX));
    }
    for (int w : CATEGORICAL_WIDTHS) {
      spans.add(new OutputHeads.Span(w, OutputHeads.Activation.GUMBEL_SOFTMAX));
    }
    return spans;
  }

  static int outputWidth() {
    return outputSpans().stream().mapToInt(OutputHeads.Span::width).sum();
  }

  static int conditionWidth() {
    int k = 0;
    for (int w : CATEGORICAL_WIDTHS) {
      k += w;
    }
    return k;
  }

  /** Residual(Linear → BatchNorm → ReLU) ×2 of width 256, then Linear to the output width (heads separate). */
  static Sequential generator(int input, int output, RandomStream init) {
    int width = input;
    List<org.dpcgan.core.internal.nn.Layer> layers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      layers.add(new Residual("res" + i, new Sequential("res" + i + ".block", List.of(
          new Linear("res" + i + ".fc", width, HIDDEN, DataType.FLOAT, init),
          new BatchNorm1d("res" + i + ".bn", HIDDEN, DataType.FLOAT),
          new ReLU("res" + i + ".relu")))));
      width += HIDDEN;
    }
    layers.add(new Linear("out", width, output, DataType.FLOAT, init));
    return new Sequential("generator", layers);
  }

  /** (Linear → LeakyReLU(0.2) → Dropout(0.5)) ×2 of width 256, then Linear(1); no normalisation. */
  static Sequential discriminator(int input, RandomStream init) {
    return new Sequential("discriminator", List.of(
        new Linear("d0", input, HIDDEN, DataType.FLOAT, init),
        new LeakyReLU("d0.lrelu", 0.2),
        new Dropout("d0.drop", 0.5),
        new Linear("d1", HIDDEN, HIDDEN, DataType.FLOAT, init),
        new LeakyReLU("d1.lrelu", 0.2),
        new Dropout("d1.drop", 0.5),
        new Linear("d2", HIDDEN, 1, DataType.FLOAT, init)));
  }

  /** Σ in·out over the Linear layers of a network: a forward pass costs 2·B·Σ, a full backward 4·B·Σ. */
  static long multiplyAdds(Sequential network) {
    long total = 0;
    for (var p : network.parameters()) {
      if (p.value().rank() == 2) {           // weight matrices [in, out]; biases and BatchNorm are rank 1
        total += p.value().length();
      }
    }
    return total;
  }
}
