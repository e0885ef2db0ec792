package dev.docket.states.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.store.TaskToken;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What a running execution needs from its engine. */
interface RunServices {

  /** The only source of time. */
  Clock clock();

  /** Calls integrations. */
  TaskInvoker invoker();

  /** Waits longer than this unload the execution and wake it with a durable timer. */
  Duration parkAfter();

  /**
   * A future completed with the token's outcome ({@code {"output":...}} or {@code
   * {"error":...,"cause":...}} as JSON text) once SendTaskSuccess / Failure stored it; already
   * complete if it is stored.
   */
  CompletableFuture<String> awaitToken(String token);

  /** Stops waiting for a token (its task ended otherwise). */
  void forgetToken(String token);

  /** The token as stored. */
  Optional<TaskToken> storedToken(String token);

  /** An activity task was made durable: wake GetActivityTask pollers of that activity. */
  void activityTaskReady(String activityArn);

  /**
   * Runs {@code arn:aws:states:::states:startExecution[.sync[:2]]}: starts a child execution and,
   * for {@code .sync}, waits for its end. Blocking.
   */
  TaskInvoker.Result startExecution(
      JsonNode parameters, ExecutionInfo parent, String pattern, String taskToken);
}
