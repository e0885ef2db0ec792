package dev.docket.benchmarks.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A stretch of due times and what happened to the timers due in it: {@code count} timers due evenly
 * over {@code span} from {@code start} (all at {@code start} for a burst), with how many fired and
 * were delivered, and their lateness in microseconds: firing (the {@code Fire} call) and delivery
 * (the target's call) minus the due time. Thread-safe: counters and histograms are concurrent.
 */
final class Window {

  private static final long HOUR_MICROS = Duration.ofHours(1).toNanos() / 1_000;

  final int index;
  final int count;
  final Instant start;
  final Duration span;
  final LongAdder fired = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final AtomicLong lastFiredMicros = new AtomicLong(Long.MIN_VALUE);
  final AtomicLong lastDeliveredMicros = new AtomicLong(Long.MIN_VALUE);
  final Histogram fireLateness = new ConcurrentHistogram(HOUR_MICROS, 3);
  final Histogram deliveryLateness = new ConcurrentHistogram(HOUR_MICROS, 3);

  Window(int index, int count, Instant start, Duration span) {
    this.index = index;
    this.count = count;
    this.start = start;
    this.span = span;
  }

  /** A burst: every timer due at the same instant. */
  boolean burst() {
    return span.isZero();
  }

  /** The offered rate in firings per second; 0 for a burst. */
  double rate() {
    return burst() ? 0 : count / (span.toNanos() / 1e9);
  }

  /** The due time of the {@code j}-th timer of this window, to the microsecond. */
  Instant due(int j) {
    return start.plusNanos(span.toNanos() / count * j).truncatedTo(ChronoUnit.MICROS);
  }

  /** Whether {@code due} falls in this window. */
  boolean holds(Instant due) {
    return !due.isBefore(start) && !due.isAfter(start.plus(span));
  }

  void recordFired(long lateMicros, long nowMicros) {
    fireLateness.recordValue(clamp(lateMicros));
    lastFiredMicros.accumulateAndGet(nowMicros, Math::max);
    fired.increment();
  }

  void recordDelivered(long lateMicros, long nowMicros) {
    deliveryLateness.recordValue(clamp(lateMicros));
    lastDeliveredMicros.accumulateAndGet(nowMicros, Math::max);
    delivered.increment();
  }

  private static long clamp(long micros) {
    return Math.max(0, Math.min(HOUR_MICROS, micros));
  }
}
