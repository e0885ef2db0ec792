package dev.docket.events;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a replay, AWS's names, with the legal transitions as a table: a replay is STARTING
 * until a node claims it, RUNNING while it walks its archive, CANCELLING after CancelReplay until
 * its task notices, and ends COMPLETED, CANCELLED or FAILED.
 */
enum ReplayState {
  STARTING,
  RUNNING,
  CANCELLING,
  COMPLETED,
  CANCELLED,
  FAILED;

  private static final Map<ReplayState, Set<ReplayState>> NEXT =
      Map.of(
          STARTING, EnumSet.of(RUNNING, CANCELLING),
          RUNNING, EnumSet.of(COMPLETED, CANCELLING, FAILED),
          CANCELLING, EnumSet.of(CANCELLED),
          COMPLETED, EnumSet.noneOf(ReplayState.class),
          CANCELLED, EnumSet.noneOf(ReplayState.class),
          FAILED, EnumSet.noneOf(ReplayState.class));

  /** The transitions the table allows, for tests that check each is exercised. */
  static Map<ReplayState, Set<ReplayState>> transitions() {
    return NEXT;
  }

  /** Whether a replay in this state may move to {@code next}. */
  boolean canMoveTo(ReplayState next) {
    return NEXT.get(this).contains(next);
  }

  /** This state's successor {@code next}; an {@link IllegalStateException} if not allowed. */
  ReplayState moveTo(ReplayState next) {
    if (!canMoveTo(next)) {
      throw new IllegalStateException("a replay cannot move from " + this + " to " + next);
    }
    return next;
  }

  /** Whether the replay's task still has work: STARTING, RUNNING or CANCELLING. */
  boolean active() {
    return this == STARTING || this == RUNNING || this == CANCELLING;
  }

  /** Whether CancelReplay may cancel a replay in this state. */
  boolean cancellable() {
    return this == STARTING || this == RUNNING;
  }
}
