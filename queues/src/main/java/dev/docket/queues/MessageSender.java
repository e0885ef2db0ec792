package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStore;
import dev.docket.store.SendResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SendMessage and SendMessageBatch: validates each message by SQS's rules, appends the good ones in
 * one store call, answers with SQS's digests, and wakes long polls on the queue. Thread-safe.
 */
final class MessageSender {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * SQS's fixed limit on the bodies and message attributes of one SendMessageBatch together (1
   * MiB); each entry is held to its queue's MaximumMessageSize on its own.
   */
  static final long MAX_BATCH_BYTES = 1_048_576;

  private final QueueStore store;
  private final QueueDirectory directory;
  private final Clock clock;
  private final LongPolls longPolls;

  MessageSender(QueueStore store, QueueDirectory directory, Clock clock, LongPolls longPolls) {
    this.store = store;
    this.directory = directory;
    this.clock = clock;
    this.longPolls = longPolls;
  }

  ObjectNode sendMessage(ObjectNode input, RequestContext context) {
    QueueRecord queue = directory.resolve(input);
    QueueSettings settings = QueueSettings.of(queue);
    OutgoingMessage message =
        OutgoingMessage.prepare(
            input, queue, settings, context.accountId(), context.traceHeader(), clock.instant());
    if (message.size() > settings.maximumMessageSize()) {
      throw tooLong(settings);
    }
    SendResult result = store.send(queue.id(), List.of(message.message())).getFirst();
    longPolls.signal(queue.id());
    return message.result(NODES.objectNode(), result, queue.fifo());
  }

  ObjectNode sendMessageBatch(ObjectNode input, RequestContext context) {
    QueueRecord queue = directory.resolve(input);
    QueueSettings settings = QueueSettings.of(queue);
    List<JsonNode> entries = Inputs.list(input, "Entries");
    Batches.check(entries, "SendMessageBatchRequestEntry");
    long total = 0;
    for (JsonNode entry : entries) {
      total += MessageAttributes.utf8Length(Inputs.text(entry, "MessageBody").orElse(""));
      try {
        total += MessageAttributes.size(MessageAttributes.parse(entry.get("MessageAttributes")));
      } catch (ServiceException e) {
        // the entry fails on its own below
      }
    }
    if (total > MAX_BATCH_BYTES) {
      throw new ServiceException(
          SqsError.BATCH_REQUEST_TOO_LONG,
          "Batch requests cannot be longer than "
              + MAX_BATCH_BYTES
              + " bytes. You have sent "
              + total
              + " bytes.");
    }
    if (queue.fifo()) {
      checkFifoEntries(entries, settings);
    }
    Instant now = clock.instant();
    List<String> ids = new ArrayList<>();
    List<OutgoingMessage> accepted = new ArrayList<>();
    ObjectNode output = NODES.objectNode();
    ArrayNode successful = output.putArray("Successful");
    ArrayNode failed = output.putArray("Failed");
    for (JsonNode entry : entries) {
      String id = entry.get("Id").asText();
      try {
        OutgoingMessage message =
            OutgoingMessage.prepare(
                entry, queue, settings, context.accountId(), context.traceHeader(), now);
        if (message.size() > settings.maximumMessageSize()) {
          throw tooLong(settings);
        }
        ids.add(id);
        accepted.add(message);
      } catch (ServiceException e) {
        failed.add(Batches.failed(id, e));
      }
    }
    if (!accepted.isEmpty()) {
      List<SendResult> results =
          store.send(queue.id(), accepted.stream().map(OutgoingMessage::message).toList());
      longPolls.signal(queue.id());
      for (int i = 0; i < accepted.size(); i++) {
        ObjectNode entry = NODES.objectNode().put("Id", ids.get(i));
        successful.add(accepted.get(i).result(entry, results.get(i), queue.fifo()));
      }
    }
    return output;
  }

  /**
   * SQS refuses a whole FIFO batch, not just the entry, when an entry lacks its message group or
   * (without content-based deduplication) its deduplication id.
   */
  private static void checkFifoEntries(List<JsonNode> entries, QueueSettings settings) {
    for (JsonNode entry : entries) {
      if (Inputs.text(entry, "MessageGroupId").isEmpty()) {
        throw Failures.invalidParameter("The request must contain the parameter MessageGroupId.");
      }
    }
    if (!settings.contentBasedDeduplication()) {
      for (JsonNode entry : entries) {
        if (Inputs.text(entry, "MessageDeduplicationId").isEmpty()) {
          throw Failures.invalidParameter(
              "The queue should either have ContentBasedDeduplication enabled or"
                  + " MessageDeduplicationId provided explicitly");
        }
      }
    }
  }

  /**
   * What became of one entry of {@link #sendAll}: the answer SendMessage would give for the stored
   * message, or the reason SQS refuses the entry.
   */
  sealed interface Sent {

    /**
     * The entry is stored (or was a FIFO duplicate of a stored message).
     *
     * @param answer {@code MessageId}, {@code MD5OfMessageBody}, {@code MD5OfMessageAttributes}
     *     when there are attributes, {@code SequenceNumber} on a FIFO queue: of the message as
     *     stored (the earlier message's id and sequence for a duplicate, as SQS answers)
     */
    record Stored(ObjectNode answer) implements Sent {}

    /**
     * The entry was not sent.
     *
     * @param reason SQS's error for it
     */
    record Refused(ServiceException reason) implements Sent {}
  }

  /**
   * Sends several messages on another service's behalf in one store write, each through the same
   * checks as SendMessage; per entry in order, what was stored or why SQS refuses it (that entry is
   * not sent).
   */
  List<Sent> sendAll(QueueRecord queue, List<JsonNode> entries, String senderId) {
    QueueSettings settings = QueueSettings.of(queue);
    Instant now = clock.instant();
    List<Sent> sent = new ArrayList<>(entries.size());
    List<OutgoingMessage> accepted = new ArrayList<>(entries.size());
    List<Integer> positions = new ArrayList<>(entries.size());
    for (JsonNode entry : entries) {
      try {
        OutgoingMessage message =
            OutgoingMessage.prepare(entry, queue, settings, senderId, Optional.empty(), now);
        if (message.size() > settings.maximumMessageSize()) {
          throw tooLong(settings);
        }
        positions.add(sent.size());
        accepted.add(message);
        sent.add(null); // filled in once stored
      } catch (ServiceException e) {
        sent.add(new Sent.Refused(e));
      }
    }
    if (!accepted.isEmpty()) {
      List<SendResult> results =
          store.send(queue.id(), accepted.stream().map(OutgoingMessage::message).toList());
      longPolls.signal(queue.id());
      for (int i = 0; i < accepted.size(); i++) {
        sent.set(
            positions.get(i),
            new Sent.Stored(
                accepted.get(i).result(NODES.objectNode(), results.get(i), queue.fifo())));
      }
    }
    return sent;
  }

  private static ServiceException tooLong(QueueSettings settings) {
    return Failures.invalidParameter(
        "One or more parameters are invalid. Reason: Message must be shorter than "
            + settings.maximumMessageSize()
            + " bytes.");
  }

  /** SQS's spelling of a FIFO sequence number: 20 decimal digits. */
  static String sequenceNumber(long sequence) {
    return String.format("%020d", sequence);
  }

  /** The fixed five-minute FIFO deduplication interval. */
  static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(5);
}
