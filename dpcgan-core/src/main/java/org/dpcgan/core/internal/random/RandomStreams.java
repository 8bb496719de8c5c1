package org.dpcgan.core.internal.random;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A family of independent, named random streams derived from one seed.
 *
 * <p>The seed of stream {@code name} is the first 8 bytes (big-endian) of
 * {@code SHA-256(seed as 8 big-endian bytes || UTF-8 bytes of name)}. A child stream
 * ({@link RandomStream#child(String)}) derives its seed the same way from its parent's seed. Hashing makes
 * streams with related names ({@code "a"}, {@code "b"}) or related seeds (42, 43) statistically unrelated, and
 * the derivation depends on nothing but the seed and the name, so it is reproducible across runs and machines.
 *
 * <p>Immutable: {@code stream(name)} returns a fresh stream positioned at its start each time it is called.
 */
public final class RandomStreams {
  private final long seed;

  private RandomStreams(long seed) {
    this.seed = seed;
  }

  /** The family of streams derived from {@code seed}. */
  public static RandomStreams of(long seed) {
    return new RandomStreams(seed);
  }

  /** The seed this family was created from. */
  public long seed() {
    return seed;
  }

  /** A fresh stream derived deterministically from (seed, name). */
  public RandomStream stream(String name) {
    return new RandomStream(derive(seed, name), name);
  }

  /** A fresh AES-256 key from {@code random} (a {@link java.security.SecureRandom} for a DP fit). */
  public static SecretKey secretKey(java.util.random.RandomGenerator random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return new SecretKeySpec(bytes, "AES");
  }

  /** An AES-256 key derived from {@code seed} (SHA-256 of it and {@code name}): for reproducible, insecure runs only. */
  public static SecretKey insecureKey(long seed, String name) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      return new SecretKeySpec(sha.digest(), "AES");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform but is missing", e);
    }
  }

  /** First 8 bytes of SHA-256(seed || UTF-8 name), big-endian. */
  static long derive(long seed, String name) {
    Objects.requireNonNull(name, "name");
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(sha.digest()).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform but is missing", e);
    }
  }

  @Override
  public String toString() {
    return "RandomStreams[seed=" + seed + "]";
  }
}
