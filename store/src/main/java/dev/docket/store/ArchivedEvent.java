package dev.docket.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An event as an archive holds it: a copy of a {@link LoggedEvent} that matched the archive.
 *
 * @param archive the archive ARN
 * @param sequence the event's sequence in its bus's log (positive; unique per archive and time)
 * @param id the event id
 * @param time the event's ingestion time (the log's {@link LoggedEvent#time()})
 * @param json the whole event envelope as JSON text
 * @param traceHeader the caller's {@code TraceHeader}; empty when none
 */
public record ArchivedEvent(
    String archive, long sequence, String id, Instant time, String json, String traceHeader) {

  /** Checks required components. */
  public ArchivedEvent {
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(traceHeader, "traceHeader");
    if (sequence <= 0) {
      throw new IllegalArgumentException("sequence must be positive, but was " + sequence);
    }
  }

  /** The copy of {@code event} kept by {@code archive}. */
  public static ArchivedEvent of(String archive, LoggedEvent event) {
    return new ArchivedEvent(
        archive, event.sequence(), event.id(), event.time(), event.json(), event.traceHeader());
  }

  /** Where this event sits in its archive. */
  public ArchivePosition position() {
    return new ArchivePosition(time, sequence);
  }
}
