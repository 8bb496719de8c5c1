package org.dpcgan.privacy.noise;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gaussian noise for DP mechanisms.
 *
 * <p><b>Randomness.</b> An AES-256-CTR keystream (NIST SP 800-38A) keyed, with its initial counter block,
 * from {@link SecureRandom}: a CSPRNG, fast through the JDK's AES-NI intrinsics.
 *
 * <p><b>Sampling.</b> Each N(0, 1) value is (Z₁ + Z₂ + Z₃ + Z₄)/2 for four independent ziggurat draws
 * (Marsaglia and Tsang 2000) with 53-bit resolution. Mironov ("On Significance of the Least Significant
 * Bits for Differential Privacy", CCS 2012) and Holohan and Braghin ("Secure Random Sampling in
 * Differential Privacy", ESORICS 2021) show that a single floating-point Gaussian sample leaves gaps and
 * bias in its low-order bits that can reveal the noiseless value; summing several independent samples
 * fills those gaps (Holohan and Braghin's mitigation, also Opacus's {@code secure_mode}, which uses the same
 * four draws). Dividing by 2 is exact in binary floating point, so no rounding is added. It costs four
 * draws per value.
 *
 * <p><b>Reproducible noise.</b> Only through {@link #insecureSeeded(long)}, which logs a warning: the key
 * is then derived from the seed, so anyone who knows the seed can subtract the noise.
 *
 * <p><b>Speed.</b> Large fills are split into chunks of 65,536 values, each with its own AES-CTR stream
 * split off this one in order, and filled in parallel; the values do not depend on the number of threads.
 *
 * <p>Not thread-safe: use one instance per thread.
 */
public final class GaussianNoise {
  private static final Logger LOG = LoggerFactory.getLogger(GaussianNoise.class);
  /** Independent draws summed per value; four draws divided by two keeps unit variance exactly. */
  static final int DRAWS_PER_VALUE = 4;
  /** Values per parallel chunk; each chunk has its own AES-CTR stream split from this one. */
  private static final int CHUNK = 1 << 16;

  private final AesCtrStream stream;
  private final boolean secure;

  private GaussianNoise(AesCtrStream stream, boolean secure) {
    this.stream = stream;
    this.secure = secure;
  }

  /** Noise keyed from a fresh {@link SecureRandom} (the default). */
  public static GaussianNoise secure() {
    return secure(new SecureRandom());
  }

  /** Noise keyed from the given {@link SecureRandom}. */
  public static GaussianNoise secure(SecureRandom random) {
    if (random == null) {
      throw new IllegalArgumentException("random must not be null");
    }
    byte[] key = new byte[32];
    byte[] counter = new byte[16];
    random.nextBytes(key);
    random.nextBytes(counter);
    GaussianNoise noise = new GaussianNoise(new AesCtrStream(key, counter), true);
    Arrays.fill(key, (byte) 0);
    return noise;
  }

  /**
   * <b>Not private.</b> Reproducible noise whose AES key is SHA-256 of the seed. Anyone who knows the seed
   * can recompute and remove the noise, so a model trained with it carries no DP guarantee against them.
   * Meant for tests and debugging; logs a warning every time it is called.
   */
  public static GaussianNoise insecureSeeded(long seed) {
    LOG.warn("Using INSECURE seeded Gaussian noise (seed-derived key): results are reproducible but the noise "
        + "offers no privacy against anyone who knows the seed.");
    byte[] digest;
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("dpcgan insecure seeded noise".getBytes(StandardCharsets.US_ASCII));
      sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
      digest = sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
    return new GaussianNoise(new AesCtrStream(digest, new byte[16]), false);
  }

  /** Whether this noise is keyed from {@link SecureRandom} (false only for {@link #insecureSeeded}). */
  public boolean isSecure() {
    return secure;
  }

  /** One draw from N(0, 1). */
  public double nextStandard() {
    return standard(stream);
  }

  private static double standard(AesCtrStream s) {
    double sum = Ziggurat.sample(s);
    sum += Ziggurat.sample(s);
    sum += Ziggurat.sample(s);
    sum += Ziggurat.sample(s);
    return 0.5 * sum;
  }

  /** A range filler for one chunk with its own stream. */
  private interface ChunkFill {
    void fill(AesCtrStream s, int from, int to);
  }

  /**
   * Splits [from, to) into chunks of {@value #CHUNK} values, derives one stream per chunk from this stream
   * in order, and fills the chunks in parallel (common fork-join pool). The result depends only on this
   * stream's state, not on the number of threads.
   */
  private void fillChunks(int from, int to, ChunkFill fill) {
    int n = to - from;
    if (n <= CHUNK) {
      fill.fill(stream, from, to);
      return;
    }
    int chunks = (int) ((n + (long) CHUNK - 1) / CHUNK);
    AesCtrStream[] streams = new AesCtrStream[chunks];
    for (int c = 0; c < chunks; c++) {
      streams[c] = stream.split();
    }
    IntStream.range(0, chunks).parallel().forEach(c -> {
      int start = from + c * CHUNK;
      fill.fill(streams[c], start, Math.min(to, start + CHUNK));
    });
  }

  /** Fills {@code out[from, to)} with draws from N(0, stddev²); large ranges in parallel chunks. */
  public void fill(double[] out, int from, int to, double stddev) {
    checkStddev(stddev);
    checkRange(out.length, from, to);
    fillChunks(from, to, (s, a, b) -> {
      for (int k = a; k < b; k++) {
        out[k] = stddev * standard(s);
      }
    });
  }

  /** Fills {@code out[from, to)} with draws from N(0, stddev²), sampled in double and rounded once. */
  public void fill(float[] out, int from, int to, double stddev) {
    checkStddev(stddev);
    checkRange(out.length, from, to);
    fillChunks(from, to, (s, a, b) -> {
      for (int k = a; k < b; k++) {
        out[k] = (float) (stddev * standard(s));
      }
    });
  }

  /**
   * A new array of the given floating-point type and shape ('c' order) with independent N(0, stddev²)
   * entries, sampled in double precision.
   */
  public INDArray sample(DataType dataType, double stddev, long... shape) {
    checkStddev(stddev);
    if (dataType == null || !dataType.isFPType()) {
      throw new IllegalArgumentException("noise needs a floating-point data type. Provided: " + dataType);
    }
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape must not have negative dimensions. Provided: " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("at most " + (Integer.MAX_VALUE - 8) + " values at once. Provided: " + n);
    }
    if (dataType == DataType.DOUBLE) {
      double[] values = new double[(int) n];
      fill(values, 0, values.length, stddev);
      return Nd4j.create(values, shape, DataType.DOUBLE);
    }
    float[] values = new float[(int) n];
    fill(values, 0, values.length, stddev);
    INDArray out = Nd4j.create(values, shape, DataType.FLOAT);
    return dataType == DataType.FLOAT ? out : out.castTo(dataType);
  }

  /** Adds independent N(0, stddev²) noise to every entry of {@code target} in place and returns it. */
  public INDArray addTo(INDArray target, double stddev) {
    if (target == null) {
      throw new IllegalArgumentException("target must not be null");
    }
    return target.addi(sample(target.dataType(), stddev, target.shape()));
  }

  private static void checkStddev(double stddev) {
    if (!(Double.isFinite(stddev) && stddev >= 0)) {
      throw new IllegalArgumentException("stddev must be finite and >= 0. Provided value: " + stddev);
    }
  }

  private static void checkRange(int length, int from, int to) {
    if (from < 0 || to > length || from > to) {
      throw new IllegalArgumentException(
          "range must satisfy 0 <= from <= to <= " + length + ". Provided: [" + from + ", " + to + ")");
    }
  }

  @Override
  public String toString() {
    return "GaussianNoise[AES-256-CTR, " + (secure ? "secure" : "INSECURE seeded") + ", sum of "
        + DRAWS_PER_VALUE + " ziggurat draws]";
  }
}
