package dev.docket.delivery;

import java.util.Objects;

/** What one invocation of a target came to. Targets return outcomes; they do not throw. */
public sealed interface Outcome {

  /** The target accepted the delivery. */
  record Succeeded() implements Outcome {}

  /**
   * The target refused or could not be reached.
   *
   * @param errorCode the error name, as it goes to {@code ERROR_CODE} on a dead letter (e.g. {@code
   *     SQS_QUEUE_NONEXISTENT}, {@code HTTP_CONNECTION_ERROR} or an AWS error code)
   * @param errorMessage a human-readable message, as it goes to {@code ERROR_MESSAGE}
   * @param retryable whether trying again later may succeed
   */
  record Failed(String errorCode, String errorMessage, boolean retryable) implements Outcome {
    /** Checks required components. */
    public Failed {
      Objects.requireNonNull(errorCode, "errorCode");
      Objects.requireNonNull(errorMessage, "errorMessage");
    }
  }

  /** The shared success. */
  Outcome SUCCEEDED = new Succeeded();
}
