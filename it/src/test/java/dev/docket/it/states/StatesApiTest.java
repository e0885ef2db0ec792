package dev.docket.it.states;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.testing.DocketExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ActivityDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;

/** The Step Functions API through the AWS SDK for Java v2: resources, executions, errors. */
class StatesApiTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final String ROLE = "arn:aws:iam::000000000000:role/docket";
  private static final String PASS =
      "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":{\"v\":1},"
          + "\"ResultPath\":\"$.r\",\"End\":true}}}";
  private static final String WAIT =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":3600,\"End\":true}}}";
  private static final AtomicInteger SEQ = new AtomicInteger();

  private static SfnClient sfn;

  @BeforeAll
  static void client() {
    sfn = StatesClients.sfn(docket);
  }

  @AfterAll
  static void close() {
    sfn.close();
  }

  private static String machine(String definition) {
    return machine(definition, StateMachineType.STANDARD);
  }

  private static String machine(String definition, StateMachineType type) {
    String name = "api_" + SEQ.incrementAndGet();
    return sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(ROLE).type(type))
        .stateMachineArn();
  }

  private static DescribeExecutionResponse await(String executionArn) throws InterruptedException {
    DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(executionArn));
    for (int i = 0; i < 400 && d.status() == ExecutionStatus.RUNNING; i++) {
      Thread.sleep(25);
      d = sfn.describeExecution(b -> b.executionArn(executionArn));
    }
    return d;
  }

  @Test
  void createDescribeUpdateAndDeleteAStateMachine() {
    String arn = machine(PASS);
    assertThat(arn).startsWith("arn:aws:states:us-east-1:000000000000:stateMachine:api_");
    var described = sfn.describeStateMachine(b -> b.stateMachineArn(arn));
    assertThat(described.definition()).isEqualTo(PASS);
    assertThat(described.roleArn()).isEqualTo(ROLE);
    assertThat(described.typeAsString()).isEqualTo("STANDARD");
    assertThat(described.statusAsString()).isEqualTo("ACTIVE");
    String name = described.name();
    // creating it again with the same definition is idempotent; with another it is refused
    assertThat(
            sfn.createStateMachine(b -> b.name(name).definition(PASS).roleArn(ROLE))
                .stateMachineArn())
        .isEqualTo(arn);
    assertThatThrownBy(
            () -> sfn.createStateMachine(b -> b.name(name).definition(WAIT).roleArn(ROLE)))
        .isInstanceOf(StateMachineAlreadyExistsException.class)
        .hasMessageContaining("State Machine Already Exists: '" + arn + "'");
    var updated = sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(WAIT));
    assertThat(updated.revisionId()).isNotEqualTo(described.revisionId());
    assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition()).isEqualTo(WAIT);
    assertThat(sfn.listStateMachines(b -> b.maxResults(1000)).stateMachines())
        .anyMatch(m -> m.stateMachineArn().equals(arn));
    sfn.deleteStateMachine(b -> b.stateMachineArn(arn));
    assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(arn)))
        .isInstanceOf(StateMachineDoesNotExistException.class)
        .hasMessageContaining("State Machine Does Not Exist: '" + arn + "'");
  }

  @Test
  void badDefinitionsNamesAndArnsGetStepFunctionsErrors() {
    assertThatThrownBy(
            () ->
                sfn.createStateMachine(
                    b -> b.name("bad_def").definition("{\"StartAt\":\"A\"}").roleArn(ROLE)))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("Invalid State Machine Definition: ")
        .hasMessageContaining("SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /");
    assertThatThrownBy(
            () -> sfn.createStateMachine(b -> b.name("has space").definition(PASS).roleArn(ROLE)))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("Invalid Name: 'has space'");
    assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn("not-an-arn")))
        .isInstanceOf(InvalidArnException.class);
    String arn = machine(PASS);
    assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(arn).input("{not json")))
        .isInstanceOf(InvalidExecutionInputException.class)
        .hasMessageContaining("Invalid State Machine Execution Input: '");
    assertThatThrownBy(
            () ->
                sfn.describeExecution(
                    b -> b.executionArn(arn.replace(":stateMachine:", ":execution:") + ":nope")))
        .isInstanceOf(ExecutionDoesNotExistException.class);
    assertThat(
            sfn.validateStateMachineDefinition(b -> b.definition("{\"StartAt\":\"A\"}")).result())
        .isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
    assertThat(sfn.validateStateMachineDefinition(b -> b.definition(PASS)).result())
        .isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
  }

  @Test
  void startDescribeAndReadTheHistory() throws Exception {
    String arn = machine(PASS);
    String execution =
        sfn.startExecution(b -> b.stateMachineArn(arn).name("first").input("{\"a\":1}"))
            .executionArn();
    assertThat(execution)
        .endsWith(":execution:" + arn.substring(arn.lastIndexOf(':') + 1) + ":first");
    DescribeExecutionResponse done = await(execution);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(done.output()).isEqualTo("{\"a\":1,\"r\":{\"v\":1}}");
    assertThat(done.input()).isEqualTo("{\"a\":1}");
    assertThat(done.stopDate()).isNotNull();
    List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(execution)).events();
    assertThat(events)
        .extracting(HistoryEvent::type)
        .containsExactly(
            HistoryEventType.EXECUTION_STARTED,
            HistoryEventType.PASS_STATE_ENTERED,
            HistoryEventType.PASS_STATE_EXITED,
            HistoryEventType.EXECUTION_SUCCEEDED);
    assertThat(events).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L);
    assertThat(events.get(2).stateExitedEventDetails().output()).isEqualTo(done.output());
    // reversed, one per page
    List<HistoryEvent> reversed = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      var page =
          sfn.getExecutionHistory(
              b -> b.executionArn(execution).reverseOrder(true).maxResults(1).nextToken(next));
      reversed.addAll(page.events());
      token = page.nextToken();
    } while (token != null);
    assertThat(reversed).extracting(HistoryEvent::id).containsExactly(4L, 3L, 2L, 1L);
    // without data
    assertThat(
            sfn.getExecutionHistory(b -> b.executionArn(execution).includeExecutionData(false))
                .events()
                .get(0)
                .executionStartedEventDetails()
                .input())
        .isNull();
    assertThat(sfn.describeStateMachineForExecution(b -> b.executionArn(execution)).definition())
        .isEqualTo(PASS);
  }

  @Test
  void startExecutionIsIdempotentOnNameAndInputWhileRunning() throws Exception {
    String arn = machine(WAIT);
    var first = sfn.startExecution(b -> b.stateMachineArn(arn).name("once").input("{}"));
    var again = sfn.startExecution(b -> b.stateMachineArn(arn).name("once").input("{}"));
    assertThat(again.executionArn()).isEqualTo(first.executionArn());
    assertThatThrownBy(
            () -> sfn.startExecution(b -> b.stateMachineArn(arn).name("once").input("{\"x\":1}")))
        .isInstanceOf(ExecutionAlreadyExistsException.class)
        .hasMessageContaining("Execution Already Exists: '" + first.executionArn() + "'");
    var stopped =
        sfn.stopExecution(b -> b.executionArn(first.executionArn()).error("Why").cause("Because"));
    assertThat(stopped.stopDate()).isNotNull();
    DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(first.executionArn()));
    assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(d.error()).isEqualTo("Why");
    assertThat(d.cause()).isEqualTo("Because");
    List<HistoryEvent> events =
        sfn.getExecutionHistory(b -> b.executionArn(first.executionArn())).events();
    assertThat(events.get(events.size() - 1).type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);
    // a closed execution's name is taken
    assertThatThrownBy(
            () -> sfn.startExecution(b -> b.stateMachineArn(arn).name("once").input("{}")))
        .isInstanceOf(ExecutionAlreadyExistsException.class);
  }

  @Test
  void listExecutionsNewestFirstWithStatusFilterAndPages() throws Exception {
    String arn = machine(PASS);
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      started.add(sfn.startExecution(b -> b.stateMachineArn(arn).name("e" + n)).executionArn());
      Thread.sleep(2);
    }
    for (String execution : started) {
      await(execution);
    }
    List<String> listed = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      var page =
          sfn.listExecutions(
              b ->
                  b.stateMachineArn(arn)
                      .statusFilter(ExecutionStatus.SUCCEEDED)
                      .maxResults(2)
                      .nextToken(next));
      page.executions().forEach(e -> listed.add(e.executionArn()));
      token = page.nextToken();
    } while (token != null);
    assertThat(listed).containsExactlyElementsOf(started.reversed());
    assertThat(
            sfn.listExecutions(b -> b.stateMachineArn(arn).statusFilter(ExecutionStatus.RUNNING))
                .executions())
        .isEmpty();
  }

  @Test
  void versionsAndAliases() throws Exception {
    String arn = machine(PASS);
    String v1 =
        sfn.publishStateMachineVersion(b -> b.stateMachineArn(arn).description("one"))
            .stateMachineVersionArn();
    assertThat(v1).isEqualTo(arn + ":1");
    sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(WAIT));
    String v2 =
        sfn.publishStateMachineVersion(b -> b.stateMachineArn(arn)).stateMachineVersionArn();
    assertThat(v2).isEqualTo(arn + ":2");
    assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(v1)).definition()).isEqualTo(PASS);
    assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(arn)).stateMachineVersions())
        .extracting(v -> v.stateMachineVersionArn())
        .containsExactly(v2, v1);
    String alias =
        sfn.createStateMachineAlias(
                b ->
                    b.name("live")
                        .routingConfiguration(r -> r.stateMachineVersionArn(v1).weight(100)))
            .stateMachineAliasArn();
    assertThat(alias).isEqualTo(arn + ":live");
    String execution = sfn.startExecution(b -> b.stateMachineArn(alias)).executionArn();
    DescribeExecutionResponse d = await(execution);
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.stateMachineVersionArn()).isEqualTo(v1);
    assertThat(d.stateMachineAliasArn()).isEqualTo(alias);
  }

  @Test
  void expressMachinesRunSynchronously() {
    String arn = machine(PASS, StateMachineType.EXPRESS);
    var result = sfn.startSyncExecution(b -> b.stateMachineArn(arn).input("{\"a\":2}"));
    assertThat(result.statusAsString()).isEqualTo("SUCCEEDED");
    assertThat(result.output()).isEqualTo("{\"a\":2,\"r\":{\"v\":1}}");
    assertThat(result.executionArn()).contains(":express:");
    String standard = machine(PASS);
    assertThatThrownBy(() -> sfn.startSyncExecution(b -> b.stateMachineArn(standard)))
        .isInstanceOf(StateMachineTypeNotSupportedException.class);
    assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(result.executionArn())))
        .isInstanceOf(InvalidArnException.class)
        .hasMessageContaining("Resource type not valid in this context: express");
  }

  @Test
  void activitiesAndTokens() throws Exception {
    String activity = sfn.createActivity(b -> b.name("act_" + SEQ.incrementAndGet())).activityArn();
    assertThat(sfn.describeActivity(b -> b.activityArn(activity)).name()).startsWith("act_");
    String arn =
        machine(
            "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\""
                + activity
                + "\",\"HeartbeatSeconds\":30,\"End\":true}}}");
    String execution =
        sfn.startExecution(b -> b.stateMachineArn(arn).input("{\"job\":7}")).executionArn();
    var task = sfn.getActivityTask(b -> b.activityArn(activity).workerName("w1"));
    assertThat(task.input()).isEqualTo("{\"job\":7}");
    sfn.sendTaskHeartbeat(b -> b.taskToken(task.taskToken()));
    sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"done\":true}"));
    DescribeExecutionResponse d = await(execution);
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output()).isEqualTo("{\"done\":true}");
    assertThat(sfn.getExecutionHistory(b -> b.executionArn(execution)).events())
        .extracting(HistoryEvent::type)
        .containsSubsequence(
            HistoryEventType.ACTIVITY_SCHEDULED,
            HistoryEventType.ACTIVITY_STARTED,
            HistoryEventType.ACTIVITY_SUCCEEDED);
    // the token is spent
    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{}")))
        .isInstanceOf(SfnException.class);
    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken("A".repeat(60)).output("{}")))
        .isInstanceOf(TaskDoesNotExistException.class);
    sfn.deleteActivity(b -> b.activityArn(activity));
    assertThatThrownBy(() -> sfn.describeActivity(b -> b.activityArn(activity)))
        .isInstanceOf(ActivityDoesNotExistException.class);
  }

  @Test
  void tags() {
    String arn = machine(PASS);
    sfn.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("team").value("a")));
    assertThat(sfn.listTagsForResource(b -> b.resourceArn(arn)).tags())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactly("team=a");
    sfn.untagResource(b -> b.resourceArn(arn).tagKeys("team"));
    assertThat(sfn.listTagsForResource(b -> b.resourceArn(arn)).tags()).isEmpty();
  }

  @Test
  void retriesAndCatches() throws Exception {
    String arn =
        machine(
            "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"X\","
                + "\"States\":{\"X\":{\"Type\":\"Fail\",\"Error\":\"Boom\",\"Cause\":\"bad\"}}}],"
                + "\"Retry\":[{\"ErrorEquals\":[\"Boom\"],\"IntervalSeconds\":1,\"MaxAttempts\":1,"
                + "\"BackoffRate\":1}],\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.err\","
                + "\"Next\":\"Done\"}],\"Next\":\"Done\"},\"Done\":{\"Type\":\"Pass\",\"End\":true}}}");
    String execution =
        sfn.startExecution(b -> b.stateMachineArn(arn).input("{\"k\":1}")).executionArn();
    DescribeExecutionResponse d = await(execution);
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output()).isEqualTo("{\"k\":1,\"err\":{\"Error\":\"Boom\",\"Cause\":\"bad\"}}");
    List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(execution)).events();
    assertThat(events.stream().filter(e -> e.type() == HistoryEventType.PARALLEL_STATE_STARTED))
        .hasSize(2);
    HistoryEvent firstTry =
        events.stream()
            .filter(e -> e.type() == HistoryEventType.PARALLEL_STATE_STARTED)
            .findFirst()
            .orElseThrow();
    HistoryEvent secondTry =
        events.stream()
            .filter(e -> e.type() == HistoryEventType.PARALLEL_STATE_STARTED)
            .skip(1)
            .findFirst()
            .orElseThrow();
    assertThat(Duration.between(firstTry.timestamp(), secondTry.timestamp()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void anOutputOver256KiBFailsTheExecutionWithDataLimitExceeded() throws Exception {
    String arn =
        machine(
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"Branches\":["
                + "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}},"
                + "{\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":\"Pass\",\"End\":true}}}],"
                + "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Caught\"}],\"End\":true},"
                + "\"Caught\":{\"Type\":\"Pass\",\"End\":true}}}");
    String big = "{\"blob\":\"" + "x".repeat(200_000) + "\"}";
    String execution = sfn.startExecution(b -> b.stateMachineArn(arn).input(big)).executionArn();
    DescribeExecutionResponse d = await(execution);
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("States.DataLimitExceeded");
  }

  @Test
  void aFailedExecutionIsRedrivenFromTheStateItFailedIn() throws Exception {
    String activity =
        sfn.createActivity(b -> b.name("redrive_" + SEQ.incrementAndGet())).activityArn();
    String arn =
        machine(
            "{\"StartAt\":\"Prepare\",\"States\":{\"Prepare\":{\"Type\":\"Pass\","
                + "\"Result\":{\"ready\":true},\"ResultPath\":\"$.prep\",\"Next\":\"Work\"},"
                + "\"Work\":{\"Type\":\"Task\",\"Resource\":\""
                + activity
                + "\",\"ResultPath\":\"$.work\",\"End\":true}}}");
    String execution =
        sfn.startExecution(b -> b.stateMachineArn(arn).input("{\"n\":1}")).executionArn();
    var first = sfn.getActivityTask(b -> b.activityArn(activity).workerName("w"));
    sfn.sendTaskFailure(b -> b.taskToken(first.taskToken()).error("Busy").cause("try later"));
    DescribeExecutionResponse failed = await(execution);
    assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(failed.redriveStatusAsString()).isEqualTo("REDRIVABLE");

    sfn.redriveExecution(b -> b.executionArn(execution));
    var second = sfn.getActivityTask(b -> b.activityArn(activity).workerName("w"));
    assertThat(second.input()).isEqualTo("{\"n\":1,\"prep\":{\"ready\":true}}");
    sfn.sendTaskSuccess(b -> b.taskToken(second.taskToken()).output("{\"ok\":true}"));
    DescribeExecutionResponse done = await(execution);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(done.output())
        .isEqualTo("{\"n\":1,\"prep\":{\"ready\":true},\"work\":{\"ok\":true}}");
    assertThat(done.redriveCount()).isEqualTo(1);
    List<HistoryEventType> types =
        sfn.getExecutionHistory(b -> b.executionArn(execution)).events().stream()
            .map(HistoryEvent::type)
            .toList();
    // Prepare ran once; Work was entered again after the redrive
    assertThat(types.stream().filter(t -> t == HistoryEventType.PASS_STATE_ENTERED)).hasSize(1);
    assertThat(types.stream().filter(t -> t == HistoryEventType.TASK_STATE_ENTERED)).hasSize(2);
    assertThat(types)
        .containsSubsequence(
            HistoryEventType.ACTIVITY_FAILED,
            HistoryEventType.EXECUTION_FAILED,
            HistoryEventType.EXECUTION_REDRIVEN,
            HistoryEventType.TASK_STATE_ENTERED,
            HistoryEventType.ACTIVITY_SUCCEEDED,
            HistoryEventType.EXECUTION_SUCCEEDED);
    assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(execution)))
        .isInstanceOf(SfnException.class)
        .hasMessageContaining("cannot be redriven");
  }

  @Test
  void aRedrivenMapRunsOnlyTheIterationsThatDidNotSucceed() throws Exception {
    String activity =
        sfn.createActivity(b -> b.name("redrive_map_" + SEQ.incrementAndGet())).activityArn();
    String arn =
        machine(
            "{\"StartAt\":\"Each\",\"States\":{\"Each\":{\"Type\":\"Map\",\"MaxConcurrency\":1,"
                + "\"ItemProcessor\":{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\","
                + "\"Resource\":\""
                + activity
                + "\",\"End\":true}}},\"End\":true}}}");
    String execution =
        sfn.startExecution(b -> b.stateMachineArn(arn).input("[0,1,2]")).executionArn();
    var item0 = sfn.getActivityTask(b -> b.activityArn(activity).workerName("w"));
    assertThat(item0.input()).isEqualTo("0");
    sfn.sendTaskSuccess(b -> b.taskToken(item0.taskToken()).output("\"done 0\""));
    var item1 = sfn.getActivityTask(b -> b.activityArn(activity).workerName("w"));
    assertThat(item1.input()).isEqualTo("1");
    sfn.sendTaskFailure(b -> b.taskToken(item1.taskToken()).error("Boom"));
    assertThat(await(execution).status()).isEqualTo(ExecutionStatus.FAILED);

    sfn.redriveExecution(b -> b.executionArn(execution));
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      var task = sfn.getActivityTask(b -> b.activityArn(activity).workerName("w"));
      inputs.add(task.input());
      sfn.sendTaskSuccess(
          b -> b.taskToken(task.taskToken()).output("\"done " + task.input() + "\""));
    }
    assertThat(inputs).containsExactly("1", "2");
    DescribeExecutionResponse done = await(execution);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(done.output()).isEqualTo("[\"done 0\",\"done 1\",\"done 2\"]");
  }
}
