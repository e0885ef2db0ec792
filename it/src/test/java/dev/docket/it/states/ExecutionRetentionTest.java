package dev.docket.it.states;

import static dev.docket.it.states.StatesIt.awaitEnd;
import static dev.docket.it.states.StatesIt.history;
import static dev.docket.it.states.StatesIt.machine;
import static dev.docket.it.states.StatesIt.start;
import static dev.docket.it.states.StatesIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.testing.DocketExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;

/**
 * Closed-execution retention through the SDK on a manual clock: as in AWS, a closed Standard
 * execution is described, listed and has its history for 90 days after it closed, then answers
 * ExecutionDoesNotExist and is no longer listed; an execution still running (here waiting for an
 * activity task) is never deleted, however old, and its 90 days start when it closes.
 *
 * <p>The server deletes on a background task, so the test waits for the deletion it expects; that
 * the boundary is right is shown by an execution closed two days later that the same run keeps.
 */
class ExecutionRetentionTest {

  private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @RegisterExtension
  static DocketExtension docket = DocketExtension.builder().manualClock(START).build();

  private static SfnClient sfn;

  @BeforeAll
  static void clients() {
    sfn = StatesIt.sfn(docket);
  }

  @AfterAll
  static void close() {
    sfn.close();
  }

  @Test
  void aClosedExecutionIsKeptNinetyDaysAfterItClosedAndARunningOneIsNeverDeleted() {
    String quick =
        machine(
            sfn,
            "retained",
            """
            {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": true}}}
            """);
    String activity = sfn.createActivity(b -> b.name(uniqueName("review"))).activityArn();
    String waiting =
        machine(
            sfn,
            "waiting",
            """
            {"StartAt": "Review", "States": {
              "Review": {"Type": "Task", "Resource": "%s", "End": true}}}
            """
                .formatted(activity));
    String early = start(sfn, quick, "{\"n\": 1}");
    assertThat(awaitEnd(sfn, early).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    String running = start(sfn, waiting, "{\"n\": 2}");
    docket.advance(Duration.ofDays(2));
    String later = start(sfn, quick, "{\"n\": 3}");
    assertThat(awaitEnd(sfn, later).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

    docket.advance(Duration.ofDays(87)); // 89 days after early closed
    assertThat(sfn.describeExecution(b -> b.executionArn(early)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(history(sfn, early)).isNotEmpty();
    docket.advance(Duration.ofDays(2)); // 91 days after early closed, 89 after later closed

    awaitGone(early);
    assertThat(listed(quick)).containsExactly(later);
    assertThat(sfn.describeExecution(b -> b.executionArn(later)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(history(sfn, later)).isNotEmpty();
    assertThatThrownBy(() -> sfn.getExecutionHistory(b -> b.executionArn(early)))
        .isInstanceOf(ExecutionDoesNotExistException.class);

    docket.advance(Duration.ofDays(2)); // 91 days after later closed, 93 after running started
    awaitGone(later);
    assertThat(listed(quick)).isEmpty();
    assertThat(sfn.describeExecution(b -> b.executionArn(running)).status())
        .isEqualTo(ExecutionStatus.RUNNING);
    assertThat(listed(waiting)).containsExactly(running);

    GetActivityTaskResponse task = sfn.getActivityTask(b -> b.activityArn(activity));
    sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"ok\": true}"));
    assertThat(awaitEnd(sfn, running).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    docket.advance(Duration.ofDays(89));
    assertThat(sfn.describeExecution(b -> b.executionArn(running)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    docket.advance(Duration.ofDays(2));
    awaitGone(running);
    assertThat(listed(waiting)).isEmpty();
  }

  /** Waits until DescribeExecution answers ExecutionDoesNotExist (the task runs in background). */
  private static void awaitGone(String executionArn) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        sfn.describeExecution(b -> b.executionArn(executionArn));
      } catch (ExecutionDoesNotExistException e) {
        return;
      }
      assertThat(System.nanoTime())
          .as("execution %s was not deleted", executionArn)
          .isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static List<String> listed(String machineArn) {
    return sfn.listExecutionsPaginator(b -> b.stateMachineArn(machineArn)).executions().stream()
        .map(ExecutionListItem::executionArn)
        .toList();
  }
}
