package dev.docket.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of an execution's append-only history.
 *
 * @param id its number in the execution, from 1, consecutive
 * @param previousEventId the event it follows (0 for none)
 * @param key the engine's replay key (which branch, which of its events); never shown to users
 * @param type the AWS history event type, e.g. {@code TaskStateEntered}
 * @param timestamp when it happened
 * @param details the event's details object as JSON text ({@code "{}"} for none)
 */
public record HistoryRecord(
    long id, long previousEventId, String key, String type, Instant timestamp, String details) {

  public HistoryRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(details, "details");
    if (id < 1) {
      throw new IllegalArgumentException("id must be positive, but was " + id);
    }
  }
}
