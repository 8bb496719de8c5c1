package org.dpcgan.core.internal.random;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One named random stream: two {@link SplittableRandom} generators, one for tensors and one for scalars, both
 * seeded from this stream's seed, so tensor draws and scalar draws advance independently.
 *
 * <p>Tensors are filled on the host and copied to ND4J in one bulk copy (faster than ND4J's random ops for the
 * latent noise), and no ND4J generator, global or private, is involved. FLOAT normals
 * come from {@link BoxMuller} in vectorised blocks, DOUBLE ones from JDK 17's {@code nextGaussian} (a ziggurat).
 * These streams drive initialisation, latent noise, dropout and sampling; they are not the differential-privacy
 * noise, which comes from the privacy module's secure source. A {@link #rowKeyed row-keyed} stream gives each row of
 * a batch values that depend on that row's key alone. Not thread-safe: give each thread its own stream (see
 * {@link #child(String)}).
 */
public final class RandomStream {
  private final long seed;
  private final String name;
  private final SplittableRandom tensors;
  private final SplittableRandom scalars;
  private final long[] rowSeeds;           // null, or each row's secret seed in a row-keyed stream
  private long draws;                      // tensor draws of a row-keyed stream so far
  private BoxMuller normals;               // made on the first FLOAT normal draw

  RandomStream(long seed, String name) {
    this(seed, name, null);
  }

  private RandomStream(long seed, String name, long[] rowSeeds) {
    this.seed = seed;
    this.name = name;
    this.tensors = new SplittableRandom(RandomStreams.derive(seed, "tensors"));
    this.scalars = new SplittableRandom(RandomStreams.derive(seed, "scalars"));
    this.rowSeeds = rowSeeds;
  }

  /** A new stream derived from this stream's seed and {@code childName}; this stream is not advanced. */
  public RandomStream child(String childName) {
    requireUnkeyed("child");
    return new RandomStream(RandomStreams.derive(seed, childName), name + "/" + childName);
  }

  /**
   * A stream whose tensor draws give each row of a batch values of its own, for the helper randomness of one
   * differentially private step: row r of a batch of m rows with keys {@code rowKeys} (their indices in the table)
   * gets the secret seed AES_{key}(step, rowKeys[r]), and every draw of shape [b·m, …] fills row r from a generator
   * of that seed, the draw's number and the block r div m. Row r's values therefore depend on the secret key, the
   * step and its own index alone — not on which other rows are in the batch, or how many. AES is a pseudorandom
   * function: to anyone without the key, the rows' values are independent and identically distributed. Scalar draws
   * and children are refused.
   *
   * @param key an AES key that never leaves the process ({@link RandomStreams#secretKey})
   */
  public static RandomStream rowKeyed(SecretKey key, long step, long... rowKeys) {
    if (key == null || rowKeys == null || rowKeys.length == 0) {
      throw new IllegalArgumentException("a row-keyed stream needs a key and at least one row key");
    }
    byte[] blocks = new byte[16 * rowKeys.length];
    ByteBuffer in = ByteBuffer.wrap(blocks);
    for (long k : rowKeys) {
      in.putLong(step).putLong(k);
    }
    byte[] out;
    try {
      Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");   // each block on its own: a PRF of (step, row)
      aes.init(Cipher.ENCRYPT_MODE, key);
      out = aes.doFinal(blocks);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is required by every Java platform but failed: " + e, e);
    }
    ByteBuffer seeds = ByteBuffer.wrap(out);
    long[] seedOfRow = new long[rowKeys.length];
    for (int r = 0; r < seedOfRow.length; r++) {
      seedOfRow[r] = seeds.getLong(16 * r);
    }
    return new RandomStream(0, "row-keyed step " + step, seedOfRow);
  }

  /** Uniform samples in [0, 1). {@code dtype} is FLOAT or DOUBLE. */
  public INDArray uniform(DataType dtype, long... shape) {
    int n = count("uniform", dtype, shape);
    if (dtype == DataType.FLOAT) {
      float[] out = new float[n];
      fillUniform(out, rows("uniform", n, shape));
      return copy(out, shape);
    }
    double[] out = new double[n];
    if (rowSeeds == null) {
      fillUniform(out);
    } else {
      fillKeyed(keyedRows("uniform", n, shape[0]), n, (g, from, to) -> {
        for (int i = from; i < to; i++) {
          out[i] = g.nextDouble();
        }
      });
    }
    return copy(out, shape);
  }

  /** Fills {@code out} with uniform samples in [0, 1): the draws {@code uniform(FLOAT, out.length)} makes. */
  public void fillUniform(float[] out) {
    requireUnkeyed("fillUniform without rows");
    for (int i = 0; i < out.length; i++) {
      out[i] = tensors.nextFloat();
    }
  }

  /**
   * Fills {@code out}, {@code rows} rows of equal width, with uniform samples in [0, 1): the draws
   * {@code uniform(FLOAT, rows, out.length / rows)} makes.
   */
  public void fillUniform(float[] out, int rows) {
    if (rowSeeds == null) {
      fillUniform(out);
      return;
    }
    fillKeyed(keyedRows("fillUniform", out.length, rows), out.length, (g, from, to) -> {
      for (int i = from; i < to; i++) {
        out[i] = g.nextFloat();
      }
    });
  }

  /** Fills {@code out} with uniform samples in [0, 1): the draws {@code uniform(DOUBLE, out.length)} makes. */
  public void fillUniform(double[] out) {
    requireUnkeyed("fillUniform without rows");
    for (int i = 0; i < out.length; i++) {
      out[i] = tensors.nextDouble();
    }
  }

  /**
   * Fills {@code out[from, to)} with standard normal samples: the draws {@code normal(FLOAT, 0, 1, to − from)}
   * makes ({@link BoxMuller}: one 64-bit draw a pair of values, so the values depend on how many are filled at once).
   */
  public void fillStandardNormal(float[] out, int from, int to) {
    requireUnkeyed("fillStandardNormal");
    if (from < 0 || to < from || to > out.length) {
      throw new IllegalArgumentException("fillStandardNormal needs 0 <= from <= to <= out.length " + out.length
          + ". Provided: from=" + from + ", to=" + to);
    }
    boxMuller().fill(tensors, out, from, to);
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
      if (rowSeeds == null) {
        fillStandardNormal(out, 0, n);
      } else {
        BoxMuller bm = boxMuller();
        fillKeyed(keyedRows("normal", n, shape[0]), n, (g, from, to) -> bm.fill(g, out, from, to));
      }
      for (int i = 0; i < n; i++) {
        out[i] = (float) (mean + std * out[i]);
      }
      return copy(out, shape);
    }
    double[] out = new double[n];
    fillEach(n, shape, "normal", (g, from, to) -> {
      for (int i = from; i < to; i++) {
        out[i] = mean + std * g.nextGaussian();
      }
    });
    return copy(out, shape);
  }

  /**
   * Samples equal to 1 with probability {@code p} and 0 otherwise. {@code dtype} is FLOAT or DOUBLE.
   *
   * <p>Each sample is {@code u < p} for a 53-bit uniform {@code u = k·2⁻⁵³} (the draw {@code nextDouble} makes),
   * decided without a branch as the sign bit of {@code k − ⌈p·2⁵³⌉}: a branch would mispredict half the time at
   * p = 0.5.
   */
  public INDArray bernoulli(DataType dtype, double p, long... shape) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("p must be in [0, 1]. Provided value: " + p);
    }
    int n = count("bernoulli", dtype, shape);
    long threshold = (long) Math.ceil(p * 0x1p53);   // k < threshold ⇔ k·2⁻⁵³ < p, exact for every double p
    if (dtype == DataType.FLOAT) {
      float[] out = new float[n];
      fillEach(n, shape, "bernoulli", (g, from, to) -> {
        for (int i = from; i < to; i++) {
          out[i] = ((g.nextLong() >>> 11) - threshold) >>> 63;
        }
      });
      return copy(out, shape);
    }
    double[] out = new double[n];
    fillEach(n, shape, "bernoulli", (g, from, to) -> {
      for (int i = from; i < to; i++) {
        out[i] = ((g.nextLong() >>> 11) - threshold) >>> 63;
      }
    });
    return copy(out, shape);
  }

  /** A uniformly distributed long. */
  public long nextLong() {
    requireUnkeyed("nextLong");
    return scalars.nextLong();
  }

  /** A uniformly distributed int in [0, bound). */
  public int nextInt(int bound) {
    requireUnkeyed("nextInt");
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0. Provided value: " + bound);
    }
    return scalars.nextInt(bound);
  }

  /** A uniformly distributed double in [0, 1). */
  public double nextDouble() {
    requireUnkeyed("nextDouble");
    return scalars.nextDouble();
  }

  // ---------------------------------------------------------------------------------------------------

  /** Fills a range of a draw's values from one generator. */
  @FunctionalInterface
  private interface RangeFill {
    void fill(SplittableRandom generator, int from, int to);
  }

  /** The whole draw from {@link #tensors}, or row by row for a row-keyed stream. */
  private void fillEach(int n, long[] shape, String what, RangeFill fill) {
    if (rowSeeds == null) {
      fill.fill(tensors, 0, n);
    } else {
      fillKeyed(keyedRows(what, n, shape[0]), n, fill);
    }
  }

  /** Fills {@code n} values in {@code rows} rows, row r from its own generator (a row-keyed draw). */
  private void fillKeyed(int rows, int n, RangeFill fill) {
    long draw = draws++;
    int width = n / rows;
    for (int r = 0; r < rows; r++) {
      fill.fill(rowGenerator(draw, r), r * width, (r + 1) * width);
    }
  }

  /** The generator of row r's values in one draw: SplitMix64 finalisers of the row's secret seed, the draw and block. */
  private SplittableRandom rowGenerator(long draw, int row) {
    long h = mix(rowSeeds[row % rowSeeds.length] + 0x9E3779B97F4A7C15L * (draw + 1));
    return new SplittableRandom(mix(h + 0x632BE59BD9B4E019L * (row / rowSeeds.length + 1)));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The rows of a draw: the shape's first dimension (checked against the row keys of a row-keyed stream). */
  private int rows(String what, int n, long[] shape) {
    return rowSeeds == null ? (int) shape[0] : keyedRows(what, n, shape[0]);
  }

  private int keyedRows(String what, int n, long rows) {
    if (rows < 1 || rows % rowSeeds.length != 0 || n % rows != 0) {
      throw new IllegalArgumentException(what + " from a row-keyed stream of " + rowSeeds.length + " rows needs a"
          + " multiple of " + rowSeeds.length + " rows. Provided: " + rows + " rows of " + n + " values");
    }
    return (int) rows;
  }

  private void requireUnkeyed(String what) {
    if (rowSeeds != null) {
      throw new IllegalStateException(what + " is not row-keyed; a row-keyed stream draws by rows (" + name + ")");
    }
  }

  private BoxMuller boxMuller() {
    if (normals == null) {
      normals = new BoxMuller();
    }
    return normals;
  }

  /**
   * A new c-order array holding {@code values}, copied in bulk (ND4J's {@code Nd4j.create(float[], ...)} copies
   * element by element; see {@code org.dpcgan.core.internal.exec.HostArrays}, which this package cannot depend on).
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
    return "RandomStream[" + name + (rowSeeds == null ? "" : ", " + rowSeeds.length + " row keys") + "]";
  }
}
