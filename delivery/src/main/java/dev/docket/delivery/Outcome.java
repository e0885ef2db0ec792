package dev.docket.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** What one invocation of a target came to. Targets return outcomes; they do not throw. */
public sealed interface Outcome {

  /**
   * The target accepted the delivery.
   *
   * @param response what the target answered, in the shape of the AWS API it stands for (an SQS
   *     target: {@code MessageId}, {@code MD5OfMessageBody}, ...; a bus: {@code EventId}); null
   *     where the target answers nothing. State-machine tasks return it as their result.
   */
  record Succeeded(JsonNode response) implements Outcome {}

  /**
   * The target refused or could not be reached.
   *
   * @param errorCode the error name, as it goes to {@code ERROR_CODE} on a dead letter: one of
   *     EventBridge's documented codes where one fits (e.g. {@code NO_RESOURCE}, {@code
   *     NO_PERMISSIONS}, {@code THROTTLING}, {@code TIMEOUT}, {@code CONNECTION_FAILURE}, {@code
   *     INVALID_PARAMETER}, {@code INTERNAL_ERROR}; see {@link DeadLetterAttributes})
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
  Outcome SUCCEEDED = new Succeeded(null);
}
