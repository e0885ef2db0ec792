package dev.docket.states.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** What a run of an execution ended with. */
public sealed interface RunEnd {

  /**
   * The execution succeeded.
   *
   * @param output its output
   */
  record Succeeded(JsonNode output) implements RunEnd {}

  /**
   * The execution failed.
   *
   * @param error the error ({@code ""} for none)
   * @param cause the cause, or null
   */
  record Failed(String error, String cause) implements RunEnd {}

  /**
   * StopExecution or the execution's timeout ended it.
   *
   * @param termination why
   */
  record Terminated(Termination termination) implements RunEnd {}

  /**
   * It waits long: unloaded until {@code due}.
   *
   * @param due when it wakes
   */
  record Parked(Instant due) implements RunEnd {}
}
