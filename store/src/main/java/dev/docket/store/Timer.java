package dev.docket.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A durable timer: something to do at or after {@code dueAt}.
 *
 * @param id unique id chosen by the owner; scheduling the same id again replaces the timer
 * @param kind what the owner does when it fires, e.g. {@code queues.move-task}
 * @param dueAt when it is due
 * @param payload opaque to the store
 * @param leaseToken 0 when unclaimed; set by {@link TimerStore#claimDue} and required to complete
 */
public record Timer(String id, String kind, Instant dueAt, String payload, long leaseToken) {

  /** Checks required components. */
  public Timer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(payload, "payload");
  }
}
