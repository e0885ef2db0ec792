package dev.docket.events.destinations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A token bucket on an injected clock: {@code ratePerSecond} tokens a second, at most one second's
 * worth saved up. A caller over the rate is not refused but given a reservation: how long to wait
 * before its turn (AWS queues invocations over a destination's rate rather than failing them).
 * Waits are bounded: a reservation that would wait longer than the caller accepts is not made.
 * Thread-safe (synchronized; the critical section is a few arithmetic operations).
 */
final class TokenBucket {

  private final Clock clock;
  private final int ratePerSecond;
  private double tokens;
  private Instant last;

  TokenBucket(Clock clock, int ratePerSecond) {
    if (ratePerSecond < 1) {
      throw new IllegalArgumentException(
          "InvocationRateLimitPerSecond must be at least 1, but was " + ratePerSecond);
    }
    this.clock = clock;
    this.ratePerSecond = ratePerSecond;
    this.tokens = ratePerSecond;
    this.last = clock.instant();
  }

  int ratePerSecond() {
    return ratePerSecond;
  }

  /**
   * Takes one token: zero when one is available now, else how long until the caller's turn; empty
   * (nothing taken) when that is longer than {@code maxWait}.
   */
  synchronized Optional<Duration> reserve(Duration maxWait) {
    Instant now = clock.instant();
    if (now.isAfter(last)) {
      double elapsedSeconds = Duration.between(last, now).toNanos() / 1e9;
      tokens = Math.min(ratePerSecond, tokens + elapsedSeconds * ratePerSecond);
      last = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return Optional.of(Duration.ZERO);
    }
    Duration wait = Duration.ofNanos((long) Math.ceil((1 - tokens) / ratePerSecond * 1e9));
    if (wait.compareTo(maxWait) > 0) {
      return Optional.empty();
    }
    tokens -= 1;
    return Optional.of(wait);
  }
}
