package dev.docket.benchmarks.schedule;

import dev.docket.delivery.Delivery;
import dev.docket.delivery.Outcome;
import dev.docket.delivery.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The no-op target every firing delivers to: it succeeds at once and records the delivery's
 * lateness in its window. The event id carries the window and the due time ({@code <window>:<due
 * micros>}). Thread-safe (windows are).
 */
final class CountingTarget implements Target {

  static final String ARN = "arn:aws:sqs:us-east-1:123456789012:firing-benchmark";

  private final Clock clock;
  private final List<Window> windows;

  CountingTarget(Clock clock, List<Window> windows) {
    this.clock = clock;
    this.windows = windows;
  }

  static String eventId(Window window, long dueMicros) {
    return window.index + ":" + dueMicros;
  }

  @Override
  public Outcome deliver(Delivery delivery) {
    long now = micros(clock.instant());
    String id = delivery.eventId();
    int colon = id.indexOf(':');
    Window window = windows.get(Integer.parseInt(id, 0, colon, 10));
    long due = Long.parseLong(id, colon + 1, id.length(), 10);
    window.recordDelivered(now - due, now);
    return Outcome.SUCCEEDED;
  }

  static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
  }
}
