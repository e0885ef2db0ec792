package dev.docket.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One fenced write to an execution: history events appended after {@code expectedLastEventId},
 * optionally a new status / stop date / document, task tokens created and deleted, all in one
 * transaction that commits only if the execution's last event id is still {@code
 * expectedLastEventId}.
 *
 * @param arn the execution
 * @param expectedLastEventId the last event id the writer has seen
 * @param events events to append; their ids must follow {@code expectedLastEventId} consecutively
 * @param status the new status, if it changes
 * @param stopDate the stop date, if it is set now
 * @param document the new document, if it changes
 * @param tokensCreated task tokens to create
 * @param tokensDeleted task tokens to delete (absent ones are ignored)
 */
public record ExecutionWrite(
    String arn,
    long expectedLastEventId,
    List<HistoryRecord> events,
    Optional<String> status,
    Optional<Instant> stopDate,
    Optional<String> document,
    List<TaskToken> tokensCreated,
    List<String> tokensDeleted) {

  public ExecutionWrite {
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(stopDate, "stopDate");
    Objects.requireNonNull(document, "document");
    events = List.copyOf(events);
    tokensCreated = List.copyOf(tokensCreated);
    tokensDeleted = List.copyOf(tokensDeleted);
    long expected = expectedLastEventId;
    for (HistoryRecord event : events) {
      if (event.id() != ++expected) {
        throw new IllegalArgumentException(
            "event ids must follow "
                + expectedLastEventId
                + " consecutively, but got "
                + event.id());
      }
    }
  }

  /** The last event id after this write commits. */
  public long lastEventId() {
    return expectedLastEventId + events.size();
  }
}
