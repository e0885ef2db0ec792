package dev.docket.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A task token handed out by an execution: the inbox of a callback ({@code .waitForTaskToken}) or
 * an activity task. The execution writes it with the history events that precede handing it out;
 * SendTaskSuccess / SendTaskFailure write the {@code outcome}; the execution deletes it once it has
 * recorded that outcome.
 *
 * @param token the opaque token
 * @param executionArn the execution waiting on it
 * @param key the engine's replay key of the waiting task
 * @param activityArn for an activity task, the activity a worker polls; empty for a callback
 * @param input for an activity task, the input GetActivityTask hands out
 * @param createdAt when it was created (activity tasks are handed out oldest first)
 * @param claimedBy for an activity task, the worker name GetActivityTask gave, once claimed
 * @param outcome the outcome, once sent: a JSON object {@code {"output": ...}} or {@code {"error":
 *     ..., "cause": ...}}
 * @param heartbeatAt the last heartbeat (initially {@code createdAt})
 */
public record TaskToken(
    String token,
    String executionArn,
    String key,
    Optional<String> activityArn,
    String input,
    Instant createdAt,
    Optional<String> claimedBy,
    Optional<String> outcome,
    Instant heartbeatAt) {

  public TaskToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(executionArn, "executionArn");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(activityArn, "activityArn");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(claimedBy, "claimedBy");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(heartbeatAt, "heartbeatAt");
  }
}
