package dev.docket.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An event to append to a bus's log.
 *
 * @param bus the bus ARN
 * @param id the event id (a UUID)
 * @param time the event's {@code time}
 * @param json the whole event envelope as JSON text
 * @param traceHeader the caller's {@code TraceHeader}; empty when none
 */
public record NewEvent(String bus, String id, Instant time, String json, String traceHeader) {

  /** Checks required components. */
  public NewEvent {
    Objects.requireNonNull(bus, "bus");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(traceHeader, "traceHeader");
  }
}
