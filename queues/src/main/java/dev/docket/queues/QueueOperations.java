package dev.docket.queues;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStats;
import dev.docket.store.QueueStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQS operations on queues themselves: create, find, list, attributes, delete, purge, tags and
 * dead-letter source queues. Thread-safe: state lives in the store, except the time of each queue's
 * last purge, kept in a concurrent map.
 */
final class QueueOperations {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final QueueStore store;
  private final QueueDirectory directory;
  private final QueuesConfig config;
  private final Clock clock;
  private final LongPolls longPolls;
  private final Map<Long, Instant> lastPurge = new ConcurrentHashMap<>();

  QueueOperations(
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

  ObjectNode createQueue(ObjectNode input, RequestContext context) {
    String name = Inputs.requiredText(input, "QueueName");
    Map<String, String> requested = Inputs.stringMap(input, "Attributes");
    boolean fifo = "true".equalsIgnoreCase(requested.getOrDefault(QueueAttributes.FIFO_QUEUE, ""));
    QueueAddresses.checkName(name, fifo);
    String arn =
        QueueAddresses.arn(
            new QueueAddresses.QueueKey(context.accountId(), context.region(), name));
    Map<String, String> normal =
        QueueAttributes.validate(requested, fifo, config, arn, directory::byArn);
    Map<String, String> tags = Inputs.stringMap(input, "tags");
    Tags.check(tags);
    QueueRecord queue =
        store
            .queue(directory.storeAccount(context), name)
            .orElseGet(() -> store.createQueue(newQueue(context, name, fifo, normal, tags)));
    requireSame(queue, fifo, normal);
    return NODES.objectNode().put("QueueUrl", directory.url(context, queue));
  }

  private QueueRecord newQueue(
      RequestContext context,
      String name,
      boolean fifo,
      Map<String, String> normal,
      Map<String, String> tags) {
    Map<String, String> attributes = QueueAttributes.defaults(fifo, config);
    attributes.putAll(normal);
    QueueAttributes.reconcileEncryption(normal, attributes);
    attributes.values().removeIf(String::isEmpty);
    Instant now = clock.instant();
    return new QueueRecord(
        0, directory.storeAccount(context), name, fifo, attributes, tags, now, now);
  }

  private void requireSame(QueueRecord queue, boolean fifo, Map<String, String> normal) {
    Map<String, String> existing = QueueAttributes.defaults(queue.fifo(), config);
    existing.putAll(queue.attributes());
    for (Map.Entry<String, String> e : normal.entrySet()) {
      if (!existing.getOrDefault(e.getKey(), "").equals(e.getValue())) {
        throw queueNameExists(e.getKey());
      }
    }
    if (queue.fifo() != fifo) {
      throw queueNameExists(QueueAttributes.FIFO_QUEUE);
    }
  }

  private static ServiceException queueNameExists(String attribute) {
    return new ServiceException(
        SqsError.QUEUE_NAME_EXISTS,
        "A queue already exists with the same name and a different value for attribute "
            + attribute);
  }

  ObjectNode getQueueUrl(ObjectNode input, RequestContext context) {
    String name = Inputs.requiredText(input, "QueueName");
    String account = Inputs.text(input, "QueueOwnerAWSAccountId").orElse(context.accountId());
    QueueRecord queue =
        directory.byName(context, account, name).orElseThrow(Failures::queueDoesNotExist);
    return NODES.objectNode().put("QueueUrl", directory.url(context, queue));
  }

  ObjectNode listQueues(ObjectNode input, RequestContext context) {
    String prefix = Inputs.text(input, "QueueNamePrefix").orElse("");
    Integer maxResults =
        Inputs.integer(
                input, "MaxResults", 1, 1000, "MaxResults must be an integer between 1 and 1000")
            .orElse(null);
    String after = Inputs.text(input, "NextToken").map(QueueOperations::decodeToken).orElse("");
    int limit = maxResults == null ? 1000 : maxResults;
    List<QueueRecord> queues =
        store.listQueues(directory.storeAccount(context), prefix, after, limit + 1);
    ObjectNode output = NODES.objectNode();
    List<QueueRecord> page = queues.subList(0, Math.min(limit, queues.size()));
    if (!page.isEmpty()) {
      ArrayNode urls = output.putArray("QueueUrls");
      page.forEach(q -> urls.add(directory.url(context, q)));
    }
    if (maxResults != null && queues.size() > limit) {
      output.put("NextToken", encodeToken(page.getLast().name()));
    }
    return output;
  }

  ObjectNode listDeadLetterSourceQueues(ObjectNode input, RequestContext context) {
    QueueRecord deadLetterQueue = directory.resolve(input);
    Integer maxResults =
        Inputs.integer(
                input, "MaxResults", 1, 1000, "MaxResults must be an integer between 1 and 1000")
            .orElse(null);
    String after = Inputs.text(input, "NextToken").map(QueueOperations::decodeToken).orElse("");
    int limit = maxResults == null ? 1000 : maxResults;
    List<QueueRecord> sources =
        directory.neighbours(deadLetterQueue).stream()
            .filter(q -> q.name().compareTo(after) > 0)
            .filter(
                q ->
                    RedrivePolicy.of(q)
                        .map(p -> directory.names(p.deadLetterTargetArn(), deadLetterQueue))
                        .orElse(false))
            .toList();
    ObjectNode output = NODES.objectNode();
    ArrayNode urls = output.putArray("queueUrls");
    List<QueueRecord> page = sources.subList(0, Math.min(limit, sources.size()));
    page.forEach(q -> urls.add(directory.url(context, q)));
    if (maxResults != null && sources.size() > limit) {
      output.put("NextToken", encodeToken(page.getLast().name()));
    }
    return output;
  }

  ObjectNode getQueueAttributes(ObjectNode input, RequestContext context) {
    QueueRecord queue = directory.resolve(input);
    List<String> names = Inputs.strings(input, "AttributeNames");
    for (String name : names) {
      if (!name.equals("All")
          && !QueueAttributes.SETTABLE.contains(name)
          && !QueueAttributes.COMPUTED.contains(name)) {
        throw Failures.unknownAttribute(name);
      }
    }
    boolean all = names.contains("All");
    Map<String, String> values = new LinkedHashMap<>();
    Instant now = clock.instant();
    if (all || names.stream().anyMatch(n -> n.startsWith("ApproximateNumber"))) {
      QueueSettings settings = QueueSettings.of(queue);
      QueueStats stats = store.stats(queue.id(), now, now.minus(settings.retention()));
      values.put("ApproximateNumberOfMessages", Long.toString(stats.visible()));
      values.put("ApproximateNumberOfMessagesNotVisible", Long.toString(stats.inFlight()));
      values.put("ApproximateNumberOfMessagesDelayed", Long.toString(stats.delayed()));
    }
    values.put("CreatedTimestamp", Long.toString(queue.createdAt().getEpochSecond()));
    values.put("LastModifiedTimestamp", Long.toString(queue.lastModifiedAt().getEpochSecond()));
    values.put("QueueArn", directory.arn(queue));
    values.putAll(queue.attributes());
    ObjectNode output = NODES.objectNode();
    ObjectNode attributes = NODES.objectNode();
    values.forEach(
        (name, value) -> {
          if (all || names.contains(name)) {
            attributes.put(name, value);
          }
        });
    if (!attributes.isEmpty()) {
      output.set("Attributes", attributes);
    }
    return output;
  }

  ObjectNode setQueueAttributes(ObjectNode input, RequestContext context) {
    QueueRecord queue = directory.resolve(input);
    if (!input.has("Attributes")) {
      throw Failures.missingParameter("Attributes");
    }
    Map<String, String> normal =
        QueueAttributes.validate(
            Inputs.stringMap(input, "Attributes"),
            queue.fifo(),
            config,
            directory.arn(queue),
            directory::byArn);
    Map<String, String> merged = new LinkedHashMap<>(queue.attributes());
    merged.putAll(normal);
    QueueAttributes.reconcileEncryption(normal, merged);
    merged.values().removeIf(String::isEmpty);
    update(queue, merged, queue.tags());
    return NODES.objectNode();
  }

  /** Replaces a queue's attributes and tags; {@code QueueDoesNotExist} if it went meanwhile. */
  void update(QueueRecord queue, Map<String, String> attributes, Map<String, String> tags) {
    try {
      store
          .updateQueue(queue.id(), attributes, tags, clock.instant())
          .orElseThrow(Failures::queueDoesNotExist);
    } finally {
      directory.changed(queue);
    }
  }

  ObjectNode deleteQueue(ObjectNode input) {
    QueueRecord queue = directory.resolve(input);
    try {
      store.deleteQueue(queue.id());
    } finally {
      directory.changed(queue);
    }
    longPolls.forget(queue.id());
    lastPurge.remove(queue.id());
    return NODES.objectNode();
  }

  ObjectNode purgeQueue(ObjectNode input) {
    QueueRecord queue = directory.resolve(input);
    Instant now = clock.instant();
    Instant previous = lastPurge.get(queue.id());
    if (previous != null && now.isBefore(previous.plus(config.purgeInterval()))) {
      throw new ServiceException(
          SqsError.PURGE_QUEUE_IN_PROGRESS,
          "Only one PurgeQueue operation on "
              + queue.name()
              + " is allowed every "
              + config.purgeInterval().toSeconds()
              + " seconds.");
    }
    lastPurge.put(queue.id(), now);
    store.purge(queue.id());
    return NODES.objectNode();
  }

  ObjectNode tagQueue(ObjectNode input) {
    QueueRecord queue = directory.resolve(input);
    if (!input.has("Tags")) {
      throw Failures.missingParameter("Tags");
    }
    Map<String, String> tags = new LinkedHashMap<>(queue.tags());
    tags.putAll(Inputs.stringMap(input, "Tags"));
    Tags.check(tags);
    update(queue, queue.attributes(), tags);
    return NODES.objectNode();
  }

  ObjectNode untagQueue(ObjectNode input) {
    QueueRecord queue = directory.resolve(input);
    if (!input.has("TagKeys")) {
      throw Failures.missingParameter("TagKeys");
    }
    Map<String, String> tags = new LinkedHashMap<>(queue.tags());
    Inputs.strings(input, "TagKeys").forEach(tags::remove);
    update(queue, queue.attributes(), tags);
    return NODES.objectNode();
  }

  ObjectNode listQueueTags(ObjectNode input) {
    QueueRecord queue = directory.resolve(input);
    ObjectNode output = NODES.objectNode();
    if (!queue.tags().isEmpty()) {
      ObjectNode tags = output.putObject("Tags");
      new TreeMap<>(queue.tags()).forEach(tags::put);
    }
    return output;
  }

  private static String encodeToken(String name) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Failures.invalidParameter("NextToken", token, "Invalid NextToken value");
    }
  }
}
