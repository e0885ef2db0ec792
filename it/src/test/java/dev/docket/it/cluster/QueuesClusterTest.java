package dev.docket.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.docket.server.ClusterConfig;
import dev.docket.server.DocketServer;
import dev.docket.server.ServerConfig;
import dev.docket.store.postgresql.PostgresConfig;
import dev.docket.testing.Postgresql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * SQS on three nodes (A, B, C) sharing one PostgreSQL database (design note 0006): a queue created
 * through one node is used at once through the others, a long poll waiting on one node wakes for a
 * send through another, attribute changes and deletes through one node reach the others, and a
 * message move task outlives the node that started it or is cancelled through another node.
 *
 * <p>The nodes resynchronise only every ten minutes here, so that what the tests see spread between
 * nodes within their patience was spread by notifications, not by the periodic cache drop. Skipped
 * without a PostgreSQL at 127.0.0.1:5432 unless {@value Postgresql#REQUIRED}=1.
 */
class QueuesClusterTest {

  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String DATABASE =
      "docket_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final AtomicInteger NAMES = new AtomicInteger();

  private static final List<Path> directories = new ArrayList<>();
  private static final List<AutoCloseable> open = new ArrayList<>();
  private static SqsClient a;
  private static SqsClient b;
  private static SqsClient c;
  private static boolean created;

  @BeforeAll
  static void startNodes() throws Exception {
    Postgresql.assumeReachable(SERVER, "postgres");
    admin("CREATE DATABASE " + DATABASE);
    created = true;
    a = client(start("a"));
    b = client(start("b"));
    c = client(start("c"));
  }

  @AfterAll
  static void stopNodes() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
    for (Path directory : directories) {
      deleteRecursively(directory);
    }
    if (created) {
      admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }
  }

  @Test
  void aQueueCreatedThroughOneNodeTakesMessagesThroughTheOthers() {
    String url = a.createQueue(r -> r.queueName(name("orders"))).queueUrl();

    String id = b.sendMessage(r -> r.queueUrl(url).messageBody("hello")).messageId();
    List<Message> received = c.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(10)).messages();

    assertThat(received).extracting(Message::messageId).containsExactly(id);
    assertThat(received).extracting(Message::body).containsExactly("hello");
  }

  @Test
  void aLongPollOnOneNodeReturnsSoonAfterASendThroughAnother() throws Exception {
    String url = a.createQueue(r -> r.queueName(name("waiting"))).queueUrl();
    CompletableFuture<ReceiveMessageResponse> poll =
        CompletableFuture.supplyAsync(
            () -> a.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(10)));
    Thread.sleep(500); // let the receive start waiting (a send before it is found all the same)

    long sent = System.nanoTime();
    b.sendMessage(r -> r.queueUrl(url).messageBody("wake up"));
    ReceiveMessageResponse answer = poll.get(30, TimeUnit.SECONDS);
    Duration waited = Duration.ofNanos(System.nanoTime() - sent);

    assertThat(answer.messages()).extracting(Message::body).containsExactly("wake up");
    assertThat(waited).isLessThan(Duration.ofSeconds(5)); // the poll would have lasted 10 s
  }

  @Test
  void attributesSetThroughOneNodeApplyThroughTheOthers() {
    String url =
        a.createQueue(
                r ->
                    r.queueName(name("settings"))
                        .attributes(Map.of(QueueAttributeName.DELAY_SECONDS, "900")))
            .queueUrl();
    assertThat(attribute(b, url, QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("30");
    assertThat(attribute(c, url, QueueAttributeName.DELAY_SECONDS)).isEqualTo("900");

    a.setQueueAttributes(
        r ->
            r.queueUrl(url)
                .attributes(
                    Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT, "45",
                        QueueAttributeName.DELAY_SECONDS, "0")));
    awaitUntil(() -> attribute(b, url, QueueAttributeName.VISIBILITY_TIMEOUT).equals("45"));
    awaitUntil(() -> attribute(c, url, QueueAttributeName.DELAY_SECONDS).equals("0"));
    c.sendMessage(r -> r.queueUrl(url).messageBody("not delayed"));
    List<Message> received = b.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(10)).messages();

    assertThat(received).extracting(Message::body).containsExactly("not delayed");
  }

  @Test
  void aQueueDeletedThroughOneNodeDoesNotExistThroughTheOthers() {
    String url = a.createQueue(r -> r.queueName(name("doomed"))).queueUrl();
    b.sendMessage(r -> r.queueUrl(url).messageBody("known to b"));
    attribute(c, url, QueueAttributeName.QUEUE_ARN);

    a.deleteQueue(r -> r.queueUrl(url));
    awaitUntil(() -> missing(b, url) && missing(c, url));

    assertThatThrownBy(() -> b.sendMessage(r -> r.queueUrl(url).messageBody("gone")))
        .isInstanceOf(QueueDoesNotExistException.class);
    assertThatThrownBy(
            () -> c.getQueueUrl(r -> r.queueName(url.substring(url.lastIndexOf('/') + 1))))
        .isInstanceOf(QueueDoesNotExistException.class);
  }

  @Test
  void aMoveTaskStartedOnANodeThatStopsIsFinishedByAnother() {
    SqsClient d = client(start("d"));
    Redrive redrive = redrive(d, 8);

    d.startMessageMoveTask(
        r ->
            r.sourceArn(redrive.dlqArn())
                .destinationArn(redrive.sourceArn())
                .maxNumberOfMessagesPerSecond(1));
    awaitUntil(() -> task(b, redrive.dlqArn()).approximateNumberOfMessagesMoved() >= 1);
    close(d);
    ListMessageMoveTasksResultEntry left = task(b, redrive.dlqArn());
    awaitUntil(() -> task(c, redrive.dlqArn()).status().equals("COMPLETED"));

    assertThat(left.status()).isEqualTo("RUNNING");
    assertThat(left.approximateNumberOfMessagesMoved()).isLessThan(8);
    assertThat(task(a, redrive.dlqArn()).approximateNumberOfMessagesMoved()).isEqualTo(8);
    assertThat(attribute(a, redrive.sourceUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        .isEqualTo("8");
    assertThat(attribute(a, redrive.dlqUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        .isEqualTo("0");
  }

  @Test
  void aMoveTaskRunningOnOneNodeIsCancelledThroughAnother() {
    Redrive redrive = redrive(a, 20);
    String handle =
        a.startMessageMoveTask(
                r ->
                    r.sourceArn(redrive.dlqArn())
                        .destinationArn(redrive.sourceArn())
                        .maxNumberOfMessagesPerSecond(1))
            .taskHandle();

    b.cancelMessageMoveTask(r -> r.taskHandle(handle));
    awaitUntil(() -> task(c, redrive.dlqArn()).status().equals("CANCELLED"));
    long moved = task(c, redrive.dlqArn()).approximateNumberOfMessagesMoved();

    assertThat(moved).isLessThan(20);
    assertThat(attribute(a, redrive.dlqUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        .isEqualTo(Long.toString(20 - moved));
  }

  /** A source queue with a dead-letter queue holding {@code messages} messages. */
  private record Redrive(String sourceUrl, String sourceArn, String dlqUrl, String dlqArn) {}

  private static Redrive redrive(SqsClient sqs, int messages) {
    String dlqUrl = sqs.createQueue(r -> r.queueName(name("dlq"))).queueUrl();
    String dlqArn = attribute(sqs, dlqUrl, QueueAttributeName.QUEUE_ARN);
    String sourceUrl =
        sqs.createQueue(
                r ->
                    r.queueName(name("source"))
                        .attributes(
                            Map.of(
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\""
                                    + dlqArn
                                    + "\",\"maxReceiveCount\":\"1\"}")))
            .queueUrl();
    for (int i = 0; i < messages; i++) {
      int n = i;
      sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody("message " + n));
    }
    return new Redrive(
        sourceUrl, attribute(sqs, sourceUrl, QueueAttributeName.QUEUE_ARN), dlqUrl, dlqArn);
  }

  private static ListMessageMoveTasksResultEntry task(SqsClient sqs, String dlqArn) {
    return sqs.listMessageMoveTasks(r -> r.sourceArn(dlqArn)).results().getFirst();
  }

  private static String attribute(SqsClient sqs, String url, QueueAttributeName name) {
    return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(name)).attributes().get(name);
  }

  private static boolean missing(SqsClient sqs, String url) {
    try {
      attribute(sqs, url, QueueAttributeName.QUEUE_ARN);
      return false;
    } catch (QueueDoesNotExistException e) {
      return true;
    }
  }

  private static String name(String prefix) {
    return prefix
        + "-"
        + NAMES.incrementAndGet()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Starts a node on the shared database, closed after the class unless a test closes it. */
  private static DocketServer start(String node) {
    Path directory;
    try {
      directory = Files.createTempDirectory("docket-cluster-" + node + "-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    directories.add(directory);
    DocketServer server =
        DocketServer.start(
            ServerConfig.defaults()
                .withPort(0)
                .withDataDirectory(directory)
                .withPostgresql(new PostgresConfig(SERVER + DATABASE, "postgres", "", 4))
                .withCluster(new ClusterConfig(node, LEASE, Duration.ofMinutes(10))));
    open.add(server);
    return server;
  }

  private static SqsClient client(DocketServer server) {
    SqsClient client =
        SqsClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    open.add(client);
    return client;
  }

  /** Stops the node whose client this is, as a shutdown would (its client stays open). */
  private static void close(SqsClient client) {
    int at = open.indexOf(client);
    DocketServer server = (DocketServer) open.get(at - 1);
    server.close();
  }

  private static void awaitUntil(BooleanSupplier condition) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          while (!condition.getAsBoolean()) {
            Thread.sleep(50);
          }
        });
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
