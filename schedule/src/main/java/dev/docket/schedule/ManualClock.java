package dev.docket.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to, in UTC: the controllable clock tests run a server on (see
 * {@code DocketExtension.Builder#manualClock}). Moving it wakes nothing by itself; whoever moves it
 * tells the timer loops to look again ({@code DocketServer#wakeTimers}). Thread-safe.
 */
public final class ManualClock extends Clock {

  private final AtomicReference<Instant> now;

  /** A clock that reads {@code start} until moved. */
  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  /** Moves the clock forward by {@code duration} (not negative); the new reading. */
  public Instant advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock does not move back: " + duration);
    }
    return now.updateAndGet(t -> t.plus(duration));
  }

  /** Sets the clock to {@code instant}, which may not be earlier than its reading. */
  public void set(Instant instant) {
    now.updateAndGet(
        t -> {
          if (instant.isBefore(t)) {
            throw new IllegalArgumentException("a clock does not move back: " + instant);
          }
          return instant;
        });
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
