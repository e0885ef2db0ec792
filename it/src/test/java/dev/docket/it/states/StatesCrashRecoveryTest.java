package dev.docket.it.states;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.it.QueueDrain;
import dev.docket.testing.DocketProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The durability promise of Standard executions, tested for real: a child Docket runs many
 * executions through Wait states (short ones sleeping in memory, a long one that parks the
 * execution on a durable timer), a Parallel state, a Map state, Pass states computing from the
 * input, activity tasks answered by workers in this process and {@code .waitForTaskToken} callbacks
 * answered from a queue; it is killed with SIGKILL while they run and restarted on the same data
 * directory. Every execution must then succeed with the output it would have had without the crash,
 * and its history (all pages) must show no state entered twice in a strand, no task scheduled again
 * without a failed outcome, and ids 1..n. A second test kills the server while executions are
 * parked on long waits and checks, against the histories' timestamps, that none ends its wait
 * before it is due. A third (disabled: an engine bug) checks that an activity answered in time is
 * not recorded as timed out by the replay after a restart.
 *
 * <p>The activity task of the first test has a timeout and a retry on {@code States.Timeout}: an
 * activity task whose GetActivityTask answer the kill lost stays claimed and is never handed out
 * again (as in AWS), so only its timeout ends it. The history checks accept a task scheduled again
 * after a timed-out attempt; the count of timed-out attempts is printed.
 */
class StatesCrashRecoveryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE = "arn:aws:iam::000000000000:role/crash";

  private static final int EXECUTIONS = 200;
  // executions start this far apart, so that at the kill some are parked on the long wait and
  // others are in the Parallel state (or before it)
  private static final Duration START_SPACING = Duration.ofMillis(20);
  private static final int ACTIVITY_WORKERS = 8;
  private static final int CALLBACK_CONSUMERS = 4;
  private static final long LONG_WAIT = 4;
  private static final Duration MAX_LOAD_TIME = Duration.ofSeconds(60);
  private static final Duration MAX_FINISH_TIME = Duration.ofSeconds(90);

  // Kept when a test fails: the servers' logs are in it.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dataDir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void everyExecutionFinishesAsIfNothingHappenedAfterKill9MidFlight() throws Exception {
    long begin = System.nanoTime();
    Map<String, String> environment =
        Map.of("DOCKET_STATES_PARK_AFTER", "2s", "DOCKET_STATES_ACTIVITY_POLL_WAIT", "2s");
    Map<Integer, String> executions = new LinkedHashMap<>();
    Instant killedAt;
    int exitValue;
    String machineArn;
    try (TaskWorkers workers = new TaskWorkers()) {
      try (DocketProcess first = DocketProcess.start(dataDir, environment);
          SfnClient sfn = sfn(first);
          SqsClient sqs = sqs(first)) {
        String queueUrl =
            sqs.createQueue(
                    r ->
                        r.queueName("callbacks")
                            .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5")))
                .queueUrl();
        String activityArn = sfn.createActivity(r -> r.name("square")).activityArn();
        machineArn =
            sfn.createStateMachine(
                    r ->
                        r.name("crash")
                            .type(StateMachineType.STANDARD)
                            .roleArn(ROLE)
                            .definition(midFlightDefinition(activityArn, queueUrl)))
                .stateMachineArn();
        workers.connect(new TaskWorkers.Server(sfn, sqs, queueUrl));
        workers.workActivity(activityArn, ACTIVITY_WORKERS, StatesCrashRecoveryTest::square);
        workers.answerCallbacks(CALLBACK_CONSUMERS, StatesCrashRecoveryTest::triple);

        phase(begin, "first server up");
        long load = System.nanoTime();
        // each start on its own thread at its own time, however slow the calls
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
          List<Future<String>> started = new ArrayList<>();
          for (int i = 0; i < EXECUTIONS; i++) {
            long at = load + START_SPACING.toNanos() * i;
            String input = midFlightInput(i).toString();
            String name = "exec-" + i;
            started.add(
                starters.submit(
                    () -> {
                      pauseUntil(at);
                      return sfn.startExecution(
                              r -> r.stateMachineArn(machineArn).name(name).input(input))
                          .executionArn();
                    }));
          }
          for (int i = 0; i < EXECUTIONS; i++) {
            executions.put(i, started.get(i).get());
          }
        }
        phase(begin, "started " + EXECUTIONS + " executions");
        // Kill once most activities were answered and the first execution parked on its long
        // wait: the earliest executions are then parked, later ones are inside the Parallel state
        // (activity, waits, callbacks), the last ones on their first wait.
        String firstExecution = executions.get(0);
        while (System.nanoTime() - load < MAX_LOAD_TIME.toNanos()) {
          if (workers.activitiesAnswered() >= EXECUTIONS * 6 / 10
              && Histories.stateEvent(
                      Histories.read(sfn, firstExecution), "WaitStateEntered", "LongWait")
                  .isPresent()) {
            break;
          }
          Thread.sleep(50);
        }
        workers.connect(null);
        System.out.printf(
            "killing: activities answered=%d, callbacks answered=%d%n",
            workers.activitiesAnswered(), workers.callbacksAnswered());
        phase(begin, "killing");
        killedAt = Instant.now();
        exitValue = first.kill9();
      }

      try (DocketProcess second = DocketProcess.start(dataDir, environment);
          SfnClient sfn = sfn(second);
          SqsClient sqs = sqs(second)) {
        String queueUrl = sqs.getQueueUrl(r -> r.queueName("callbacks")).queueUrl();
        workers.connect(new TaskWorkers.Server(sfn, sqs, queueUrl));
        phase(begin, "restarted");
        awaitNoneRunning(sfn, machineArn);
        phase(begin, "none running");

        List<String> problems = new ArrayList<>();
        int parkedAcrossKill = 0;
        int inParallelAtKill = 0;
        int beforeParallelAtKill = 0;
        int timedOutActivities = 0;
        for (Map.Entry<Integer, String> execution : executions.entrySet()) {
          int n = execution.getKey();
          String arn = execution.getValue();
          DescribeExecutionResponse described = sfn.describeExecution(r -> r.executionArn(arn));
          List<HistoryEvent> history = Histories.read(sfn, arn);
          if (described.status() != ExecutionStatus.SUCCEEDED) {
            problems.add(arn + " ended " + described.status() + ": " + tail(history));
            continue;
          }
          JsonNode output = JSON.readTree(described.output());
          if (!output.equals(midFlightOutput(n))) {
            problems.add(arn + " output " + output + ", expected " + midFlightOutput(n));
          }
          Histories.violations(history).forEach(v -> problems.add(arn + ": " + v));
          problems.addAll(earlyWaits(arn, history, n));
          Map<String, Long> entries = stateEntries(history);
          if (!entries.equals(EXPECTED_ENTRIES)) {
            problems.add(arn + " entered states " + entries + ", expected " + EXPECTED_ENTRIES);
          }
          timedOutActivities +=
              (int) history.stream().filter(e -> e.typeAsString().endsWith("TimedOut")).count();
          if (spans(history, "WaitState", "LongWait", killedAt)) {
            parkedAcrossKill++;
          }
          if (spans(history, "ParallelState", "Fan", killedAt)) {
            inParallelAtKill++;
          }
          if (Histories.stateEvent(history, "ParallelStateEntered", "Fan")
              .orElseThrow()
              .timestamp()
              .isAfter(killedAt)) {
            beforeParallelAtKill++;
          }
        }
        phase(begin, "checked");
        System.out.printf(
            "exit=%d, executions=%d, parked on the long wait at the kill=%d, in the Parallel"
                + " state=%d, not yet in it=%d, activities answered=%d, callbacks answered=%d,"
                + " activity answers refused as finished=%d, callback answers refused=%d, tasks timed"
                + " out (then retried)=%d%n",
            exitValue,
            executions.size(),
            parkedAcrossKill,
            inParallelAtKill,
            beforeParallelAtKill,
            workers.activitiesAnswered(),
            workers.callbacksAnswered(),
            workers.activitiesRefused(),
            workers.callbacksRefused(),
            timedOutActivities);

        assertThat(exitValue).as("exit value of the killed server (128 + SIGKILL)").isEqualTo(137);
        assertThat(first(problems))
            .as("executions that did not finish as without the crash (logs in %s)", dataDir)
            .isEmpty();
        // the crash must have hit executions at each stage, else the test proved little
        assertThat(parkedAcrossKill)
            .as("executions parked on the long wait at the kill")
            .isPositive();
        assertThat(inParallelAtKill)
            .as("executions inside the Parallel state at the kill")
            .isPositive();
      }
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void parkedExecutionsWakeOnTimeAfterKill9() throws Exception {
    Map<String, String> environment = Map.of("DOCKET_STATES_PARK_AFTER", "1s");
    int count = 40;
    Map<Integer, String> executions = new LinkedHashMap<>();
    Map<Integer, Instant> absoluteDue = new LinkedHashMap<>();
    String machineArn;
    Instant killedAt;
    try (DocketProcess first = DocketProcess.start(dataDir, environment);
        SfnClient sfn = sfn(first)) {
      machineArn =
          sfn.createStateMachine(
                  r ->
                      r.name("parked")
                          .type(StateMachineType.STANDARD)
                          .roleArn(ROLE)
                          .definition(PARKED_DEFINITION))
              .stateMachineArn();
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      for (int i = 0; i < count; i++) {
        ObjectNode input = JSON.createObjectNode().put("n", i);
        if (i % 2 == 0) {
          input.put("seconds", parkedSeconds(i));
        } else {
          Instant due = now.plusSeconds(parkedSeconds(i)).plusMillis(137L * i % 1000);
          absoluteDue.put(i, due);
          input.put("at", due.toString());
        }
        String name = "parked-" + i;
        executions.put(
            i,
            sfn.startExecution(
                    r -> r.stateMachineArn(machineArn).name(name).input(input.toString()))
                .executionArn());
      }
      // every execution is waiting (parked: its wait is longer than park-after) before the kill
      for (Map.Entry<Integer, String> execution : executions.entrySet()) {
        String wait = sleepState(execution.getKey());
        while (Histories.stateEvent(
                Histories.read(sfn, execution.getValue()), "WaitStateEntered", wait)
            .isEmpty()) {
          Thread.sleep(20);
        }
      }
      killedAt = Instant.now();
      assertThat(first.kill9()).isEqualTo(137);
    }
    try (DocketProcess second = DocketProcess.start(dataDir, environment);
        SfnClient sfn = sfn(second)) {
      Instant restarted = Instant.now();
      awaitNoneRunning(sfn, machineArn);

      List<String> problems = new ArrayList<>();
      int dueAfterRestart = 0;
      for (Map.Entry<Integer, String> execution : executions.entrySet()) {
        int n = execution.getKey();
        String arn = execution.getValue();
        DescribeExecutionResponse described = sfn.describeExecution(r -> r.executionArn(arn));
        List<HistoryEvent> history = Histories.read(sfn, arn);
        if (described.status() != ExecutionStatus.SUCCEEDED) {
          problems.add(arn + " ended " + described.status() + ": " + tail(history));
          continue;
        }
        JsonNode expected = reparsed(JSON.createObjectNode().put("n", n).put("woke", true));
        if (!JSON.readTree(described.output()).equals(expected)) {
          problems.add(arn + " output " + described.output() + ", expected " + expected);
        }
        Histories.violations(history).forEach(v -> problems.add(arn + ": " + v));
        HistoryEvent entered =
            Histories.stateEvent(history, "WaitStateEntered", sleepState(n)).orElseThrow();
        HistoryEvent exited =
            Histories.stateEvent(history, "WaitStateExited", sleepState(n)).orElseThrow();
        Instant due =
            n % 2 == 0 ? entered.timestamp().plusSeconds(parkedSeconds(n)) : absoluteDue.get(n);
        if (exited.timestamp().isBefore(due)) {
          problems.add(
              arn + " left its wait at " + exited.timestamp() + ", before it was due at " + due);
        }
        if (!entered.timestamp().isBefore(killedAt)) {
          problems.add(arn + " entered its wait after the kill, at " + entered.timestamp());
        }
        if (due.isAfter(restarted)) {
          dueAfterRestart++;
        }
      }
      System.out.printf(
          "parked executions=%d, due after the restart=%d%n", executions.size(), dueAfterRestart);
      assertThat(first(problems)).as("parked executions (logs in %s)", dataDir).isEmpty();
      assertThat(dueAfterRestart).as("waits the restarted server had to time").isPositive();
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void anActivityAnsweredInTimeDoesNotTimeOutBecauseOfTheRestart() throws Exception {
    // park-after stays 60 s: the 30 s Hold sleeps in memory, so nothing is flushed after the
    // activity's outcome and the kill loses ActivitySucceeded; the outcome itself is durable in
    // the task token (SendTaskSuccess answered)
    Map<String, String> environment = Map.of("DOCKET_STATES_ACTIVITY_POLL_WAIT", "1s");
    String arn;
    Instant scheduled;
    Instant answered;
    try (DocketProcess first = DocketProcess.start(dataDir, environment);
        SfnClient sfn = sfn(first)) {
      String activityArn = sfn.createActivity(r -> r.name("answered")).activityArn();
      String machineArn =
          sfn.createStateMachine(
                  r ->
                      r.name("answered")
                          .type(StateMachineType.STANDARD)
                          .roleArn(ROLE)
                          .definition(ANSWERED_DEFINITION.formatted(activityArn, ACTIVITY_TIMEOUT)))
              .stateMachineArn();
      arn =
          sfn.startExecution(r -> r.stateMachineArn(machineArn).input("{\"n\": 7}")).executionArn();
      String token = null;
      while (token == null || token.isEmpty()) {
        token = sfn.getActivityTask(r -> r.activityArn(activityArn).workerName("w")).taskToken();
      }
      String claimed = token;
      sfn.sendTaskSuccess(r -> r.taskToken(claimed).output("{\"square\": 49}"));
      answered = Instant.now();
      scheduled =
          Histories.read(sfn, arn).stream()
              .filter(e -> e.typeAsString().equals("ActivityScheduled"))
              .findFirst()
              .orElseThrow()
              .timestamp();
      assertThat(answered)
          .as("the answer came within the task's timeout")
          .isBefore(scheduled.plusSeconds(ACTIVITY_TIMEOUT));
      assertThat(first.kill9()).isEqualTo(137);
    }
    // restart only once the timeout has passed: the outcome was in time, the replay is not
    pauseUntil(scheduled.plusSeconds(ACTIVITY_TIMEOUT).plusMillis(500));
    try (DocketProcess second = DocketProcess.start(dataDir, environment);
        SfnClient sfn = sfn(second)) {
      List<HistoryEvent> history = Histories.read(sfn, arn);
      long deadline = System.nanoTime() + MAX_FINISH_TIME.toNanos();
      while (history.stream()
              .noneMatch(
                  e ->
                      e.typeAsString().startsWith("Activity")
                          && e.typeAsString().matches("Activity(Succeeded|Failed|TimedOut)"))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
        history = Histories.read(sfn, arn);
      }
      System.out.println("answered in time, after the restart: " + tail(history));
      assertThat(history)
          .extracting(HistoryEvent::typeAsString)
          .as(
              "answered at %s, scheduled at %s with a %d s timeout",
              answered, scheduled, ACTIVITY_TIMEOUT)
          .contains("ActivitySucceeded")
          .doesNotContain("ActivityTimedOut");
    }
  }

  private static final int ACTIVITY_TIMEOUT = 4;

  private static final String ANSWERED_DEFINITION =
      """
      {
        "StartAt": "Work",
        "States": {
          "Work": {
            "Type": "Task",
            "Resource": "%s",
            "TimeoutSeconds": %d,
            "ResultPath": "$.work",
            "Next": "Hold"
          },
          "Hold": {"Type": "Wait", "Seconds": 30, "Next": "Done"},
          "Done": {"Type": "Pass", "End": true}
        }
      }
      """;

  // ------------------------------------------------------------------ the mid-flight machine

  /**
   * Compute (Pass) → ShortWait (1–2 s, in memory) → Fan (Parallel: an activity, a 1 s wait and a
   * Pass; a Map of three items each waiting 1–3 s, then a callback, then a Pass) → LongWait (parks)
   * → Summary (Pass).
   */
  private static String midFlightDefinition(String activityArn, String queueUrl) {
    return """
        {
          "StartAt": "Compute",
          "States": {
            "Compute": {
              "Type": "Pass",
              "Parameters": {
                "n.$": "$.n",
                "short.$": "$.short",
                "items.$": "$.items",
                "double.$": "States.MathAdd($.n, $.n)",
                "label.$": "States.Format('exec-{}', $.n)"
              },
              "Next": "ShortWait"
            },
            "ShortWait": {"Type": "Wait", "SecondsPath": "$.short", "Next": "Fan"},
            "Fan": {
              "Type": "Parallel",
              "ResultPath": "$.fan",
              "Next": "LongWait",
              "Branches": [
                {
                  "StartAt": "Work",
                  "States": {
                    "Work": {
                      "Type": "Task",
                      "Resource": "%s",
                      "Parameters": {"n.$": "$.n", "label.$": "$.label"},
                      "ResultPath": "$.work",
                      "TimeoutSeconds": 15,
                      "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 3}],
                      "Next": "AfterWork"
                    },
                    "AfterWork": {"Type": "Wait", "Seconds": 1, "Next": "Square"},
                    "Square": {
                      "Type": "Pass",
                      "Parameters": {
                        "square.$": "$.work.square",
                        "sum.$": "States.MathAdd($.work.square, $.double)"
                      },
                      "End": true
                    }
                  }
                },
                {
                  "StartAt": "Items",
                  "States": {
                    "Items": {
                      "Type": "Map",
                      "ItemsPath": "$.items",
                      "ItemSelector": {
                        "value.$": "$$.Map.Item.Value",
                        "index.$": "$$.Map.Item.Index",
                        "label.$": "$.label",
                        "pause.$": "States.MathAdd($$.Map.Item.Index, 1)"
                      },
                      "ItemProcessor": {
                        "ProcessorConfig": {"Mode": "INLINE"},
                        "StartAt": "ItemWait",
                        "States": {
                          "ItemWait": {"Type": "Wait", "SecondsPath": "$.pause", "Next": "Callback"},
                          "Callback": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                            "Parameters": {
                              "QueueUrl": "%s",
                              "MessageBody": {"token.$": "$$.Task.Token", "value.$": "$.value"}
                            },
                            "ResultPath": "$.callback",
                            "Next": "ItemResult"
                          },
                          "ItemResult": {
                            "Type": "Pass",
                            "Parameters": {
                              "index.$": "$.index",
                              "tripled.$": "$.callback.tripled",
                              "tag.$": "States.Format('{}:{}', $.label, $.value)"
                            },
                            "End": true
                          }
                        }
                      },
                      "End": true
                    }
                  }
                }
              ]
            },
            "LongWait": {"Type": "Wait", "Seconds": %d, "Next": "Summary"},
            "Summary": {
              "Type": "Pass",
              "Parameters": {
                "n.$": "$.n",
                "label.$": "$.label",
                "sum.$": "$.fan[0].sum",
                "items.$": "$.fan[1]",
                "count.$": "States.ArrayLength($.fan[1])"
              },
              "End": true
            }
          }
        }
        """
        .formatted(activityArn, queueUrl, LONG_WAIT);
  }

  /** How often each state of the mid-flight machine is entered (the Map has three items). */
  private static final Map<String, Long> EXPECTED_ENTRIES =
      Map.ofEntries(
          Map.entry("Compute", 1L),
          Map.entry("ShortWait", 1L),
          Map.entry("Fan", 1L),
          Map.entry("Work", 1L),
          Map.entry("AfterWork", 1L),
          Map.entry("Square", 1L),
          Map.entry("Items", 1L),
          Map.entry("ItemWait", 3L),
          Map.entry("Callback", 3L),
          Map.entry("ItemResult", 3L),
          Map.entry("LongWait", 1L),
          Map.entry("Summary", 1L));

  /** How often the history enters each state. */
  private static Map<String, Long> stateEntries(List<HistoryEvent> history) {
    return history.stream()
        .filter(e -> e.typeAsString().endsWith("StateEntered"))
        .collect(Collectors.groupingBy(Histories::stateName, Collectors.counting()));
  }

  private static ObjectNode midFlightInput(int n) {
    ObjectNode input = JSON.createObjectNode();
    input.put("n", n);
    input.put("short", shortWait(n));
    ArrayNode items = input.putArray("items");
    for (int k = 0; k < 3; k++) {
      items.add(n + k);
    }
    return input;
  }

  private static int shortWait(int n) {
    return 1 + n % 2;
  }

  /** The activity worker's answer: the square of {@code n}. */
  private static JsonNode square(JsonNode input) {
    long n = input.path("n").asLong();
    return JSON.createObjectNode().put("square", n * n);
  }

  /** The callback's answer: three times the item's value. */
  private static JsonNode triple(JsonNode body) {
    return JSON.createObjectNode().put("tripled", body.path("value").asLong() * 3);
  }

  /** What execution {@code n} outputs when nothing goes wrong, computed here. */
  private static JsonNode midFlightOutput(int n) {
    ObjectNode output = JSON.createObjectNode();
    output.put("n", n);
    output.put("label", "exec-" + n);
    output.put("sum", (long) n * n + 2L * n);
    ArrayNode items = output.putArray("items");
    for (int k = 0; k < 3; k++) {
      items
          .addObject()
          .put("index", k)
          .put("tripled", 3L * (n + k))
          .put("tag", "exec-" + n + ":" + (n + k));
    }
    output.put("count", 3);
    return reparsed(output);
  }

  /** Waits of execution {@code n} that ended before their due time (by the history's clock). */
  private static List<String> earlyWaits(String arn, List<HistoryEvent> history, int n) {
    Map<Long, String> strands = Histories.strands(history);
    Map<String, HistoryEvent> entered = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (HistoryEvent event : history) {
      String key = strands.get(event.id()) + " " + Histories.stateName(event);
      if (event.typeAsString().equals("WaitStateEntered")) {
        entered.put(key, event);
      } else if (event.typeAsString().equals("WaitStateExited")) {
        HistoryEvent start = entered.get(key);
        long seconds =
            switch (Histories.stateName(event)) {
              case "ShortWait" -> shortWait(n);
              case "AfterWork" -> 1;
              case "LongWait" -> LONG_WAIT;
              case "ItemWait" -> pause(strands, event);
              default -> 0;
            };
        Instant due = start.timestamp().plusSeconds(seconds);
        if (event.timestamp().isBefore(due)) {
          problems.add(
              arn
                  + ": "
                  + key
                  + " exited at "
                  + event.timestamp()
                  + " (event "
                  + event.id()
                  + "), before it was due at "
                  + due);
        }
      }
    }
    return problems;
  }

  /** An ItemWait's seconds: its iteration's index + 1, read from the strand path's last [i]. */
  private static long pause(Map<Long, String> strands, HistoryEvent event) {
    String strand = strands.get(event.id());
    int open = strand.lastIndexOf('[');
    return Long.parseLong(strand.substring(open + 1, strand.indexOf(']', open))) + 1;
  }

  /** Whether state {@code name}'s {@code <kind>Entered} is before {@code at} and its exit after. */
  private static boolean spans(List<HistoryEvent> history, String kind, String name, Instant at) {
    return Histories.stateEvent(history, kind + "Entered", name)
            .map(e -> e.timestamp().isBefore(at))
            .orElse(false)
        && Histories.stateEvent(history, kind + "Exited", name)
            .map(e -> e.timestamp().isAfter(at))
            .orElse(false);
  }

  // ------------------------------------------------------------------ the parked machine

  private static final String PARKED_DEFINITION =
      """
      {
        "StartAt": "HowLong",
        "States": {
          "HowLong": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.at", "IsPresent": true, "Next": "SleepUntil"}],
            "Default": "SleepFor"
          },
          "SleepFor": {"Type": "Wait", "SecondsPath": "$.seconds", "Next": "Woke"},
          "SleepUntil": {"Type": "Wait", "TimestampPath": "$.at", "Next": "Woke"},
          "Woke": {"Type": "Pass", "Parameters": {"n.$": "$.n", "woke": true}, "End": true}
        }
      }
      """;

  /** The wait state execution {@code n} of the parked machine sleeps in. */
  private static String sleepState(int n) {
    return n % 2 == 0 ? "SleepFor" : "SleepUntil";
  }

  /**
   * 3 to 16 s: even the shortest outlasts the time to the kill, and the longest outlast a slow
   * restart (10 s seen on a loaded machine), so that the restarted server times some waits itself.
   */
  private static int parkedSeconds(int n) {
    return 3 + n % 14;
  }

  // ------------------------------------------------------------------ plumbing

  private static SfnClient sfn(DocketProcess docket) {
    return QueueDrain.failFast(SfnClient.builder(), docket.endpoint());
  }

  private static SqsClient sqs(DocketProcess docket) {
    return QueueDrain.failFast(SqsClient.builder(), docket.endpoint());
  }

  /** Polls ListExecutions until the machine has no RUNNING execution left. */
  private static void awaitNoneRunning(SfnClient sfn, String machineArn) throws Exception {
    long deadline = System.nanoTime() + MAX_FINISH_TIME.toNanos();
    while (true) {
      List<String> running =
          sfn
              .listExecutions(
                  r -> r.stateMachineArn(machineArn).statusFilter(ExecutionStatus.RUNNING))
              .executions()
              .stream()
              .map(e -> e.executionArn())
              .toList();
      if (running.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        String stuck =
            running.stream()
                .limit(5)
                .map(arn -> arn + ": " + tail(Histories.read(sfn, arn)))
                .collect(Collectors.joining("\n"));
        throw new AssertionError(
            running.size() + "+ executions still RUNNING after " + MAX_FINISH_TIME + ":\n" + stuck);
      }
      Thread.sleep(200);
    }
  }

  private static void phase(long begin, String what) {
    System.out.printf("%6d ms: %s%n", (System.nanoTime() - begin) / 1_000_000, what);
  }

  /** {@code node} as the parser reads it (ints, not longs), so that it equals what was read. */
  private static JsonNode reparsed(JsonNode node) {
    try {
      return JSON.readTree(node.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first problems, for an assertion message that stays readable. */
  private static List<String> first(List<String> problems) {
    return problems.size() <= 20
        ? problems
        : Stream.concat(
                problems.stream().limit(20),
                Stream.of("... and " + (problems.size() - 20) + " more"))
            .toList();
  }

  /** The last events of a history, for failure messages. */
  private static String tail(List<HistoryEvent> history) {
    return history.subList(Math.max(0, history.size() - 8), history.size()).stream()
        .map(
            e -> e.id() + "<-" + e.previousEventId() + " " + e.typeAsString() + " " + e.timestamp())
        .collect(Collectors.joining("; "));
  }

  private static void pauseUntil(Instant instant) throws InterruptedException {
    Duration left = Duration.between(Instant.now(), instant);
    if (left.isPositive()) {
      Thread.sleep(left);
    }
  }

  private static void pauseUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
