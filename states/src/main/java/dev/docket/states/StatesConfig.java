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
 */
public record StatesConfig(
    Duration parkAfter, Duration activityPollWait, Map<String, URI> functions) {

  public StatesConfig {
    Objects.requireNonNull(parkAfter, "parkAfter");
    Objects.requireNonNull(activityPollWait, "activityPollWait");
    functions = Map.copyOf(functions);
  }

  /** The defaults: park after 60 s, activity polls of 60 s, no functions. */
  public static StatesConfig defaults() {
    return new StatesConfig(Duration.ofSeconds(60), Duration.ofSeconds(60), Map.of());
  }
}
