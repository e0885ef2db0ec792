package dev.docket.states.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Calls what a Task state's resource names, for the integrations the engine does not run itself
 * (activities and {@code states:startExecution} it does). Implementations block the calling
 * (virtual) thread until the call returns and report failures as {@link Result.Failure}, never by
 * throwing.
 */
@FunctionalInterface
public interface TaskInvoker {

  /** Invokes the resource with its parameters. */
  Result invoke(TaskCall call);

  /**
   * One call.
   *
   * @param resource the resource as parsed
   * @param parameters the task's effective parameters (its Parameters / Arguments)
   * @param executionArn the execution calling
   * @param taskToken for {@code .waitForTaskToken}, the token the callee must send back; else null
   */
  record TaskCall(Resource resource, JsonNode parameters, String executionArn, String taskToken) {
    public TaskCall {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(parameters, "parameters");
      Objects.requireNonNull(executionArn, "executionArn");
    }
  }

  /** What a call produced. */
  sealed interface Result {
    /** The call's result (the task's raw output). */
    record Success(JsonNode output) implements Result {}

    /** The call failed with a Step Functions error name and cause. */
    record Failure(String error, String cause) implements Result {}
  }
}
