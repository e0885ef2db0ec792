package dev.docket.queues;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStore;
import dev.docket.store.ReceiveRequest;
import dev.docket.store.ReceiveResult;
import dev.docket.store.StoredMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * ReceiveMessage, with long polling: asks the store to claim messages and, while none come and the
 * wait time lasts, sleeps until a send signals the queue (on this node, or on another node sharing
 * the store: {@link LongPolls}), the earliest waiting message becomes visible, or a slice of {@link
 * QueuesConfig#longPollSlice()} passes (at most {@code Node.POLL_FLOOR} on a shared store).
 * Thread-safe; each waiting receive blocks only its own (virtual) thread.
 */
final class MessageReceiver {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Duration MIN_SLEEP = Duration.ofMillis(1);

  private final QueueStore store;
  private final QueueDirectory directory;
  private final QueuesConfig config;
  private final Clock clock;
  private final LongPolls longPolls;
  private final ReceiveAttempts attempts = new ReceiveAttempts();

  MessageReceiver(
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

  ObjectNode receiveMessage(ObjectNode input, RequestContext context) {
    QueueRecord queue = directory.resolve(input);
    QueueSettings settings = QueueSettings.of(queue);
    int max =
        Inputs.integer(input, "MaxNumberOfMessages", 1, 10, "Must be between 1 and 10, if provided")
            .orElse(1);
    Duration visibility =
        Inputs.integer(
                input, "VisibilityTimeout", 0, 43_200, "Must be >= 0 and <= 43200, if provided")
            .map(Duration::ofSeconds)
            .orElse(settings.visibilityTimeout());
    Duration wait =
        Inputs.integer(input, "WaitTimeSeconds", 0, 20, "Must be >= 0 and <= 20, if provided")
            .map(Duration::ofSeconds)
            .orElse(settings.receiveWait());
    Set<String> systemNames = new HashSet<>(Inputs.strings(input, "AttributeNames"));
    systemNames.addAll(Inputs.strings(input, "MessageSystemAttributeNames"));
    List<String> attributeNames = Inputs.strings(input, "MessageAttributeNames");
    Optional<ReceiveRequest.Redrive> redrive =
        settings
            .redrivePolicy()
            .flatMap(
                p ->
                    directory
                        .byArn(p.deadLetterTargetArn())
                        .map(dlq -> new ReceiveRequest.Redrive(dlq.id(), p.maxReceiveCount())));
    Optional<String> attemptId =
        queue.fifo() ? Inputs.text(input, "ReceiveRequestAttemptId") : Optional.empty();
    if (attemptId.isPresent()) {
      Optional<ObjectNode> earlier = attempts.earlier(queue.id(), attemptId.get(), clock.instant());
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    List<StoredMessage> messages = claim(queue, settings, max, visibility, wait, redrive);
    ObjectNode output = NODES.objectNode();
    if (!messages.isEmpty()) {
      ArrayNode list = output.putArray("Messages");
      Instant now = clock.instant();
      for (StoredMessage m : messages) {
        list.add(message(m, queue, systemNames, attributeNames, context, now));
      }
      attemptId.ifPresent(id -> attempts.remember(queue.id(), id, output, now));
    }
    return output;
  }

  private List<StoredMessage> claim(
      QueueRecord queue,
      QueueSettings settings,
      int max,
      Duration visibility,
      Duration wait,
      Optional<ReceiveRequest.Redrive> redrive) {
    Instant deadline = clock.instant().plus(wait);
    // A guard for clocks that stand still (tests): never wait longer than asked in real time.
    long realDeadline = System.nanoTime() + wait.toNanos();
    while (true) {
      long generation = longPolls.generation(queue.id());
      Instant now = clock.instant();
      ReceiveResult result =
          store.receive(
              new ReceiveRequest(
                  queue.id(),
                  now,
                  max,
                  visibility,
                  queue.fifo(),
                  redrive,
                  now.minus(settings.retention())));
      if (result.movedToDeadLetterQueue() > 0) {
        redrive.ifPresent(r -> longPolls.signal(r.deadLetterQueueId()));
      }
      if (!result.messages().isEmpty()
          || !now.isBefore(deadline)
          || System.nanoTime() - realDeadline >= 0) {
        return result.messages();
      }
      Duration sleep = Duration.between(now, deadline);
      Duration slice = longPolls.slice(config.longPollSlice());
      if (sleep.compareTo(slice) > 0) {
        sleep = slice;
      }
      if (result.nextVisibleAt().isPresent()) {
        Duration untilVisible = Duration.between(now, result.nextVisibleAt().get());
        if (untilVisible.compareTo(sleep) < 0) {
          sleep = untilVisible.compareTo(MIN_SLEEP) < 0 ? MIN_SLEEP : untilVisible;
        }
      }
      if (!longPolls.await(queue.id(), generation, sleep)) {
        return List.of();
      }
    }
  }

  private ObjectNode message(
      StoredMessage m,
      QueueRecord queue,
      Set<String> systemNames,
      List<String> attributeNames,
      RequestContext context,
      Instant now) {
    MessageEnvelope envelope = MessageEnvelope.decode(m.attributes());
    ObjectNode node = NODES.objectNode();
    node.put("MessageId", m.messageId());
    node.put(
        "ReceiptHandle",
        new ReceiptHandle(queue.id(), m.sequence(), m.receiptToken(), now.getEpochSecond())
            .encode());
    node.put("MD5OfBody", MessageAttributes.md5OfBody(m.body()));
    node.put("Body", m.body());
    ObjectNode system = systemAttributes(m, queue, envelope, systemNames, context, now);
    if (!system.isEmpty()) {
      node.set("Attributes", system);
    }
    SortedMap<String, MessageAttribute> selected = select(envelope.attributes(), attributeNames);
    if (!selected.isEmpty()) {
      node.put("MD5OfMessageAttributes", MessageAttributes.md5OfAttributes(selected));
      ObjectNode attributes = node.putObject("MessageAttributes");
      selected.forEach(
          (name, a) -> {
            ObjectNode value = attributes.putObject(name);
            value.put("DataType", a.dataType());
            a.stringValue().ifPresent(s -> value.put("StringValue", s));
            a.binaryValue().ifPresent(b -> value.put("BinaryValue", b));
          });
    }
    return node;
  }

  private ObjectNode systemAttributes(
      StoredMessage m,
      QueueRecord queue,
      MessageEnvelope envelope,
      Set<String> names,
      RequestContext context,
      Instant now) {
    boolean all = names.contains("All");
    ObjectNode system = NODES.objectNode();
    if (all || names.contains("SenderId")) {
      system.put("SenderId", envelope.senderId());
    }
    if (all || names.contains("SentTimestamp")) {
      system.put("SentTimestamp", Long.toString(m.sentAt().toEpochMilli()));
    }
    if (all || names.contains("ApproximateReceiveCount")) {
      system.put("ApproximateReceiveCount", Integer.toString(m.receiveCount()));
    }
    if (all || names.contains("ApproximateFirstReceiveTimestamp")) {
      system.put(
          "ApproximateFirstReceiveTimestamp",
          Long.toString(m.firstReceivedAt().orElse(now).toEpochMilli()));
    }
    if (queue.fifo()) {
      if (all || names.contains("SequenceNumber")) {
        system.put("SequenceNumber", MessageSender.sequenceNumber(m.sequence()));
      }
      if (all || names.contains("MessageDeduplicationId")) {
        envelope.deduplicationId().ifPresent(d -> system.put("MessageDeduplicationId", d));
      }
    }
    // standard queues keep a group id too (fair queues) and return it the same way
    if (all || names.contains("MessageGroupId")) {
      m.groupId().ifPresent(g -> system.put("MessageGroupId", g));
    }
    if (all || names.contains("AWSTraceHeader")) {
      envelope.traceHeader().ifPresent(t -> system.put("AWSTraceHeader", t));
    }
    if (all || names.contains("DeadLetterQueueSourceArn")) {
      m.deadLetterSourceQueueId()
          .flatMap(directory::byId)
          .ifPresent(q -> system.put("DeadLetterQueueSourceArn", directory.arn(q)));
    }
    return system;
  }

  /**
   * The attributes a receive asked for: names, {@code All}, {@code *}, {@code .*} or {@code
   * prefix.*}; names SQS would refuse simply select nothing, as SQS answers.
   */
  static SortedMap<String, MessageAttribute> select(
      SortedMap<String, MessageAttribute> attributes, List<String> names) {
    SortedMap<String, MessageAttribute> selected = new TreeMap<>();
    for (String name : names) {
      if (name.equals("All") || name.equals(".*") || name.equals("*")) {
        return new TreeMap<>(attributes);
      }
      if (name.endsWith(".*")) {
        String prefix = name.substring(0, name.length() - 2);
        attributes.forEach(
            (n, a) -> {
              if (n.startsWith(prefix)) {
                selected.put(n, a);
              }
            });
      } else if (attributes.containsKey(name)) {
        selected.put(name, attributes.get(name));
      }
    }
    return selected;
  }
}
