package dev.docket.states.engine;

import java.time.Instant;

/** Thrown to unwind an execution that waits long: it is unloaded and woken at {@code due}. */
final class Parked extends RuntimeException {
  final Instant due;

  Parked(Instant due) {
    super("parked until " + due, null, false, false);
    this.due = due;
  }
}
