package dev.docket.states.asl;

import java.util.Map;
import java.util.Objects;

/**
 * A block of states: a whole state machine, a Parallel branch or a Map's item processor.
 *
 * @param comment the {@code Comment}, or null
 * @param startAt the {@code StartAt} state
 * @param states the states by name, in definition order
 * @param timeoutSeconds the execution's {@code TimeoutSeconds} (top level only), or null
 * @param queryLanguage the block's default query language (the top level's {@code QueryLanguage},
 *     inherited by branches and item processors)
 * @param processorMode for a Map's item processor: {@code INLINE} or {@code DISTRIBUTED}; else null
 * @param executionType for a distributed Map's item processor: {@code STANDARD} or {@code EXPRESS};
 *     else null
 */
public record StateMachineDefinition(
    String comment,
    String startAt,
    Map<String, State> states,
    Integer timeoutSeconds,
    QueryLanguage queryLanguage,
    String processorMode,
    String executionType) {

  public StateMachineDefinition {
    Objects.requireNonNull(startAt, "startAt");
    Objects.requireNonNull(queryLanguage, "queryLanguage");
    states = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(states));
  }

  /** The state named {@code name}; null if none. */
  public State state(String name) {
    return states.get(name);
  }
}
