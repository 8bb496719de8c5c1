package org.dpcgan.privacy.clipping;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-example weight gradient of a linear layer y = x·W (W of shape [in, out]) as a sum of rank-one
 * terms: example i's gradient is Σ_j a_{j,i}ᵀ δ_{j,i}, where a_{j,i} is row i of the layer inputs A_j
 * [B, in] and δ_{j,i} row i of the output gradients Δ_j [B, out] of term j (e.g. the real, fake and
 * gradient-penalty terms of a WGAN-GP critic loss).
 *
 * <p>Per-example squared norms use the Gram identity ‖Σ_j a_jᵀδ_j‖² = Σ_{j,k} (a_j·a_k)(δ_j·δ_k), row-wise
 * on the host in double (Goodfellow, "Efficient Per-Example Gradient Computations", 2015, for one term; Lee and
 * Kifer, "Scaling up Differentially Private Deep Learning with Fast Per-Example Gradient Clipping", 2021,
 * for several); the clipped sum is Σ_j A_jᵀ·diag(c)·Δ_j by GEMMs. No [B, in, out] tensor is formed.
 *
 * @param terms the factor pairs, at least one; all with the same B, in, out and data type
 */
public record FactoredGradient(List<Factor> terms) implements PerExampleGradient {

  /**
   * One rank-one term per example.
   *
   * @param inputs A [B, in], the layer's input for this term
   * @param outputGradients Δ [B, out], the loss gradient with respect to the layer's output for this term
   */
  public record Factor(INDArray inputs, INDArray outputGradients) {
    public Factor {
      if (inputs == null || outputGradients == null) {
        throw new IllegalArgumentException("Factor needs inputs and outputGradients, both non-null");
      }
      if (inputs.rank() != 2 || outputGradients.rank() != 2 || inputs.size(0) != outputGradients.size(0)) {
        throw new IllegalArgumentException("Factor needs inputs [B, in] and outputGradients [B, out] with the same B. "
            + "Provided: " + Arrays.toString(inputs.shape()) + " and " + Arrays.toString(outputGradients.shape()));
      }
      if (!inputs.dataType().isFPType() || inputs.dataType() != outputGradients.dataType()) {
        throw new IllegalArgumentException("Factor needs inputs and outputGradients of the same floating-point type. "
            + "Provided: " + inputs.dataType() + " and " + outputGradients.dataType());
      }
    }

    @Override
    public String toString() {
      return "Factor" + Arrays.toString(inputs.shape()) + "ᵀ·" + Arrays.toString(outputGradients.shape());
    }
  }

  public FactoredGradient {
    if (terms == null || terms.isEmpty()) {
      throw new IllegalArgumentException("FactoredGradient needs at least one term. Provided: " + terms);
    }
    Factor first = terms.get(0);
    for (Factor t : terms) {
      if (t == null) {
        throw new IllegalArgumentException("FactoredGradient terms must not be null");
      }
      if (!Arrays.equals(t.inputs().shape(), first.inputs().shape())
          || !Arrays.equals(t.outputGradients().shape(), first.outputGradients().shape())
          || t.inputs().dataType() != first.inputs().dataType()) {
        throw new IllegalArgumentException("all terms of a FactoredGradient need the same shapes and type. Provided: "
            + first + " " + first.inputs().dataType() + " and " + t + " " + t.inputs().dataType());
      }
    }
    terms = List.copyOf(terms);
  }

  /** A single-term factored gradient (one loss term). */
  public static FactoredGradient of(INDArray inputs, INDArray outputGradients) {
    return new FactoredGradient(List.of(new Factor(inputs, outputGradients)));
  }

  @Override
  public long batchSize() {
    return terms.get(0).inputs().size(0);
  }

  @Override
  public long[] parameterShape() {
    return new long[] {terms.get(0).inputs().size(1), terms.get(0).outputGradients().size(1)};
  }

  @Override
  public DataType dataType() {
    return terms.get(0).inputs().dataType();
  }

  /**
   * Per-example ‖g_i‖² in DOUBLE, from the factors' values in double (a product of two floats is exact in double)
   * so that float rounding cannot make a norm smaller than it is: Σ_{j,k} (a_j·a_k)(δ_j·δ_k) over the rows'
   * Gram entries.
   */
  @Override
  public INDArray squaredNorms() {
    int b = Math.toIntExact(batchSize());
    int j = terms.size();
    double[] inputGrams = rowGrams(terms.stream().map(Factor::inputs).toList(), b);
    double[] gradientGrams = rowGrams(terms.stream().map(Factor::outputGradients).toList(), b);
    int pairs = j * (j + 1) / 2;
    double[] out = new double[b];
    for (int i = 0; i < b; i++) {
      double sq = 0;
      for (int x = 0, p = i * pairs; x < j; x++) {
        for (int y = x; y < j; y++, p++) {
          sq += (x == y ? 1 : 2) * inputGrams[p] * gradientGrams[p];
        }
      }
      out[i] = sq;
    }
    return Nd4j.createFromArray(out);
  }

  /**
   * Row i's dot products a_x·a_y of the factors {@code xs} (all [b, width]) for x ≤ y, at {@code [i·pairs + p]} in
   * the order (0,0), (0,1), …, (1,1), …: products and sums in double, on the host, where a batched ND4J product
   * of small Gram matrices was slow (docs/benchmarks.md, "Per-example norms on the host").
   */
  private static double[] rowGrams(List<INDArray> xs, int b) {
    int j = xs.size();
    int width = Math.toIntExact(xs.get(0).size(1));
    RowDot dot;
    if (xs.get(0).dataType() == DataType.FLOAT) {
      float[][] v = new float[j][b * width];
      for (int x = 0; x < j; x++) {
        INDArray factor = readable(xs.get(x));
        factor.data().asNioFloat().get(Math.toIntExact(factor.offset()), v[x]);
      }
      if (j == 3) {
        return threeTermGrams(v[0], v[1], v[2], b, width);
      }
      dot = (x, y, from) -> dot(v[x], v[y], from, width);
    } else {
      double[][] v = new double[j][b * width];
      for (int x = 0; x < j; x++) {
        INDArray factor = readable(xs.get(x).castTo(DataType.DOUBLE));
        factor.data().asNioDouble().get(Math.toIntExact(factor.offset()), v[x]);
      }
      dot = (x, y, from) -> dot(v[x], v[y], from, width);
    }
    double[] grams = new double[b * j * (j + 1) / 2];
    for (int i = 0, p = 0; i < b; i++) {
      for (int x = 0; x < j; x++) {
        for (int y = x; y < j; y++) {
          grams[p++] = dot.of(x, y, i * width);
        }
      }
    }
    return grams;
  }

  /**
   * {@link #rowGrams} of three FLOAT factors (a DP critic layer's real, fake and penalty terms) in one pass over each
   * row, so that the six dot products share their loads.
   */
  private static double[] threeTermGrams(float[] u, float[] v, float[] w, int b, int width) {
    double[] grams = new double[6 * b];
    for (int i = 0; i < b; i++) {
      double uu = 0;
      double uv = 0;
      double uw = 0;
      double vv = 0;
      double vw = 0;
      double ww = 0;
      for (int t = i * width, end = t + width; t < end; t++) {
        double x = u[t];
        double y = v[t];
        double z = w[t];
        uu += x * x;
        uv += x * y;
        uw += x * z;
        vv += y * y;
        vw += y * z;
        ww += z * z;
      }
      int p = 6 * i;
      grams[p] = uu;
      grams[p + 1] = uv;
      grams[p + 2] = uw;
      grams[p + 3] = vv;
      grams[p + 4] = vw;
      grams[p + 5] = ww;
    }
    return grams;
  }

  /** The dot product of row {@code from / width} of factors x and y. */
  private interface RowDot {
    double of(int x, int y, int from);
  }

  /**
   * {@code x}, or a copy of it, whose elements lie in c order from its {@link INDArray#offset()} in the buffer
   * {@code data().asNioFloat()} (or {@code asNioDouble()}) spans: a row range of a c-order matrix is read in place,
   * as ND4J's {@code dup} of it costs far more than the read (docs/benchmarks.md).
   */
  private static INDArray readable(INDArray x) {
    boolean inPlace = x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x)
        && x.offset() + x.length() <= x.data().underlyingLength();
    return inPlace ? x : x.dup('c');
  }

  /** Σ a[from + t]·b[from + t] over t < n, each product exact in double. */
  private static double dot(float[] a, float[] b, int from, int n) {
    double s0 = 0;
    double s1 = 0;
    int t = from;
    for (int end = from + n - 1; t < end; t += 2) {
      s0 += (double) a[t] * b[t];
      s1 += (double) a[t + 1] * b[t + 1];
    }
    if (t < from + n) {
      s0 += (double) a[t] * b[t];
    }
    return s0 + s1;
  }

  private static double dot(double[] a, double[] b, int from, int n) {
    double s = 0;
    for (int t = from; t < from + n; t++) {
      s += a[t] * b[t];
    }
    return s;
  }

  @Override
  public INDArray weightedSum(INDArray c) {
    INDArray column = c.castTo(dataType()).reshape(batchSize(), 1);
    long[] shape = parameterShape();
    // Uninitialised output (β = 0 on the first term): a zero-filled allocation would cost as much as the GEMM.
    Factor first = terms.get(0);
    INDArray sum = Nd4j.createUninitialized(dataType(), first.inputs().size(1), first.outputGradients().size(1));
    for (Factor t : terms) {
      INDArray scaled = t.outputGradients().mulColumnVector(column);
      Nd4j.gemm(t.inputs(), scaled, sum, true, false, 1.0, t == first ? 0.0 : 1.0);
    }
    return sum.reshape(shape);
  }

  @Override
  public FactoredGradient withoutExamples(boolean[] drop) {
    List<Factor> out = new java.util.ArrayList<>();
    for (Factor t : terms) {
      INDArray inputs = t.inputs().dup('c');
      INDArray grads = t.outputGradients().dup('c');
      for (int i = 0; i < drop.length; i++) {
        if (drop[i]) {
          inputs.getRow(i).assign(0);
          grads.getRow(i).assign(0);
        }
      }
      out.add(new Factor(inputs, grads));
    }
    return new FactoredGradient(out);
  }

  @Override
  public String toString() {
    return "FactoredGradient" + terms + " " + dataType();
  }
}
