package dev.docket.states.data;

import java.util.Objects;

/**
 * A failure of a state as Step Functions names it: an error name ({@code States.Runtime}, {@code
 * States.TaskFailed}, a task's own error, ...) and a cause (may be null). Thrown by data-flow
 * evaluation and by the interpreter; caught by Retry / Catch.
 */
public final class StatesFailure extends RuntimeException {

  private final String error;
  private final String cause;

  /**
   * @param error the error name
   * @param cause the cause, or null
   */
  public StatesFailure(String error, String cause) {
    super(error + (cause == null ? "" : ": " + cause), null, false, false);
    this.error = Objects.requireNonNull(error, "error");
    this.cause = cause;
  }

  /** The error name. */
  public String error() {
    return error;
  }

  /** The cause, or null. */
  public String causeText() {
    return cause;
  }

  /** A {@code States.Runtime} failure. */
  public static StatesFailure runtime(String cause) {
    return new StatesFailure(StatesErrors.RUNTIME, cause);
  }
}
