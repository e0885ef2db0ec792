package dev.docket.examples.travelsaga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * A finished execution as the Step Functions API reports it: DescribeExecution and the full
 * GetExecutionHistory, with the readings the saga's tests make of them. Immutable.
 *
 * @param description DescribeExecution's answer once the execution left RUNNING
 * @param history every history event, oldest first
 */
record Execution(DescribeExecutionResponse description, List<HistoryEvent> history) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long an execution may run before the test gives up on it (a hang, not a threshold). */
  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

  Execution {
    history = List.copyOf(history);
  }

  /** Waits until the execution has ended, then reads its description and history. */
  static Execution awaitEnd(SfnClient sfn, String executionArn) {
    Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
    DescribeExecutionResponse description =
        sfn.describeExecution(b -> b.executionArn(executionArn));
    while (description.status() == ExecutionStatus.RUNNING) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError(executionArn + " is still RUNNING after " + GIVE_UP_AFTER);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      description = sfn.describeExecution(b -> b.executionArn(executionArn));
    }
    List<HistoryEvent> history = new ArrayList<>();
    sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn))
        .events()
        .forEach(history::add);
    return new Execution(description, history);
  }

  ExecutionStatus status() {
    return description.status();
  }

  /** The execution's output (a SUCCEEDED one). */
  JsonNode output() {
    return parse(description.output());
  }

  /** The names of the states entered, in the order the history records them. */
  List<String> statesEntered() {
    return history.stream()
        .filter(event -> event.stateEnteredEventDetails() != null)
        .map(event -> event.stateEnteredEventDetails().name())
        .toList();
  }

  /**
   * The outcomes of the task attempts made in a state, in order: {@code TaskSucceeded}, or {@code
   * TaskFailed} followed by its error ({@code TaskFailed Lambda.ServiceException}).
   */
  List<String> taskOutcomes(String state) {
    List<String> outcomes = new ArrayList<>();
    String current = null;
    for (HistoryEvent event : history) {
      if (event.stateEnteredEventDetails() != null) {
        current = event.stateEnteredEventDetails().name();
      } else if (event.stateExitedEventDetails() != null) {
        current = null;
      } else if (state.equals(current) && event.taskSucceededEventDetails() != null) {
        outcomes.add("TaskSucceeded");
      } else if (state.equals(current) && event.taskFailedEventDetails() != null) {
        outcomes.add("TaskFailed " + event.taskFailedEventDetails().error());
      }
    }
    return outcomes;
  }

  /** The error of the history's ExecutionFailed event. */
  String failedEventError() {
    return history.stream()
        .filter(event -> event.executionFailedEventDetails() != null)
        .map(event -> event.executionFailedEventDetails().error())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ExecutionFailed event in " + history));
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
