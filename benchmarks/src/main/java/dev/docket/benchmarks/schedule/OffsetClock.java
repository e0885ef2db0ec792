package dev.docket.benchmarks.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock moved by an offset set once the timers are loaded, so that the benchmark's
 * fictional time reaches the first due time just after the loops start: timers are written with due
 * times relative to a fixed base, whatever the load took. Runs at real speed. Thread-safe (the
 * offset is volatile).
 */
final class OffsetClock extends Clock {

  private final Clock system = Clock.systemUTC();
  private volatile Duration offset = Duration.ZERO;

  /** From now on, this clock reads {@code at} now. */
  void set(Instant at) {
    offset = Duration.between(system.instant(), at);
  }

  @Override
  public Instant instant() {
    return system.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the benchmark clock is UTC only");
  }
}
