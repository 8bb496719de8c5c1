package org.dpcgan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dpcgan.privacy.clipping.DenseGradient;
import org.dpcgan.privacy.clipping.DpSgdAggregator;
import org.dpcgan.privacy.clipping.FactoredGradient;
import org.dpcgan.privacy.clipping.PerExampleClipping;
import org.dpcgan.privacy.clipping.PerExampleGradient;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of DP-SGD's private aggregation for the default discriminator (pack input 2540 → 256 → 256 → 1,
 * LeakyReLU, 716,545 parameters) at 50 packs, next to the plain backward pass of the same loss terms:
 * secure Gaussian noise for every parameter, per-example norms (Gram identity) and the clipped sum (GEMMs).
 * FLOAT, like training. {@code terms} = number of loss terms per pack (3 for WGAN-GP: real, fake, penalty).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NoiseBenchmark {
  static final int PACKS = 50;
  static final int[] WIDTHS = {2540, 256, 256, 1};
  static final int PARAMETERS = 2540 * 256 + 256 + 256 * 256 + 256 + 256 + 1;

  @Param({"1", "3"})
  public int terms;

  private INDArray[] weights; // W_l [in, out]
  private INDArray[][] inputs; // [term][layer] A [B, in]
  private INDArray[][] masks; // [term][layer 0..1] LeakyReLU derivative [B, out]
  private INDArray[] outputGradients; // [term] [B, 1]
  private GaussianNoise noise;
  private DpSgdAggregator aggregator;
  private double[] doubleBuffer;

  private static INDArray random(SplittableRandom rng, double scale, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (scale * (rng.nextDouble() * 2 - 1));
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
  }

  private static INDArray leakyMask(SplittableRandom rng, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextBoolean() ? 1f : 0.2f;
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
  }

  @Setup
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(42);
    weights = new INDArray[3];
    for (int l = 0; l < 3; l++) {
      weights[l] = random(rng, 1 / Math.sqrt(WIDTHS[l]), WIDTHS[l], WIDTHS[l + 1]);
    }
    inputs = new INDArray[terms][3];
    masks = new INDArray[terms][2];
    outputGradients = new INDArray[terms];
    for (int t = 0; t < terms; t++) {
      for (int l = 0; l < 3; l++) {
        inputs[t][l] = random(rng, 1, PACKS, WIDTHS[l]);
      }
      masks[t][0] = leakyMask(rng, PACKS, 256);
      masks[t][1] = leakyMask(rng, PACKS, 256);
      outputGradients[t] = random(rng, 1, PACKS, 1);
    }
    noise = GaussianNoise.secure();
    aggregator = new DpSgdAggregator(1.0, 1.0, PACKS, PACKS, noise);
    doubleBuffer = new double[PARAMETERS];

    // Agreement before timing: without clipping, the clipped sum equals the plain batch gradient.
    List<INDArray> plain = plainBackward();
    List<INDArray> unclipped = PerExampleClipping.clippedSum(perExampleGradients(), 1e12);
    for (int k = 0; k < plain.size(); k++) {
      double diff = plain.get(k).sub(unclipped.get(k).reshape(plain.get(k).shape())).amaxNumber().doubleValue();
      double scale = plain.get(k).amaxNumber().doubleValue();
      if (!(diff <= 1e-4 * scale)) {
        throw new IllegalStateException("clipped sum disagrees with the plain gradient of parameter " + k + ": " + diff);
      }
    }
    if (PARAMETERS != plain.stream().mapToLong(INDArray::length).sum()) {
      throw new IllegalStateException("parameter count");
    }
  }

  /** Output gradients of the three layers for one term: Δ3 [B,1], Δ2 [B,256], Δ1 [B,256]. */
  private INDArray[] deltas(int t) {
    INDArray d3 = outputGradients[t];
    INDArray d2 = d3.mmul(weights[2].transpose()).muli(masks[t][1]);
    INDArray d1 = d2.mmul(weights[1].transpose()).muli(masks[t][0]);
    return new INDArray[] {d1, d2, d3};
  }

  /** Batch gradients of W1, b1, W2, b2, W3, b3 summed over terms (no per-example work). */
  @Benchmark
  public List<INDArray> plainBackward() {
    INDArray[] w = new INDArray[3];
    INDArray[] b = new INDArray[3];
    for (int t = 0; t < terms; t++) {
      INDArray[] d = deltas(t);
      for (int l = 0; l < 3; l++) {
        INDArray gw = Nd4j.gemm(inputs[t][l], d[l], true, false);
        INDArray gb = d[l].sum(0);
        w[l] = w[l] == null ? gw : w[l].addi(gw);
        b[l] = b[l] == null ? gb : b[l].addi(gb);
      }
    }
    return List.of(w[0], b[0], w[1], b[1], w[2], b[2]);
  }

  private List<PerExampleGradient> perExampleGradients() {
    List<List<FactoredGradient.Factor>> factors = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    INDArray[] bias = new INDArray[3];
    for (int t = 0; t < terms; t++) {
      INDArray[] d = deltas(t);
      for (int l = 0; l < 3; l++) {
        factors.get(l).add(new FactoredGradient.Factor(inputs[t][l], d[l]));
        bias[l] = bias[l] == null ? d[l].dup() : bias[l].addi(d[l]);
      }
    }
    List<PerExampleGradient> out = new ArrayList<>();
    for (int l = 0; l < 3; l++) {
      out.add(new FactoredGradient(factors.get(l)));
      out.add(new DenseGradient(bias[l]));
    }
    return out;
  }

  /** Same Δs, then per-example norms and the clipped sum (no noise). */
  @Benchmark
  public List<INDArray> clippedBackward() {
    return PerExampleClipping.clippedSum(perExampleGradients(), 1.0);
  }

  /** The whole private gradient: Δs, per-example norms, clipped sum, secure noise, 1/E[B]. */
  @Benchmark
  public List<INDArray> privateBackward() {
    return aggregator.aggregate(perExampleGradients());
  }

  /** Secure noise for every discriminator parameter, as a FLOAT array. */
  @Benchmark
  public INDArray noiseForDiscriminator() {
    return noise.sample(DataType.FLOAT, 1.0, PARAMETERS);
  }

  /** Secure noise into a double[] of the discriminator's size: doubles/s = PARAMETERS × ops/s. */
  @Benchmark
  public double[] noiseDoubles() {
    noise.fill(doubleBuffer, 0, doubleBuffer.length, 1.0);
    return doubleBuffer;
  }
}
