package dev.docket.states.engine;

/**
 * Why an execution stopped from outside its states: StopExecution or its own timeout.
 *
 * @param status {@code ABORTED} or {@code TIMED_OUT}
 * @param error the error (may be null)
 * @param cause the cause (may be null)
 */
public record Termination(String status, String error, String cause) {

  /** Thrown in a strand of an execution that was terminated. */
  static final class Terminated extends RuntimeException {
    final Termination termination;

    Terminated(Termination termination) {
      super(termination.status(), null, false, false);
      this.termination = termination;
    }
  }
}
