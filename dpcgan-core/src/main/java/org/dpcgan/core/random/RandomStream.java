package org.dpcgan.core.random;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One named random stream: two {@link SplittableRandom} generators, one for tensors and one for scalars, both
 * seeded from this stream's seed, so tensor draws and scalar draws advance independently.
 *
 * <p>Tensors are filled on the host and copied to ND4J in one bulk copy: for the generator's latent noise this is
 * several times faster than ND4J's random ops, and no ND4J generator, global or private, is involved. FLOAT normals
 * come from {@link BoxMuller} in vectorised blocks, DOUBLE ones from JDK 17's {@code nextGaussian} (a ziggurat).
 * These streams drive initialisation, latent noise, dropout and sampling; they are not the differential-privacy
 * noise, which comes from the privacy module's secure source. Not thread-safe: give each thread its own stream (see
 * {@link #child(String)}).
 */
public final class RandomStream {
  private final long seed;
  private final String name;
  private final SplittableRandom tensors;
  private final SplittableRandom scalars;
  private BoxMuller normals;               // made on the first FLOAT normal draw

  RandomStream(long seed, String name) {
    this.seed = seed;
    this.name = name;
    this.tensors = new SplittableRandom(RandomStreams.derive(seed, "tensors"));
    this.scalars = new SplittableRandom(RandomStreams.derive(seed, "scalars"));
  }

  /** A new stream derived from this stream's seed and {@code childName}; this stream is not advanced. */
  public RandomStream child(String childName) {
    return new RandomStream(RandomStreams.derive(seed, childName), name + "/" + childName);
  }

  /** Uniform samples in [0, 1). {@code dtype} is FLOAT or DOUBLE. */
  public INDArray uniform(DataType dtype, long... shape) {
    int n = count("uniform", dtype, shape);
    if (dtype == DataType.FLOAT) {
      float[] out = new float[n];
      fillUniform(out);
      return copy(out, shape);
    }
    double[] out = new double[n];
    fillUniform(out);
    return copy(out, shape);
  }

  /** Fills {@code out} with uniform samples in [0, 1): the draws {@code uniform(FLOAT, out.length)} makes. */
  public void fillUniform(float[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = tensors.nextFloat();
    }
  }

  /** Fills {@code out} with uniform samples in [0, 1): the draws {@code uniform(DOUBLE, out.length)} makes. */
  public void fillUniform(double[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = tensors.nextDouble();
    }
  }

  /**
   * Fills {@code out[from, to)} with standard normal samples: the draws {@code normal(FLOAT, 0, 1, to − from)}
   * makes ({@link BoxMuller}: one 64-bit draw a pair of values, so the values depend on how many are filled at once).
   */
  public void fillStandardNormal(float[] out, int from, int to) {
    if (from < 0 || to < from || to > out.length) {
      throw new IllegalArgumentException("fillStandardNormal needs 0 <= from <= to <= out.length " + out.length
          + ". Provided: from=" + from + ", to=" + to);
    }
    if (normals == null) {
      normals = new BoxMuller();
    }
    normals.fill(tensors, out, from, to);
  }

  /**
   * Normal samples with the given mean and standard deviation. {@code dtype} is FLOAT (from
   * {@link #fillStandardNormal}) or DOUBLE (from {@code nextGaussian}).
   */
  public INDArray normal(DataType dtype, double mean, double std, long... shape) {
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException("mean must be finite. Provided value: " + mean);
    }
    if (!Double.isFinite(std) || std < 0) {
      throw new IllegalArgumentException("std must be finite and >= 0. Provided value: " + std);
    }
    int n = count("normal", dtype, shape);
    if (dtype == DataType.FLOAT) {
      float[] out = new float[n];
      fillStandardNormal(out, 0, n);
      for (int i = 0; i < n; i++) {
        out[i] = (float) (mean + std * out[i]);
      }
      return copy(out, shape);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = mean + std * tensors.nextGaussian();
    }
    return copy(out, shape);
  }

  /**
   * Samples equal to 1 with probability {@code p} and 0 otherwise. {@code dtype} is FLOAT or DOUBLE.
   *
   * <p>Each sample is {@code u < p} for a 53-bit uniform {@code u = k·2⁻⁵³} (the draw {@code nextDouble} makes),
   * decided without a branch as the sign bit of {@code k − ⌈p·2⁵³⌉}: at p = 0.5 the branch mispredicts half the
   * time and made dropout masks several times slower.
   */
  public INDArray bernoulli(DataType dtype, double p, long... shape) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("p must be in [0, 1]. Provided value: " + p);
    }
    int n = count("bernoulli", dtype, shape);
    long threshold = (long) Math.ceil(p * 0x1p53);   // k < threshold ⇔ k·2⁻⁵³ < p, exact for every double p
    if (dtype == DataType.FLOAT) {
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = ((tensors.nextLong() >>> 11) - threshold) >>> 63;
      }
      return copy(out, shape);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = ((tensors.nextLong() >>> 11) - threshold) >>> 63;
    }
    return copy(out, shape);
  }

  /** A uniformly distributed long. */
  public long nextLong() {
    return scalars.nextLong();
  }

  /** A uniformly distributed int in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0. Provided value: " + bound);
    }
    return scalars.nextInt(bound);
  }

  /** A uniformly distributed double in [0, 1). */
  public double nextDouble() {
    return scalars.nextDouble();
  }

  /**
   * A new c-order array holding {@code values}, copied in bulk (ND4J's {@code Nd4j.create(float[], ...)} copies
   * element by element; see {@code org.dpcgan.core.nn.HostArrays}, which this package cannot depend on).
   */
  private static INDArray copy(float[] values, long[] shape) {
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
    out.data().asNioFloat().put(0, values);
    return out;
  }

  private static INDArray copy(double[] values, long[] shape) {
    INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, shape);
    out.data().asNioDouble().put(0, values);
    return out;
  }

  /** The number of elements of {@code shape}, after checking the dtype and that every dimension is > 0. */
  private static int count(String what, DataType dtype, long... shape) {
    if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
      throw new IllegalArgumentException(
          what + " needs a floating-point dtype, FLOAT or DOUBLE. Provided value: " + dtype);
    }
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException(what + " needs a shape with at least one dimension. Provided: []");
    }
    long n = 1;
    for (long d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            what + " needs every dimension > 0. Provided shape: " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(what + " draws at most " + (Integer.MAX_VALUE - 8)
          + " values at once. Provided shape: " + Arrays.toString(shape));
    }
    return (int) n;
  }

  @Override
  public String toString() {
    return "RandomStream[" + name + "]";
  }
}
