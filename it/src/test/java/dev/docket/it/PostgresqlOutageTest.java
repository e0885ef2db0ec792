package dev.docket.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.store.postgresql.PostgresConfig;
import dev.docket.testing.DocketExtension;
import dev.docket.testing.Postgresql;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Losing the database while running (issue 10): a server on PostgreSQL reached through a {@link
 * TcpProxy} the test cuts and restores. While the database is away every request that needs it
 * fails with AWS's {@code ServiceUnavailable}, HTTP 503, in each protocol (SQS's awsJson and
 * awsQuery, EventBridge's and Step Functions' awsJson, Scheduler's restJson1), after at most the
 * configured connect timeout rather than hanging; once it is back, requests succeed again without a
 * restart, a call the SDK was retrying across the outage succeeds, nothing acknowledged before is
 * lost, and the bus's router delivers what was appended before the cut. (How far the router got
 * before the cut is up to timing; it is usually still routing and fails with the rest, and either
 * way every acknowledged event must arrive.)
 *
 * <p>Each test class run has a database of its own on the local PostgreSQL (127.0.0.1:5432, user
 * {@code postgres}, trust authentication); the test is skipped without one unless {@value
 * Postgresql#REQUIRED} is 1.
 */
class PostgresqlOutageTest {

  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String DATABASE =
      "docket_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  @RegisterExtension
  @Order(1)
  static final Database database = new Database();

  @RegisterExtension
  @Order(2)
  static final DocketExtension docket =
      DocketExtension.builder()
          .configure(
              c ->
                  c.withPostgresql(
                      new PostgresConfig(
                          "jdbc:postgresql://127.0.0.1:" + database.proxy.port() + "/" + DATABASE,
                          "postgres",
                          "",
                          4,
                          Duration.ofSeconds(1))))
          .build();

  /** Each test starts on a server that serves: an earlier test's outage may still be healing. */
  @BeforeEach
  void serving() {
    try (SqsClient retrying = sqs(patient())) {
      retrying.listQueues();
    }
  }

  @AfterEach
  void restore() {
    database.proxy.restore();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void sqsAnswersServiceUnavailableWhileTheDatabaseIsAwayAndLosesNothingAcknowledged()
      throws Exception {
    try (SqsClient once = sqs(AwsRetryStrategy.doNotRetry())) {
      String url = once.createQueue(b -> b.queueName("outage")).queueUrl();
      Set<String> acknowledged = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        String body = "before-" + i;
        once.sendMessage(b -> b.queueUrl(url).messageBody(body));
        acknowledged.add(body);
      }

      database.proxy.cut();
      AwsServiceException send =
          catchThrowableOfType(
              AwsServiceException.class,
              () -> once.sendMessage(b -> b.queueUrl(url).messageBody("during")));
      AwsServiceException receive =
          catchThrowableOfType(
              AwsServiceException.class,
              () -> once.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(0)));
      HttpResponse<String> query =
          form(
              "Action=SendMessage&Version=2012-11-05&QueueUrl="
                  + URLEncoder.encode(url, StandardCharsets.UTF_8)
                  + "&MessageBody=during-query");
      database.proxy.restore();
      String after = "after";
      List<String> received;
      try (SqsClient retrying = sqs(patient())) {
        retrying.sendMessage(b -> b.queueUrl(url).messageBody(after));
        acknowledged.add(after);
        received = drain(retrying, url, acknowledged);
      }

      assertUnavailable(send);
      assertUnavailable(receive);
      assertThat(query.statusCode()).isEqualTo(503);
      assertThat(query.body())
          .contains("<Type>Receiver</Type>")
          .contains("<Code>ServiceUnavailable</Code>");
      assertThat(database.proxy.turnedAway()).isPositive();
      assertThat(received).containsExactlyInAnyOrderElementsOf(acknowledged);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aRequestTheSdkRetriesAcrossTheOutageSucceedsOnceTheDatabaseIsBack() throws Exception {
    CountDownLatch unavailable = new CountDownLatch(1);
    ExecutionInterceptor seen503 =
        new ExecutionInterceptor() {
          @Override
          public void afterTransmission(
              Context.AfterTransmission context, ExecutionAttributes attributes) {
            if (context.httpResponse().statusCode() == 503) {
              unavailable.countDown();
            }
          }
        };
    RetryStrategy patient = patient();
    try (SqsClient retrying =
        docket
            .sqsBuilder()
            .overrideConfiguration(o -> o.retryStrategy(patient).addExecutionInterceptor(seen503))
            .build()) {
      String url = retrying.createQueue(b -> b.queueName("retried")).queueUrl();

      database.proxy.cut();
      CompletableFuture<String> across =
          CompletableFuture.supplyAsync(
              () -> retrying.sendMessage(b -> b.queueUrl(url).messageBody("across")).messageId());
      unavailable.await();
      database.proxy.restore();
      String id = across.join();

      List<Message> received = receiveUntil(retrying, url, 1);
      assertThat(received).extracting(Message::messageId).contains(id);
      assertThat(received).extracting(Message::body).containsOnly("across");
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void connectionsTheDatabaseTerminatedAreReplacedWithoutFailingARequest() throws Exception {
    try (SqsClient once = sqs(AwsRetryStrategy.doNotRetry())) {
      String url = once.createQueue(b -> b.queueName("terminated")).queueUrl();
      once.sendMessage(b -> b.queueUrl(url).messageBody("before"));

      // what a database restart or an administrator does to every session: SQLState 57P01
      int terminated =
          Database.count(
              "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"
                  + DATABASE
                  + "' AND pid <> pg_backend_pid()");
      once.sendMessage(b -> b.queueUrl(url).messageBody("after"));

      assertThat(terminated).isPositive();
      assertThat(drain(once, url, Set.of("before", "after")))
          .containsExactlyInAnyOrder("before", "after");
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void everyServiceAnswersServiceUnavailableWhileTheDatabaseIsAway() throws Exception {
    try (EventBridgeClient events = events();
        SfnClient states = states();
        SchedulerClient scheduler = scheduler()) {
      database.proxy.cut();

      AwsServiceException putEvents =
          catchThrowableOfType(
              AwsServiceException.class,
              () -> events.putEvents(b -> b.entries(entry("default", 0))));
      AwsServiceException listStateMachines =
          catchThrowableOfType(AwsServiceException.class, () -> states.listStateMachines());
      AwsServiceException listSchedules =
          catchThrowableOfType(AwsServiceException.class, () -> scheduler.listSchedules(b -> {}));

      assertUnavailable(putEvents);
      assertUnavailable(listStateMachines);
      assertUnavailable(listSchedules);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void theRouterDeliversEventsAppendedBeforeTheCutOnceTheDatabaseIsBack() throws Exception {
    try (EventBridgeClient events = events();
        SqsClient sqs = sqs(AwsRetryStrategy.doNotRetry())) {
      events.createEventBus(b -> b.name("outage"));
      String url = sqs.createQueue(b -> b.queueName("routed")).queueUrl();
      String arn =
          sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      events.putRule(
          b -> b.eventBusName("outage").name("all").eventPattern("{\"source\":[\"shop\"]}"));
      events.putTargets(b -> b.eventBusName("outage").rule("all").targets(t -> t.id("q").arn(arn)));
      Set<String> acknowledged = new HashSet<>();

      for (int batch = 0; batch < 10; batch++) {
        int first = batch * 10;
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (int i = first; i < first + 10; i++) {
          entries.add(entry("outage", i));
        }
        for (PutEventsResultEntry result : events.putEvents(b -> b.entries(entries)).entries()) {
          assertThat(result.errorCode()).isNull();
          acknowledged.add(result.eventId());
        }
      }
      database.proxy.cut();
      AwsServiceException during =
          catchThrowableOfType(
              AwsServiceException.class,
              () -> events.putEvents(b -> b.entries(entry("outage", -1))));
      database.proxy.restore();

      assertUnavailable(during);
      Set<String> delivered = new HashSet<>();
      try (SqsClient retrying = sqs(patient())) {
        while (!delivered.containsAll(acknowledged)) {
          for (Message message : receiveUntil(retrying, url, 1)) {
            delivered.add(JSON.readTree(message.body()).path("id").asText());
          }
        }
      }
      assertThat(delivered).containsExactlyInAnyOrderElementsOf(acknowledged);
    }
  }

  /**
   * The SDK's standard retries (which retry 503), with more attempts: once the database is back the
   * pool reconnects at its next attempt, which it backs off up to 5 s apart while it fails.
   */
  private static RetryStrategy patient() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(60)
        .backoffStrategy(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofMillis(500)))
        .circuitBreakerEnabled(false)
        .build();
  }

  private static void assertUnavailable(AwsServiceException e) {
    assertThat(e).as("the request failed").isNotNull();
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
  }

  /**
   * Receives and deletes until every {@code expected} body arrived; returns every body received
   * (duplicates of an at-least-once delivery would show here).
   */
  private static List<String> drain(SqsClient sqs, String url, Set<String> expected) {
    List<String> bodies = new ArrayList<>();
    while (!new HashSet<>(bodies).containsAll(expected)) {
      for (Message message :
          sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        bodies.add(message.body());
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
      }
    }
    return bodies;
  }

  /** Receives and deletes until at least {@code count} distinct messages arrived. */
  private static List<Message> receiveUntil(SqsClient sqs, String url, int count) {
    List<Message> received = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    while (ids.size() < count) {
      for (Message message :
          sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        received.add(message);
        ids.add(message.messageId());
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
      }
    }
    return received;
  }

  private static PutEventsRequestEntry entry(String bus, int n) {
    return PutEventsRequestEntry.builder()
        .eventBusName(bus)
        .source("shop")
        .detailType("order")
        .detail("{\"n\":" + n + "}")
        .build();
  }

  private static SqsClient sqs(RetryStrategy retries) {
    return docket.sqsBuilder().overrideConfiguration(o -> o.retryStrategy(retries)).build();
  }

  private static EventBridgeClient events() {
    return EventBridgeClient.builder()
        .endpointOverride(docket.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static SfnClient states() {
    return SfnClient.builder()
        .endpointOverride(docket.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static SchedulerClient scheduler() {
    return SchedulerClient.builder()
        .endpointOverride(docket.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static HttpResponse<String> form(String body) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create(docket.endpoint() + "/"))
              .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /** This class's database, created before the server starts, and the proxy in front of it. */
  static final class Database implements BeforeAllCallback, AfterAllCallback {

    TcpProxy proxy;
    private boolean created;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      Postgresql.assumeReachable(SERVER, "postgres");
      admin("CREATE DATABASE " + DATABASE);
      created = true;
      proxy = TcpProxy.start("127.0.0.1", 5432);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
      try {
        if (proxy != null) {
          proxy.close();
        }
      } finally {
        if (created) {
          admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
      }
    }

    /** Runs a query on this class's database (directly, not through the proxy). */
    static int count(String sql) throws SQLException {
      try (Connection connection = DriverManager.getConnection(SERVER + DATABASE, "postgres", "");
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        return rows.getInt(1);
      }
    }

    private static void admin(String sql) throws SQLException {
      try (Connection connection =
              DriverManager.getConnection(SERVER + "postgres", "postgres", "");
          Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }
  }
}
