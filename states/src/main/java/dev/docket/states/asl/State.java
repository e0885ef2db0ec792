package dev.docket.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One state of a definition. Fields that may be written either as a literal or as a JSONata
 * expression ({@code "{% ... %}"}) are kept as the {@link JsonNode} written; their {@code ...Path}
 * twins (JSONPath mode) as the path text; absent ones are null.
 */
public sealed interface State {

  /** Name, type, language, transition and data flow. */
  Common common();

  /** The state's name. */
  default String name() {
    return common().name();
  }

  /** A {@code Pass} state. */
  record Pass(Common common) implements State {}

  /**
   * A {@code Task} state.
   *
   * @param resource the {@code Resource} (an ARN text; in JSONata mode possibly an expression)
   * @param timeoutSeconds {@code TimeoutSeconds}, or null
   * @param timeoutSecondsPath {@code TimeoutSecondsPath}, or null
   * @param heartbeatSeconds {@code HeartbeatSeconds}, or null
   * @param heartbeatSecondsPath {@code HeartbeatSecondsPath}, or null
   * @param retry its retriers, in order
   * @param catchers its catchers, in order
   * @param credentials {@code Credentials}, or null (accepted, not used)
   */
  record Task(
      Common common,
      String resource,
      JsonNode timeoutSeconds,
      String timeoutSecondsPath,
      JsonNode heartbeatSeconds,
      String heartbeatSecondsPath,
      List<Retrier> retry,
      List<Catcher> catchers,
      JsonNode credentials)
      implements State {}

  /**
   * A {@code Choice} state.
   *
   * @param choices its rules, in order
   * @param defaultState {@code Default}, or null
   */
  record ChoiceState(Common common, List<Choice> choices, String defaultState) implements State {}

  /**
   * A {@code Wait} state: exactly one of the four is set.
   *
   * @param seconds {@code Seconds} (a number, or a JSONata expression)
   * @param secondsPath {@code SecondsPath}
   * @param timestamp {@code Timestamp} (a text, or a JSONata expression)
   * @param timestampPath {@code TimestampPath}
   */
  record Wait(
      Common common, JsonNode seconds, String secondsPath, JsonNode timestamp, String timestampPath)
      implements State {}

  /** A {@code Succeed} state. */
  record Succeed(Common common) implements State {}

  /**
   * A {@code Fail} state.
   *
   * @param error {@code Error} (a text, or a JSONata expression), or null
   * @param errorPath {@code ErrorPath}, or null
   * @param cause {@code Cause}, or null
   * @param causePath {@code CausePath}, or null
   */
  record Fail(Common common, JsonNode error, String errorPath, JsonNode cause, String causePath)
      implements State {}

  /**
   * A {@code Parallel} state.
   *
   * @param branches its branches
   */
  record Parallel(
      Common common,
      List<StateMachineDefinition> branches,
      List<Retrier> retry,
      List<Catcher> catchers)
      implements State {}

  /**
   * A {@code Map} state.
   *
   * @param processor {@code ItemProcessor} (or the legacy {@code Iterator})
   * @param itemsPath {@code ItemsPath} ({@code "$"} if absent; JSONPath mode)
   * @param items {@code Items} (JSONata mode; a literal array or an expression), or null
   * @param maxConcurrency {@code MaxConcurrency} (a number or JSONata expression), or null
   * @param maxConcurrencyPath {@code MaxConcurrencyPath}, or null
   * @param toleratedFailurePercentage {@code ToleratedFailurePercentage}, or null
   * @param toleratedFailurePercentagePath {@code ToleratedFailurePercentagePath}, or null
   * @param toleratedFailureCount {@code ToleratedFailureCount}, or null
   * @param toleratedFailureCountPath {@code ToleratedFailureCountPath}, or null
   * @param itemReader {@code ItemReader}, or null (reading from S3 is not supported)
   * @param itemBatcher {@code ItemBatcher}, or null
   * @param resultWriter {@code ResultWriter}, or null
   * @param label {@code Label}, or null
   */
  record MapState(
      Common common,
      StateMachineDefinition processor,
      String itemsPath,
      JsonNode items,
      JsonNode maxConcurrency,
      String maxConcurrencyPath,
      JsonNode toleratedFailurePercentage,
      String toleratedFailurePercentagePath,
      JsonNode toleratedFailureCount,
      String toleratedFailureCountPath,
      JsonNode itemReader,
      JsonNode itemBatcher,
      JsonNode resultWriter,
      String label,
      List<Retrier> retry,
      List<Catcher> catchers)
      implements State {

    /** Whether it runs its items as child executions ({@code ProcessorConfig.Mode}). */
    public boolean distributed() {
      return "DISTRIBUTED".equals(processor.processorMode());
    }
  }
}
