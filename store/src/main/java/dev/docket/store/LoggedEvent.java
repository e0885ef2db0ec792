package dev.docket.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An event as its bus's log holds it.
 *
 * @param bus the bus ARN
 * @param sequence its position in the log: positive, increasing in commit order
 * @param id the event id
 * @param time the event's {@code time}
 * @param json the whole event envelope as JSON text
 * @param traceHeader the caller's {@code TraceHeader}; empty when none
 */
public record LoggedEvent(
    String bus, long sequence, String id, Instant time, String json, String traceHeader) {

  /** Checks required components. */
  public LoggedEvent {
    Objects.requireNonNull(bus, "bus");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(traceHeader, "traceHeader");
  }
}
