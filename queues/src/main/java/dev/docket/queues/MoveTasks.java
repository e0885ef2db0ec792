package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.LeasedWork;
import dev.docket.delivery.Node;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.MoveTaskRecord;
import dev.docket.store.Notifier;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask: dead-letter redrives run by
 * a {@link MoveTaskWorker} each on its own virtual thread, their progress persisted so that a
 * restarted server resumes them ({@link #resume()}). Thread-safe: running workers are kept in a
 * concurrent map by task handle.
 *
 * <p>On a store other nodes share (design note 0006, "Single-owner work"), an active task runs on
 * one node only, under the lease {@code movetask:<task id>}: the node that starts a task takes its
 * lease, and every node looks for active tasks whose lease is free or expired (at start and then
 * every {@link Node#renewEvery}) and takes them over, so a task whose node stopped (it releases its
 * leases) or died (its lease expires) is finished by another. A cancel served by a node that does
 * not run the task marks it CANCELLING in the store and tells the other nodes on {@value #CHANNEL};
 * the running worker ends it CANCELLED (it also reads the stored status before each batch, in case
 * the notification is lost), and a task whose lease is free is cancelled at once.
 */
final class MoveTasks implements AutoCloseable {

  /** The channel on which a node asks the node running a task to cancel it (payload: handle). */
  static final String CHANNEL = "queue_move_tasks";

  private static final Logger LOG = LoggerFactory.getLogger(MoveTasks.class);

  static final String RUNNING = "RUNNING";
  static final String COMPLETED = "COMPLETED";
  static final String CANCELLING = "CANCELLING";
  static final String CANCELLED = "CANCELLED";
  static final String FAILED = "FAILED";

  /** The FailureReason AWS records when the destination queue is deleted during a task. */
  static final String DESTINATION_MISSING = SqsError.QUEUE_DOES_NOT_EXIST.queryCode();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final QueueStore store;
  private final QueueDirectory directory;
  private final QueuesConfig config;
  private final Clock clock;
  private final LongPolls longPolls;
  private final Map<String, MoveTaskWorker> workers = new ConcurrentHashMap<>();
  private final Node node;
  private final CountDownLatch closing = new CountDownLatch(1);
  private Notifier.Subscription cancels = () -> {};
  private Thread adopter;

  MoveTasks(
      QueueStore store,
      QueueDirectory directory,
      QueuesConfig config,
      Clock clock,
      LongPolls longPolls) {
    this(store, directory, config, clock, longPolls, Node.alone(clock));
  }

  /**
   * @param node this node (see the class comment)
   */
  MoveTasks(
      QueueStore store,
      QueueDirectory directory,
      QueuesConfig config,
      Clock clock,
      LongPolls longPolls,
      Node node) {
    this.store = store;
    this.directory = directory;
    this.config = config;
    this.clock = clock;
    this.longPolls = longPolls;
    this.node = node;
  }

  /**
   * Restarts the tasks a previous run left active; on a shared store, only those no other node
   * runs, and from now on every {@link Node#renewEvery} those another node left.
   */
  void resume() {
    if (!node.shared()) {
      for (MoveTaskRecord task : store.activeMoveTasks()) {
        if (task.status().equals(CANCELLING)) {
          store.saveMoveTask(withStatus(task, CANCELLED, task.moved(), Optional.empty()));
        } else {
          launch(task, null);
        }
      }
      return;
    }
    cancels = node.listenToOthers(CHANNEL, this::cancelHeard);
    adopt();
    adopter = Thread.ofVirtual().name("docket-move-task-adopter").start(this::adoptEvery);
  }

  /** Takes over every active task whose lease is free or expired (shared store). */
  private void adopt() {
    for (MoveTaskRecord listed : store.activeMoveTasks()) {
      if (workers.containsKey(listed.taskHandle())) {
        continue;
      }
      LeasedWork lease = new LeasedWork(node, leaseName(listed));
      if (!lease.hold()) {
        continue;
      }
      // read again under the lease: the last owner may have ended it since the listing
      Optional<MoveTaskRecord> task = stored(listed);
      if (task.isEmpty()
          || !active(task.get().status())
          || workers.containsKey(listed.taskHandle())) {
        lease.release();
      } else if (task.get().status().equals(CANCELLING)) {
        store.saveMoveTask(withStatus(task.get(), CANCELLED, task.get().moved(), Optional.empty()));
        lease.release();
      } else {
        LOG.info("{} takes over the message move task from {}", node.id(), listed.sourceArn());
        launch(task.get(), lease);
      }
    }
  }

  private void adoptEvery() {
    long every = node.renewEvery().toMillis();
    try {
      while (!closing.await(every, TimeUnit.MILLISECONDS)) {
        try {
          adopt();
        } catch (RuntimeException e) {
          LOG.warn("looking for message move tasks to take over failed; retrying", e);
        }
      }
    } catch (InterruptedException e) {
      // closing
    }
  }

  /** Another node served CancelMessageMoveTask for a task: cancels it if it runs here. */
  private void cancelHeard(String handle) {
    MoveTaskWorker worker = workers.get(handle);
    if (worker != null) {
      worker.cancelSoon();
    }
  }

  /** The task as stored now, if it still is. */
  private Optional<MoveTaskRecord> stored(MoveTaskRecord task) {
    return store.moveTasks(task.sourceQueueId()).stream()
        .filter(t -> t.taskHandle().equals(task.taskHandle()))
        .findFirst();
  }

  /** {@code movetask:<task id>}: the lease of a task on a shared store. */
  static String leaseName(MoveTaskRecord task) {
    return "movetask:" + decodeHandle(task.taskHandle()).map(d -> d[0]).orElse(task.taskHandle());
  }

  ObjectNode start(ObjectNode input, RequestContext context) {
    String sourceArn = Inputs.requiredText(input, "SourceArn");
    QueueRecord source = sourceQueue(sourceArn);
    boolean deadLetterQueue =
        directory.neighbours(source).stream()
            .anyMatch(
                q ->
                    RedrivePolicy.of(q)
                        .map(p -> directory.names(p.deadLetterTargetArn(), source))
                        .orElse(false));
    if (!deadLetterQueue) {
      throw Failures.invalidParameter("Source queue must be configured as a Dead Letter Queue.");
    }
    Optional<String> destinationArn = Inputs.text(input, "DestinationArn");
    destinationArn.ifPresent(
        arn ->
            directory
                .byArn(arn)
                .orElseThrow(
                    () ->
                        notFound(
                            "The resource that you specified for the DestinationArn parameter"
                                + " doesn't exist.")));
    Optional<Integer> rate =
        Inputs.integer(
            input,
            "MaxNumberOfMessagesPerSecond",
            1,
            500,
            "MaxNumberOfMessagesPerSecond must be between 1 and 500");
    if (store.moveTasks(source.id()).stream().anyMatch(t -> active(t.status()))) {
      throw Failures.invalidParameter(
          "There is already a task running. Only one active task is allowed for a source queue"
              + " arn at a given time.");
    }
    Instant now = clock.instant();
    long toMove =
        store.stats(source.id(), now, now.minus(QueueSettings.of(source).retention())).visible();
    MoveTaskRecord task =
        new MoveTaskRecord(
            handle(sourceArn),
            source.id(),
            sourceArn,
            destinationArn,
            rate,
            RUNNING,
            0,
            toMove,
            Optional.empty(),
            now);
    store.saveMoveTask(task);
    if (!node.shared()) {
      launch(task, null);
    } else {
      LeasedWork lease = new LeasedWork(node, leaseName(task));
      if (lease.hold()) {
        launch(task, lease);
      } // else a node looking for tasks to take over starts it
    }
    return NODES.objectNode().put("TaskHandle", task.taskHandle());
  }

  private QueueRecord sourceQueue(String sourceArn) {
    return directory
        .byArn(sourceArn)
        .orElseThrow(
            () ->
                notFound(
                    "The resource that you specified for the SourceArn parameter doesn't exist."));
  }

  ObjectNode list(ObjectNode input) {
    String sourceArn = Inputs.requiredText(input, "SourceArn");
    QueueRecord source = sourceQueue(sourceArn);
    int max =
        Inputs.integer(input, "MaxResults", 1, 10, "MaxResults must be between 1 and 10").orElse(1);
    ObjectNode output = NODES.objectNode();
    ArrayNode results = output.putArray("Results");
    store.moveTasks(source.id()).stream().limit(max).forEach(t -> results.add(entry(t)));
    return output;
  }

  ObjectNode cancel(ObjectNode input) {
    String handle = Inputs.requiredText(input, "TaskHandle");
    MoveTaskRecord task = find(handle);
    if (!task.status().equals(RUNNING)) {
      throw Failures.invalidParameter(
          "TaskHandle",
          handle,
          "Only active tasks can be cancelled, but this one is " + task.status());
    }
    MoveTaskWorker worker = workers.get(task.taskHandle());
    long moved = task.moved();
    if (worker == null && node.shared()) {
      cancelElsewhere(task);
    } else if (worker == null) {
      store.saveMoveTask(withStatus(task, CANCELLED, moved, Optional.empty()));
    } else {
      store.saveMoveTask(withStatus(task, CANCELLING, moved, Optional.empty()));
      moved = worker.cancel();
    }
    return NODES.objectNode().put("ApproximateNumberOfMessagesMoved", moved);
  }

  /**
   * Cancels a task this node does not run, on a shared store: at once if nobody holds its lease,
   * else by marking it CANCELLING and asking the node that runs it.
   */
  private void cancelElsewhere(MoveTaskRecord task) {
    LeasedWork lease = new LeasedWork(node, leaseName(task));
    if (lease.hold()) {
      try {
        store.saveMoveTask(withStatus(task, CANCELLED, task.moved(), Optional.empty()));
      } finally {
        lease.release();
      }
      return;
    }
    store.saveMoveTask(withStatus(task, CANCELLING, task.moved(), Optional.empty()));
    node.notifyOthers(CHANNEL, task.taskHandle());
  }

  /**
   * The task a handle names, as AWS reads one: a handle that is not base64 JSON with a {@code
   * taskId} and a {@code sourceArn} is {@code InvalidParameterValue}; a missing source queue or
   * task is {@code ResourceNotFoundException} (HTTP 404).
   */
  private MoveTaskRecord find(String handle) {
    Optional<String[]> decoded = decodeHandle(handle);
    if (decoded.isEmpty()) {
      throw Failures.invalidParameter("Value for parameter TaskHandle is invalid.");
    }
    String taskId = decoded.get()[0];
    QueueRecord source = sourceQueue(decoded.get()[1]);
    return store.moveTasks(source.id()).stream()
        .filter(t -> decodeHandle(t.taskHandle()).map(d -> d[0].equals(taskId)).orElse(false))
        .findFirst()
        .orElseThrow(() -> notFound("Task does not exist."));
  }

  /** The source queue ARN a task handle names, if it is a handle at all. */
  static Optional<String> sourceArnOf(String handle) {
    return decodeHandle(handle).map(decoded -> decoded[1]);
  }

  /** {taskId, sourceArn} of a handle in standard or URL-safe base64, padded or not. */
  private static Optional<String[]> decodeHandle(String handle) {
    try {
      String base64 = handle.trim().replace('-', '+').replace('_', '/');
      JsonNode node =
          QueueAttributes.JSON.readTree(
              new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
      String taskId = node.path("taskId").asText("");
      String sourceArn = node.path("sourceArn").asText("");
      if (!node.isObject() || taskId.isEmpty() || sourceArn.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new String[] {taskId, sourceArn});
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Runs a task here; {@code lease} is its lease on a shared store (held), null on one node. */
  private void launch(MoveTaskRecord task, LeasedWork lease) {
    Optional<Long> destination =
        task.destinationArn().flatMap(directory::byArn).map(QueueRecord::id);
    if (task.destinationArn().isPresent() && destination.isEmpty()) {
      store.saveMoveTask(withStatus(task, FAILED, task.moved(), Optional.of(DESTINATION_MISSING)));
      if (lease != null) {
        lease.release();
      }
      return;
    }
    MoveTaskWorker worker =
        new MoveTaskWorker(
            task,
            destination,
            store,
            config,
            clock,
            longPolls,
            lease,
            done -> workers.remove(done.taskHandle()));
    workers.put(task.taskHandle(), worker);
    worker.start();
  }

  private static ObjectNode entry(MoveTaskRecord task) {
    ObjectNode entry = NODES.objectNode();
    if (task.status().equals(RUNNING)) {
      entry.put("TaskHandle", task.taskHandle());
    }
    entry.put("Status", task.status());
    entry.put("SourceArn", task.sourceArn());
    task.destinationArn().ifPresent(d -> entry.put("DestinationArn", d));
    task.maxMessagesPerSecond().ifPresent(r -> entry.put("MaxNumberOfMessagesPerSecond", r));
    entry.put("ApproximateNumberOfMessagesMoved", task.moved());
    entry.put("ApproximateNumberOfMessagesToMove", task.toMove());
    task.failureReason().ifPresent(f -> entry.put("FailureReason", f));
    entry.put("StartedTimestamp", task.startedAt().toEpochMilli());
    return entry;
  }

  static MoveTaskRecord withStatus(
      MoveTaskRecord task, String status, long moved, Optional<String> failureReason) {
    return new MoveTaskRecord(
        task.taskHandle(),
        task.sourceQueueId(),
        task.sourceArn(),
        task.destinationArn(),
        task.maxMessagesPerSecond(),
        status,
        moved,
        task.toMove(),
        failureReason,
        task.startedAt());
  }

  private static boolean active(String status) {
    return status.equals(RUNNING) || status.equals(CANCELLING);
  }

  private static String handle(String sourceArn) {
    ObjectNode node = NODES.objectNode();
    node.put("taskId", UUID.randomUUID().toString());
    node.put("sourceArn", sourceArn);
    // standard base64 of {"taskId":…,"sourceArn":…}, as AWS spells its handles
    return Base64.getEncoder().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static ServiceException notFound(String message) {
    return new ServiceException(SqsError.RESOURCE_NOT_FOUND, message);
  }

  /**
   * Stops every worker without changing its stored status, so the next start (or, on a shared
   * store, another node at once) resumes it.
   */
  @Override
  public void close() {
    closing.countDown();
    cancels.close();
    if (adopter != null) {
      adopter.interrupt();
      try {
        adopter.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<MoveTaskWorker> all = List.copyOf(workers.values());
    all.forEach(MoveTaskWorker::stop);
    all.forEach(MoveTaskWorker::join);
  }
}
