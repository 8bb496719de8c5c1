package org.dpcgan.privacy.noise;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stream of random 64-bit words: the AES-256 keystream in counter mode (NIST SP 800-38A), i.e. AES
 * encryptions of successive counter blocks, produced in large blocks so that the JDK's AES-NI intrinsics
 * run at full speed. Java's CTR increments the whole 128-bit counter block, so the stream never repeats;
 * as a pseudo-random generator it is indistinguishable from uniform up to about 2^64 blocks per key.
 * Not thread-safe.
 */
final class AesCtrStream {
  private static final int BUFFER_BYTES = 1 << 15;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final Cipher cipher;
  private final byte[] zeros = new byte[BUFFER_BYTES];
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int position = BUFFER_BYTES;

  /** @param key 32 bytes; @param counter 16 bytes, the first counter block */
  AesCtrStream(byte[] key, byte[] counter) {
    if (key.length != 32 || counter.length != 16) {
      throw new IllegalArgumentException("AES-256-CTR needs a 32-byte key and a 16-byte counter block. Provided: "
          + key.length + " and " + counter.length + " bytes");
    }
    try {
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR/NoPadding is not available in this JVM", e);
    }
  }

  long nextLong() {
    if (position == BUFFER_BYTES) {
      refill();
    }
    long v = (long) LONGS.get(buffer, position);
    position += Long.BYTES;
    return v;
  }

  /**
   * An independent stream keyed by the next 48 bytes of this one (a fresh AES-256 key and counter block):
   * the usual way to derive CSPRNG instances for parallel work. Deterministic given this stream's state.
   */
  AesCtrStream split() {
    byte[] key = new byte[32];
    byte[] counter = new byte[16];
    java.nio.ByteBuffer k = java.nio.ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 4; i++) {
      k.putLong(nextLong());
    }
    java.nio.ByteBuffer c = java.nio.ByteBuffer.wrap(counter).order(ByteOrder.LITTLE_ENDIAN);
    c.putLong(nextLong()).putLong(nextLong());
    AesCtrStream child = new AesCtrStream(key, counter);
    java.util.Arrays.fill(key, (byte) 0);
    return child;
  }

  /** A uniform double in (0, 1] with 53 random bits. */
  double nextOpenClosed() {
    return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
  }

  private void refill() {
    try {
      int n = cipher.update(zeros, 0, BUFFER_BYTES, buffer, 0);
      if (n != BUFFER_BYTES) {
        throw new IllegalStateException("AES-CTR produced " + n + " bytes instead of " + BUFFER_BYTES);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR keystream failed", e);
    }
    position = 0;
  }
}
