package dev.docket.it.states;

import static dev.docket.it.states.StatesIt.awaitEnd;
import static dev.docket.it.states.StatesIt.machine;
import static dev.docket.it.states.StatesIt.parse;
import static dev.docket.it.states.StatesIt.start;
import static dev.docket.it.states.StatesIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.docket.states.StatesConfig;
import dev.docket.testing.DocketExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * Activities through the SDK: a worker thread polls GetActivityTask, heartbeats and answers
 * SendTaskSuccess, and the execution continues with its output; a worker that stops heartbeating
 * fails the task with {@code States.HeartbeatTimeout}.
 */
class ActivityTasksTest {

  /** Short activity polls, so an idle poll returns well within the SDK's read timeout. */
  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .configure(
              c ->
                  c.withStates(
                      new StatesConfig(
                          StatesConfig.defaults().parkAfter(), Duration.ofSeconds(5), Map.of())))
          .build();

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
  void aWorkerPollsHeartbeatsAndAnswersAndTheExecutionContinuesWithItsOutput()
      throws InterruptedException, ExecutionException, TimeoutException {
    String activity = sfn.createActivity(b -> b.name(uniqueName("pack"))).activityArn();
    String machine =
        machine(
            sfn,
            "activity",
            """
            {"StartAt": "Pack", "States": {
              "Pack": {"Type": "Task", "Resource": "%s", "HeartbeatSeconds": 60,
                       "ResultPath": "$.packed", "Next": "Done"},
              "Done": {"Type": "Succeed"}}}
            """
                .formatted(activity));

    String execution = start(sfn, machine, "{\"order\": 11}");
    CompletableFuture<String> worker =
        CompletableFuture.supplyAsync(
            () -> {
              GetActivityTaskResponse task = poll(activity);
              sfn.sendTaskHeartbeat(b -> b.taskToken(task.taskToken()));
              int order = parse(task.input()).path("order").asInt();
              sfn.sendTaskSuccess(
                  b -> b.taskToken(task.taskToken()).output("{\"box\": " + (order * 2) + "}"));
              return task.input();
            });

    assertThat(parse(worker.get(60, TimeUnit.SECONDS))).isEqualTo(parse("{\"order\": 11}"));
    DescribeExecutionResponse end = awaitEnd(sfn, execution);
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(parse(end.output())).isEqualTo(parse("{\"order\": 11, \"packed\": {\"box\": 22}}"));
    List<HistoryEvent> history = StatesIt.history(sfn, execution);
    assertThat(history)
        .extracting(HistoryEvent::typeAsString)
        .containsSubsequence("ActivityScheduled", "ActivityStarted", "ActivitySucceeded");
    HistoryEvent started =
        history.stream()
            .filter(e -> e.type() == HistoryEventType.ACTIVITY_STARTED)
            .findFirst()
            .orElseThrow();
    assertThat(started.activityStartedEventDetails().workerName()).isEqualTo("test-worker");
    HistoryEvent scheduled =
        history.stream()
            .filter(e -> e.type() == HistoryEventType.ACTIVITY_SCHEDULED)
            .findFirst()
            .orElseThrow();
    assertThat(scheduled.activityScheduledEventDetails().resource()).isEqualTo(activity);
    assertThat(scheduled.activityScheduledEventDetails().heartbeatInSeconds()).isEqualTo(60L);
  }

  @Test
  void aWorkerThatStopsHeartbeatingFailsTheTaskWithStatesHeartbeatTimeout()
      throws InterruptedException, ExecutionException, TimeoutException {
    String activity = sfn.createActivity(b -> b.name(uniqueName("stall"))).activityArn();
    String machine =
        machine(
            sfn,
            "activity-stall",
            """
            {"StartAt": "Stall", "States": {
              "Stall": {"Type": "Task", "Resource": "%s", "HeartbeatSeconds": 1,
                        "TimeoutSeconds": 300, "End": true}}}
            """
                .formatted(activity));

    String execution = start(sfn, machine, "{}");
    CompletableFuture<GetActivityTaskResponse> worker =
        CompletableFuture.supplyAsync(() -> poll(activity));
    assertThat(worker.get(60, TimeUnit.SECONDS).taskToken()).isNotEmpty();

    DescribeExecutionResponse end = awaitEnd(sfn, execution);
    assertThat(end.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(end.error()).isEqualTo("States.HeartbeatTimeout");
    assertThat(StatesIt.history(sfn, execution))
        .filteredOn(e -> e.type() == HistoryEventType.ACTIVITY_TIMED_OUT)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.activityTimedOutEventDetails().error())
                    .isEqualTo("States.HeartbeatTimeout"));
  }

  @Test
  void aWorkersFailureRunsTheCatch()
      throws InterruptedException, ExecutionException, TimeoutException {
    String activity = sfn.createActivity(b -> b.name(uniqueName("refuse"))).activityArn();
    String machine =
        machine(
            sfn,
            "activity-failure",
            """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "%s",
                       "Catch": [{"ErrorEquals": ["Refused"], "Next": "Handled"}], "End": true},
              "Handled": {"Type": "Pass", "End": true}}}
            """
                .formatted(activity));

    String execution = start(sfn, machine, "{}");
    CompletableFuture<Void> worker =
        CompletableFuture.runAsync(
            () ->
                sfn.sendTaskFailure(
                    b -> b.taskToken(poll(activity).taskToken()).error("Refused").cause("busy")));
    worker.get(60, TimeUnit.SECONDS);

    DescribeExecutionResponse end = awaitEnd(sfn, execution);
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(parse(end.output()))
        .isEqualTo(parse("{\"Error\": \"Refused\", \"Cause\": \"busy\"}"));
  }

  @Test
  void anAnswerAfterTheHeartbeatTimedOutIsRefusedWithTaskTimedOut()
      throws InterruptedException, ExecutionException, TimeoutException {
    String activity = sfn.createActivity(b -> b.name(uniqueName("late"))).activityArn();
    String machine =
        machine(
            sfn,
            "activity-late",
            """
            {"StartAt": "Late", "States": {
              "Late": {"Type": "Task", "Resource": "%s", "HeartbeatSeconds": 1, "End": true}}}
            """
                .formatted(activity));
    String execution = start(sfn, machine, "{}");
    String token =
        CompletableFuture.supplyAsync(() -> poll(activity)).get(60, TimeUnit.SECONDS).taskToken();
    assertThat(awaitEnd(sfn, execution).error()).isEqualTo("States.HeartbeatTimeout");

    SfnException refused =
        catchThrowableOfType(
            SfnException.class, () -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")));

    assertThat(refused).isNotNull();
    assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("TaskTimedOut");
  }

  /** Polls until the activity hands out a task. */
  private static GetActivityTaskResponse poll(String activity) {
    while (true) {
      GetActivityTaskResponse task =
          sfn.getActivityTask(b -> b.activityArn(activity).workerName("test-worker"));
      if (task.taskToken() != null && !task.taskToken().isEmpty()) {
        return task;
      }
    }
  }
}
