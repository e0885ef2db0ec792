package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.MoveTaskRecord;
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

/**
 * StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask: dead-letter redrives run by
 * a {@link MoveTaskWorker} each on its own virtual thread, their progress persisted so that a
 * restarted server resumes them ({@link #resume()}). Thread-safe: running workers are kept in a
 * concurrent map by task handle.
 */
final class MoveTasks implements AutoCloseable {

  static final String RUNNING = "RUNNING";
  static final String COMPLETED = "COMPLETED";
  static final String CANCELLING = "CANCELLING";
  static final String CANCELLED = "CANCELLED";
  static final String FAILED = "FAILED";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final QueueStore store;
  private final QueueDirectory directory;
  private final QueuesConfig config;
  private final Clock clock;
  private final LongPolls longPolls;
  private final Map<String, MoveTaskWorker> workers = new ConcurrentHashMap<>();

  MoveTasks(
      QueueStore store,
      QueueDirectory directory,
      QueuesConfig config,
      Clock clock,
      LongPolls longPolls) {
    this.store = store;
    this.directory = directory;
    this.config = config;
    this.clock = clock;
    this.longPolls = longPolls;
  }

  /** Restarts the tasks a previous run left active. */
  void resume() {
    for (MoveTaskRecord task : store.activeMoveTasks()) {
      if (task.status().equals(CANCELLING)) {
        store.saveMoveTask(withStatus(task, CANCELLED, task.moved(), Optional.empty()));
      } else {
        launch(task);
      }
    }
  }

  ObjectNode start(ObjectNode input, RequestContext context) {
    String sourceArn = Inputs.requiredText(input, "SourceArn");
    QueueRecord source = sourceQueue(sourceArn);
    boolean deadLetterQueue =
        directory.all(source.accountId()).stream()
            .anyMatch(
                q ->
                    RedrivePolicy.of(q)
                        .map(p -> QueueDirectory.names(p.deadLetterTargetArn(), source))
                        .orElse(false));
    if (!deadLetterQueue) {
      throw Failures.invalidParameter(
          "Source queue must be configured as a Dead Letter Queue, but " + sourceArn + " is not.");
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
                                + " doesn't exist: "
                                + arn)));
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
              + " arn at a given time: "
              + sourceArn);
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
    launch(task);
    return NODES.objectNode().put("TaskHandle", task.taskHandle());
  }

  private QueueRecord sourceQueue(String sourceArn) {
    return directory
        .byArn(sourceArn)
        .orElseThrow(
            () ->
                notFound(
                    "The resource that you specified for the SourceArn parameter doesn't exist: "
                        + sourceArn));
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
    MoveTaskWorker worker = workers.get(handle);
    long moved = task.moved();
    if (worker == null) {
      store.saveMoveTask(withStatus(task, CANCELLED, moved, Optional.empty()));
    } else {
      store.saveMoveTask(withStatus(task, CANCELLING, moved, Optional.empty()));
      moved = worker.cancel();
    }
    return NODES.objectNode().put("ApproximateNumberOfMessagesMoved", moved);
  }

  private MoveTaskRecord find(String handle) {
    String sourceArn;
    try {
      JsonNode node =
          QueueAttributes.JSON.readTree(
              new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8));
      sourceArn = node.path("sourceArn").asText("");
    } catch (IOException | IllegalArgumentException e) {
      throw notFound("Task does not exist: " + handle);
    }
    return directory.byArn(sourceArn).stream()
        .flatMap(q -> store.moveTasks(q.id()).stream())
        .filter(t -> t.taskHandle().equals(handle))
        .findFirst()
        .orElseThrow(() -> notFound("Task does not exist: " + handle));
  }

  private void launch(MoveTaskRecord task) {
    Optional<Long> destination =
        task.destinationArn().flatMap(directory::byArn).map(QueueRecord::id);
    if (task.destinationArn().isPresent() && destination.isEmpty()) {
      store.saveMoveTask(
          withStatus(task, FAILED, task.moved(), Optional.of("Destination queue does not exist")));
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
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static ServiceException notFound(String message) {
    return new ServiceException(SqsError.RESOURCE_NOT_FOUND, message);
  }

  /** Stops every worker without changing its stored status, so the next start resumes it. */
  @Override
  public void close() {
    List<MoveTaskWorker> all = List.copyOf(workers.values());
    all.forEach(MoveTaskWorker::stop);
    all.forEach(MoveTaskWorker::join);
  }
}
