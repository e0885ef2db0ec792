package dev.docket.states;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers made on every execution start, without {@link UUID#randomUUID()}'s one shared,
 * synchronised source: execution names from {@link ThreadLocalRandom}, the secret salt of task
 * tokens from one of several {@link SecureRandom}s.
 */
final class Ids {

  private static final SecureRandom[] SECURE = new SecureRandom[8];

  static {
    for (int i = 0; i < SECURE.length; i++) {
      SECURE[i] = new SecureRandom();
    }
  }

  private Ids() {}

  /** A random (version 4) UUID in its text form, for default execution names. */
  static String uuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least).toString();
  }

  /** 128 secret bits as hex: an execution's salt, from which its task tokens derive. */
  static String salt() {
    SecureRandom random = SECURE[(int) (Thread.currentThread().threadId() & (SECURE.length - 1))];
    byte[] bytes = new byte[16];
    synchronized (random) {
      random.nextBytes(bytes);
    }
    return HexFormat.of().formatHex(bytes);
  }
}
