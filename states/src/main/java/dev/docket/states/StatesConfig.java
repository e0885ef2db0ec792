package dev.docket.states;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the states service.
 *
 * @param parkAfter waits longer than this unload an execution until a durable timer wakes it
 * @param activityPollWait how long GetActivityTask waits for a task (AWS: 60 seconds)
 * @param functions Docket functions: Lambda function names mapped to HTTP endpoints that receive
 *     the Lambda payload and answer its result
 * @param executionRetention how long a closed execution and its history are kept after it closed
 *     (AWS: 90 days)
 */
public record StatesConfig(
    Duration parkAfter,
    Duration activityPollWait,
    Map<String, URI> functions,
    Duration executionRetention) {

  /** AWS's retention of closed Standard executions. */
  public static final Duration DEFAULT_EXECUTION_RETENTION = Duration.ofDays(90);

  public StatesConfig {
    Objects.requireNonNull(parkAfter, "parkAfter");
    Objects.requireNonNull(activityPollWait, "activityPollWait");
    functions = Map.copyOf(functions);
    Objects.requireNonNull(executionRetention, "executionRetention");
    if (executionRetention.isNegative() || executionRetention.isZero()) {
      throw new IllegalArgumentException(
          "executionRetention must be positive, but was " + executionRetention);
    }
  }

  /** Settings with AWS's execution retention of 90 days. */
  public StatesConfig(Duration parkAfter, Duration activityPollWait, Map<String, URI> functions) {
    this(parkAfter, activityPollWait, functions, DEFAULT_EXECUTION_RETENTION);
  }

  /** The defaults: park after 60 s, activity polls of 60 s, no functions, retention 90 days. */
  public static StatesConfig defaults() {
    return new StatesConfig(Duration.ofSeconds(60), Duration.ofSeconds(60), Map.of());
  }

  /** These settings with another execution retention. */
  public StatesConfig withExecutionRetention(Duration retention) {
    return new StatesConfig(parkAfter, activityPollWait, functions, retention);
  }
}
