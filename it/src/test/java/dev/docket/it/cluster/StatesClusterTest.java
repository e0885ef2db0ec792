package dev.docket.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.server.ClusterConfig;
import dev.docket.server.DocketServer;
import dev.docket.server.ServerConfig;
import dev.docket.states.StatesConfig;
import dev.docket.states.StatesService;
import dev.docket.store.postgresql.PostgresConfig;
import dev.docket.testing.Postgresql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Step Functions Standard executions on two nodes sharing one PostgreSQL database (cluster mode,
 * design note 0006), both in this JVM, driven through the SDK: a machine created on one node runs
 * from the other; executions that park on a Wait and wake on whichever node claims the timer finish
 * exactly once; an execution loaded on a node that dies (simulated in-process: its engine stops
 * without writing and without giving its leases up) is taken over by the other node once the lease
 * expires and finishes there, in a Wait and waiting for an activity; UpdateStateMachine on one node
 * is seen by the other at once (the resync is far away, so only the notification can have done it).
 * Leases last 2 s. Skipped when PostgreSQL is not reachable, unless {@value Postgresql#REQUIRED} is
 * 1.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StatesClusterTest {

  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String DATABASE =
      "docket_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private static final String ROLE = "arn:aws:iam::000000000000:role/cluster";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger NAMES = new AtomicInteger();

  @TempDir Path directory;

  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  static void createDatabase() throws SQLException {
    Postgresql.assumeReachable(SERVER, "postgres");
    admin("CREATE DATABASE " + DATABASE);
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
  }

  @AfterEach
  void closeNodes() throws Exception {
    for (AutoCloseable resource : closing.reversed()) {
      resource.close();
    }
  }

  @Test
  void aMachineCreatedOnOneNodeIsStartedFromTheOther() {
    SfnClient a = client(node("a", Duration.ofMinutes(1)));
    SfnClient b = client(node("b", Duration.ofMinutes(1)));
    String machine =
        machine(a, "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");

    String execution = start(b, machine, "{\"n\":1}");

    DescribeExecutionResponse end = awaitEnd(a, execution);
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(parse(end.output()).path("n").asInt()).isEqualTo(1);
  }

  @Test
  void executionsParkedOnAWaitFinishExactlyOnceWhicheverNodeWakesThem() {
    // park after 1 s: the 2 s wait unloads each execution onto a timer either node may claim
    SfnClient a = client(node("a", Duration.ofSeconds(1)));
    SfnClient b = client(node("b", Duration.ofSeconds(1)));
    String machine =
        machine(
            a,
            """
            {"StartAt": "Before", "States": {
              "Before": {"Type": "Pass", "Next": "Sleep"},
              "Sleep": {"Type": "Wait", "Seconds": 2, "Next": "After"},
              "After": {"Type": "Pass", "Result": "done", "End": true}}}
            """);
    List<String> executions = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      executions.add(start(i % 2 == 0 ? a : b, machine, "{}"));
    }

    for (String execution : executions) {
      DescribeExecutionResponse end = awaitEnd(b, execution);
      assertThat(end.status()).as(execution).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(end.output()).isEqualTo("\"done\"");
      assertRanOnce(history(a, execution));
    }
  }

  @Test
  void anExecutionInAWaitOnANodeThatDiesIsTakenOverAndFinishes() {
    DocketServer dying = node("a", Duration.ofMinutes(1));
    SfnClient a = client(dying);
    SfnClient b = client(node("b", Duration.ofMinutes(1)));
    String machine =
        machine(
            a,
            """
            {"StartAt": "Before", "States": {
              "Before": {"Type": "Pass", "Next": "Sleep"},
              "Sleep": {"Type": "Wait", "Seconds": 3, "Next": "After"},
              "After": {"Type": "Pass", "Result": "done", "End": true}}}
            """);
    String execution = start(a, machine, "{}");
    // loaded on a, sleeping in memory (the wait is shorter than parking)
    awaitTrue(() -> has(history(b, execution), HistoryEventType.WAIT_STATE_ENTERED));

    crash(dying);

    DescribeExecutionResponse end = awaitEnd(b, execution);
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(end.output()).isEqualTo("\"done\"");
    assertRanOnce(history(b, execution));
  }

  @Test
  void anExecutionWaitingForAnActivityOnANodeThatDiesIsTakenOverAndFinishes() {
    DocketServer dying = node("a", Duration.ofMinutes(1));
    SfnClient a = client(dying);
    SfnClient b = client(node("b", Duration.ofMinutes(1)));
    String activity =
        a.createActivity(r -> r.name("work-" + NAMES.incrementAndGet())).activityArn();
    String machine =
        machine(
            a,
            """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "%s", "End": true}}}
            """
                .formatted(activity));
    String execution = start(a, machine, "{\"job\":7}");
    awaitTrue(() -> has(history(b, execution), HistoryEventType.ACTIVITY_SCHEDULED));

    crash(dying);
    GetActivityTaskResponse task = b.getActivityTask(r -> r.activityArn(activity));
    assertThat(parse(task.input()).path("job").asInt()).isEqualTo(7);
    b.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"worked\":true}"));

    DescribeExecutionResponse end = awaitEnd(b, execution);
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(parse(end.output()).path("worked").asBoolean()).isTrue();
    assertRanOnce(history(b, execution));
  }

  @Test
  void anActivityTaskOfAnExecutionOnOneNodeIsAnsweredThroughTheOther() {
    SfnClient a = client(node("a", Duration.ofMinutes(1)));
    SfnClient b = client(node("b", Duration.ofMinutes(1)));
    String activity =
        a.createActivity(r -> r.name("work-" + NAMES.incrementAndGet())).activityArn();
    String machine =
        machine(
            a,
            """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "%s", "End": true}}}
            """
                .formatted(activity));
    String execution = start(a, machine, "{\"job\":8}");

    // the run waits on a; the worker polls and answers b
    GetActivityTaskResponse task = b.getActivityTask(r -> r.activityArn(activity));
    assertThat(parse(task.input()).path("job").asInt()).isEqualTo(8);
    b.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"worked\":8}"));

    DescribeExecutionResponse end = awaitEnd(a, execution);
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(parse(end.output()).path("worked").asInt()).isEqualTo(8);
    assertRanOnce(history(a, execution));
  }

  @Test
  void anExecutionRunningOnOneNodeIsStoppedThroughTheOther() {
    SfnClient a = client(node("a", Duration.ofMinutes(1)));
    SfnClient b = client(node("b", Duration.ofMinutes(1)));
    String activity =
        a.createActivity(r -> r.name("work-" + NAMES.incrementAndGet())).activityArn();
    String machine =
        machine(
            a,
            """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "%s", "End": true}}}
            """
                .formatted(activity));
    String execution = start(a, machine, "{}");
    awaitTrue(() -> has(history(b, execution), HistoryEventType.ACTIVITY_SCHEDULED));

    b.stopExecution(r -> r.executionArn(execution).error("Halt").cause("from b"));

    DescribeExecutionResponse end = awaitEnd(a, execution);
    assertThat(end.status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(end.error()).isEqualTo("Halt");
    List<HistoryEvent> history = history(b, execution);
    assertThat(history)
        .filteredOn(event -> event.type() == HistoryEventType.EXECUTION_ABORTED)
        .hasSize(1);
    assertThat(history.getLast().type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);
    assertThat(b.describeExecution(r -> r.executionArn(execution)).status())
        .isEqualTo(ExecutionStatus.ABORTED);
  }

  @Test
  void anUpdateOnOneNodeIsSeenByTheOther() {
    SfnClient a = client(node("a", Duration.ofMinutes(1)));
    SfnClient b = client(node("b", Duration.ofMinutes(1)));
    String machine = machine(a, pass("v1"));
    // b reads (and caches) the machine
    assertThat(b.describeStateMachine(r -> r.stateMachineArn(machine)).definition())
        .isEqualTo(pass("v1"));
    assertThat(awaitEnd(b, start(b, machine, "{}")).output()).isEqualTo("\"v1\"");

    a.updateStateMachine(r -> r.stateMachineArn(machine).definition(pass("v2")));

    awaitTrue(
        () ->
            b.describeStateMachine(r -> r.stateMachineArn(machine))
                .definition()
                .equals(pass("v2")));
    assertThat(awaitEnd(b, start(b, machine, "{}")).output()).isEqualTo("\"v2\"");
  }

  // ------------------------------------------------------------------ nodes

  /** A node on the test's database: 2 s leases, resync far away, its own data directory. */
  private DocketServer node(String name, Duration parkAfter) {
    Path data;
    try {
      data = Files.createDirectories(directory.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StatesConfig states = StatesConfig.defaults();
    ServerConfig config =
        ServerConfig.defaults()
            .withPort(0)
            .withDataDirectory(data)
            .withPostgresql(new PostgresConfig(SERVER + DATABASE, "postgres", "", 4))
            .withCluster(new ClusterConfig(name, Duration.ofSeconds(2), Duration.ofMinutes(10)))
            .withStates(new StatesConfig(parkAfter, states.activityPollWait(), states.functions()));
    DocketServer server = DocketServer.start(config);
    closing.add(server);
    return server;
  }

  /**
   * Kills a node as far as one JVM can: its executions stop where they are, writing nothing, and
   * its leases stay until they expire, as a killed process's would; then the rest of it stops.
   */
  private static void crash(DocketServer node) {
    node.service(StatesService.class).orElseThrow().crash();
    node.close();
  }

  private SfnClient client(DocketServer server) {
    URI endpoint = server.endpoint();
    SfnClient client =
        SfnClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
            .build();
    closing.add(client);
    return client;
  }

  // ------------------------------------------------------------------ helpers

  private static String pass(String result) {
    return "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\""
        + result
        + "\",\"End\":true}}}";
  }

  private static String machine(SfnClient sfn, String definition) {
    return sfn.createStateMachine(
            r -> r.name("cluster-" + NAMES.incrementAndGet()).definition(definition).roleArn(ROLE))
        .stateMachineArn();
  }

  private static String start(SfnClient sfn, String machine, String input) {
    return sfn.startExecution(r -> r.stateMachineArn(machine).input(input)).executionArn();
  }

  /** Polls until the execution ended; the class's timeout is the only limit. */
  private static DescribeExecutionResponse awaitEnd(SfnClient sfn, String execution) {
    DescribeExecutionResponse[] end = new DescribeExecutionResponse[1];
    awaitTrue(
        () -> {
          end[0] = sfn.describeExecution(r -> r.executionArn(execution));
          return end[0].status() != ExecutionStatus.RUNNING;
        });
    return end[0];
  }

  private static List<HistoryEvent> history(SfnClient sfn, String execution) {
    return sfn.getExecutionHistoryPaginator(r -> r.executionArn(execution)).events().stream()
        .toList();
  }

  private static boolean has(List<HistoryEvent> history, HistoryEventType type) {
    return history.stream().anyMatch(event -> event.type() == type);
  }

  /** One start and one success, every state entered once, ids 1..n. */
  private static void assertRanOnce(List<HistoryEvent> history) {
    assertThat(history)
        .filteredOn(event -> event.type() == HistoryEventType.EXECUTION_STARTED)
        .hasSize(1);
    assertThat(history)
        .filteredOn(event -> event.type() == HistoryEventType.EXECUTION_SUCCEEDED)
        .hasSize(1);
    List<String> entered =
        history.stream()
            .filter(event -> event.stateEnteredEventDetails() != null)
            .map(event -> event.stateEnteredEventDetails().name())
            .toList();
    assertThat(entered).doesNotHaveDuplicates();
    for (int i = 0; i < history.size(); i++) {
      assertThat(history.get(i).id()).isEqualTo(i + 1L);
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitTrue(Supplier<Boolean> condition) {
    while (!condition.get()) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
