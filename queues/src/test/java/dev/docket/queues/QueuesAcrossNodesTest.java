package dev.docket.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Node;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.policy.PolicyEnforcement;
import dev.docket.store.Lease;
import dev.docket.store.MoveTaskRecord;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two queue services as two nodes sharing one store: one SQLite store, whose in-process notifier
 * and leases serve two {@link Node#shared} nodes as PostgreSQL serves several processes. Checks the
 * pieces the black-box cluster tests cannot tell apart from polling: a wake-up told by one node
 * reaches a waiter on the other, queue changes drop the other node's cache, and a move task left by
 * a node that died (its lease never released) is taken over once the lease expires.
 */
class QueuesAcrossNodesTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Duration LEASE = Duration.ofSeconds(1);
  private static final String ACCOUNT = "000000000000";

  @TempDir Path directory;

  private SqliteStore store;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void openStore() {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
    store.close();
  }

  @Test
  void aSignalOnOneNodeWakesAWaiterOnTheOther() throws Exception {
    LongPolls a = new LongPolls(node("a"));
    LongPolls b = new LongPolls(node("b"));
    open.add(a::close);
    open.add(b::close);
    long generation = b.generation(7);
    CompletableFuture<Boolean> waiter =
        CompletableFuture.supplyAsync(() -> b.await(7, generation, Duration.ofDays(1)));

    a.signal(7);

    assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(b.generation(7)).isGreaterThan(generation);
  }

  @Test
  void aSignalForEveryQueueWakesWaitersOnTheOther() throws Exception {
    LongPolls a = new LongPolls(node("a"));
    LongPolls b = new LongPolls(node("b"));
    open.add(a::close);
    open.add(b::close);
    long generation = b.generation(9);
    CompletableFuture<Boolean> waiter =
        CompletableFuture.supplyAsync(() -> b.await(9, generation, Duration.ofDays(1)));

    a.signalAll();

    assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void waitersPollAtTheFloorOnlyOnASharedStore() {
    LongPolls single = new LongPolls(Node.single(store, Clock.systemUTC()));
    LongPolls shared = new LongPolls(node("a"));
    open.add(single::close);
    open.add(shared::close);

    assertThat(single.slice(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(20));
    assertThat(shared.slice(Duration.ofSeconds(20))).isEqualTo(Node.POLL_FLOOR);
    assertThat(shared.slice(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void attributesSetThroughOneNodeAreReadThroughTheOther() {
    QueueService a = service("a");
    QueueService b = service("b");
    String url = create(a, "orders");
    assertThat(attribute(b, url, "VisibilityTimeout")).isEqualTo("30"); // cached on b

    ObjectNode set = NODES.objectNode().put("QueueUrl", url);
    set.putObject("Attributes").put("VisibilityTimeout", "45");
    a.invoke("SetQueueAttributes", set, context());

    assertThat(attribute(b, url, "VisibilityTimeout")).isEqualTo("45");
  }

  @Test
  void aQueueDeletedThroughOneNodeDoesNotExistOnTheOther() {
    QueueService a = service("a");
    QueueService b = service("b");
    String url = create(a, "orders");
    send(b, url, "cached");

    a.invoke("DeleteQueue", NODES.objectNode().put("QueueUrl", url), context());

    ServiceException e = catchThrowableOfType(ServiceException.class, () -> send(b, url, "gone"));
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(SqsError.QUEUE_DOES_NOT_EXIST);
  }

  @Test
  void aQueueCreatedThroughOneNodeIsFoundAtOnceOnTheOther() {
    QueueService a = service("a");
    QueueService b = service("b");
    String url = "http://localhost:4566/queue/us-east-1/" + ACCOUNT + "/fresh";
    assertThat(catchThrowableOfType(ServiceException.class, () -> send(b, url, "early")))
        .isNotNull();

    create(a, "fresh");
    send(b, url, "now");

    assertThat(attribute(a, url, "ApproximateNumberOfMessages")).isEqualTo("1");
  }

  @Test
  void aMoveTaskWhoseNodeDiedIsFinishedByAnotherOnceItsLeaseExpires() {
    QueueService b = service("b");
    String source = create(b, "source");
    String dlq = create(b, "dlq");
    ObjectNode redrive = NODES.objectNode().put("QueueUrl", source);
    redrive
        .putObject("Attributes")
        .put(
            "RedrivePolicy",
            "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:"
                + ACCOUNT
                + ":dlq\",\"maxReceiveCount\":\"1\"}");
    b.invoke("SetQueueAttributes", redrive, context());
    send(b, dlq, "one");
    send(b, dlq, "two");
    long dlqId = store.queues().queue(ACCOUNT, "dlq").orElseThrow().id();
    // a node that died while running a task: the task RUNNING in the store, its lease held
    String handle = handle("dead-node-task", "arn:aws:sqs:us-east-1:" + ACCOUNT + ":dlq");
    MoveTaskRecord task =
        new MoveTaskRecord(
            handle,
            dlqId,
            "arn:aws:sqs:us-east-1:" + ACCOUNT + ":dlq",
            Optional.of("arn:aws:sqs:us-east-1:" + ACCOUNT + ":source"),
            Optional.empty(),
            MoveTasks.RUNNING,
            0,
            2,
            Optional.empty(),
            Instant.now());
    store.queues().saveMoveTask(task);
    Lease dead =
        store
            .leases()
            .acquire(MoveTasks.leaseName(task), "dead/000000", LEASE, Instant.now())
            .orElseThrow();

    awaitUntil(() -> status(dlqId).equals(MoveTasks.COMPLETED));

    assertThat(attribute(b, source, "ApproximateNumberOfMessages")).isEqualTo("2");
    assertThat(attribute(b, dlq, "ApproximateNumberOfMessages")).isEqualTo("0");
    assertThat(store.leases().get(MoveTasks.leaseName(task))).isEmpty(); // released when done
    assertThat(dead.until()).isBefore(Instant.now());
  }

  private Node node(String name) {
    Node node = Node.shared(store, name, LEASE, Duration.ofMinutes(1), Clock.systemUTC());
    open.add(node);
    return node;
  }

  private QueueService service(String name) {
    QueueService service =
        new QueueService(
            store.queues(),
            QueuesConfig.defaults(),
            Clock.systemUTC(),
            "us-east-1",
            PolicyEnforcement.ACCOUNTS,
            node(name));
    open.add(service);
    return service;
  }

  private static String create(QueueService service, String name) {
    return service
        .invoke("CreateQueue", NODES.objectNode().put("QueueName", name), context())
        .path("QueueUrl")
        .asText();
  }

  private static void send(QueueService service, String url, String body) {
    service.invoke(
        "SendMessage", NODES.objectNode().put("QueueUrl", url).put("MessageBody", body), context());
  }

  private static String attribute(QueueService service, String url, String name) {
    ObjectNode input = NODES.objectNode().put("QueueUrl", url);
    input.putArray("AttributeNames").add(name);
    return service
        .invoke("GetQueueAttributes", input, context())
        .path("Attributes")
        .path(name)
        .asText();
  }

  private String status(long sourceQueueId) {
    return store.queues().moveTasks(sourceQueueId).getFirst().status();
  }

  private static String handle(String taskId, String sourceArn) {
    ObjectNode node = NODES.objectNode().put("taskId", taskId).put("sourceArn", sourceArn);
    return Base64.getEncoder().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static RequestContext context() {
    return new RequestContext("r", ACCOUNT, "us-east-1", "http://localhost:4566", Instant.now());
  }

  private static void awaitUntil(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
