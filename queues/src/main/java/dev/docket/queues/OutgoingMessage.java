package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.ServiceException;
import dev.docket.store.NewMessage;
import dev.docket.store.QueueRecord;
import dev.docket.store.SendResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One message of a send, validated and ready for the store, with the digests its result reports.
 * Immutable.
 *
 * @param message what the store appends
 * @param size the bytes it counts for against MaximumMessageSize (body and message attributes)
 * @param md5OfBody MD5 of the body
 * @param md5OfAttributes MD5 of the message attributes, when there are any
 * @param md5OfSystemAttributes MD5 of the system attributes (AWSTraceHeader), when sent
 */
record OutgoingMessage(
    NewMessage message,
    long size,
    String md5OfBody,
    Optional<String> md5OfAttributes,
    Optional<String> md5OfSystemAttributes) {

  private static final Pattern FIFO_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
  private static final String TRACE_HEADER = "AWSTraceHeader";

  /**
   * Validates one SendMessage input or SendMessageBatch entry.
   *
   * @param traceHeader the request's {@code X-Amzn-Trace-Id}, kept as {@code AWSTraceHeader} unless
   *     the entry sets that system attribute itself
   * @throws ServiceException for anything SQS would refuse
   */
  static OutgoingMessage prepare(
      JsonNode entry,
      QueueRecord queue,
      QueueSettings settings,
      String senderId,
      Optional<String> traceHeader,
      Instant now) {
    String body = Inputs.text(entry, "MessageBody").orElse("");
    if (body.isEmpty()) {
      throw Failures.missingParameter("MessageBody");
    }
    MessageAttributes.invalidCharacter(body)
        .ifPresent(
            c -> {
              throw new ServiceException(
                  SqsError.INVALID_MESSAGE_CONTENTS,
                  "Invalid binary character '"
                      + c
                      + "' was found in the message body, the set of allowed characters is #x9 |"
                      + " #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
            });
    SortedMap<String, MessageAttribute> attributes =
        MessageAttributes.parse(entry.get("MessageAttributes"));
    Optional<String> sentTraceHeader = traceHeader(entry.get("MessageSystemAttributes"));
    Optional<String> trace = sentTraceHeader.or(() -> traceHeader);
    long size = MessageAttributes.utf8Length(body) + MessageAttributes.size(attributes);
    Instant visibleAt = now.plus(delay(entry, queue, settings));
    Optional<String> groupId = Optional.empty();
    Optional<String> deduplicationId = Optional.empty();
    Optional<String> storedDeduplicationId = Optional.empty();
    if (queue.fifo()) {
      String group =
          Inputs.text(entry, "MessageGroupId")
              .orElseThrow(() -> Failures.missingParameter("MessageGroupId"));
      checkFifoId("MessageGroupId", group);
      String dedup =
          Inputs.text(entry, "MessageDeduplicationId")
              .or(
                  () ->
                      settings.contentBasedDeduplication()
                          ? Optional.of(sha256(body))
                          : Optional.empty())
              .orElseThrow(
                  () ->
                      Failures.invalidParameter(
                          "The queue should either have ContentBasedDeduplication enabled or"
                              + " MessageDeduplicationId provided explicitly"));
      checkFifoId("MessageDeduplicationId", dedup);
      groupId = Optional.of(group);
      deduplicationId = Optional.of(dedup);
      storedDeduplicationId =
          Optional.of(
              settings.deduplicationPerGroup()
                  ? group.length() + ":" + group + ":" + dedup
                  : dedup);
    } else {
      // a standard queue takes a group id too (fair queues) and returns it on receive
      Optional<String> group = Inputs.text(entry, "MessageGroupId");
      group.ifPresent(g -> checkFifoId("MessageGroupId", g));
      groupId = group;
      Inputs.text(entry, "MessageDeduplicationId")
          .ifPresent(
              d -> {
                throw Failures.invalidParameter(
                    "MessageDeduplicationId",
                    d,
                    "The request includes a parameter that is not valid for this queue type");
              });
    }
    MessageEnvelope envelope = new MessageEnvelope(attributes, trace, senderId, deduplicationId);
    NewMessage message =
        new NewMessage(
            UUID.randomUUID().toString(),
            body,
            envelope.encode(),
            now,
            visibleAt,
            groupId,
            storedDeduplicationId,
            storedDeduplicationId.map(d -> now.minus(MessageSender.DEDUPLICATION_WINDOW)));
    return new OutgoingMessage(
        message,
        size,
        MessageAttributes.md5OfBody(body),
        attributes.isEmpty()
            ? Optional.empty()
            : Optional.of(MessageAttributes.md5OfAttributes(attributes)),
        sentTraceHeader.map(OutgoingMessage::md5OfTraceHeader));
  }

  /** Fills a send result: message id, digests and (FIFO) sequence number. */
  ObjectNode result(ObjectNode node, SendResult result, boolean fifo) {
    node.put("MessageId", result.messageId());
    node.put("MD5OfMessageBody", md5OfBody);
    md5OfAttributes.ifPresent(m -> node.put("MD5OfMessageAttributes", m));
    md5OfSystemAttributes.ifPresent(m -> node.put("MD5OfMessageSystemAttributes", m));
    if (fifo) {
      node.put("SequenceNumber", MessageSender.sequenceNumber(result.sequence()));
    }
    return node;
  }

  private static Duration delay(JsonNode entry, QueueRecord queue, QueueSettings settings) {
    Optional<Integer> delay = Inputs.integer(entry, "DelaySeconds");
    if (delay.isEmpty()) {
      return settings.delay();
    }
    if (queue.fifo()) {
      if (delay.get() == 0) {
        return settings.delay(); // SQS accepts 0 on a FIFO queue and applies the queue's delay
      }
      throw Failures.invalidParameter(
          "DelaySeconds",
          delay.get(),
          "The request include parameter that is not valid for this queue type");
    }
    if (delay.get() < 0 || delay.get() > 900) {
      throw Failures.invalidParameter(
          "DelaySeconds", delay.get(), "DelaySeconds must be >= 0 and <= 900");
    }
    return Duration.ofSeconds(delay.get());
  }

  private static Optional<String> traceHeader(JsonNode systemAttributes) {
    if (systemAttributes == null || systemAttributes.isNull() || systemAttributes.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> trace = Optional.empty();
    for (Iterator<Map.Entry<String, JsonNode>> it = systemAttributes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String dataType = e.getValue().path("DataType").asText("");
      String value = e.getValue().path("StringValue").asText("");
      if (!e.getKey().equals(TRACE_HEADER)) {
        throw Failures.invalidParameter(
            "Message system attribute name '" + e.getKey() + "' is invalid.");
      }
      if (!dataType.equals("String") || value.isEmpty()) {
        throw Failures.invalidParameter(
            "Message system attribute '"
                + TRACE_HEADER
                + "' must be of type String with a non-empty value, but was of type '"
                + dataType
                + "'.");
      }
      trace = Optional.of(value);
    }
    return trace;
  }

  /** MD5 of the system attributes as SQS computes it: the message-attribute digest over them. */
  static String md5OfTraceHeader(String traceHeader) {
    SortedMap<String, MessageAttribute> system = new TreeMap<>();
    system.put(TRACE_HEADER, MessageAttribute.ofString("String", traceHeader));
    return MessageAttributes.md5OfAttributes(system);
  }

  private static void checkFifoId(String parameter, String value) {
    if (!FIFO_ID.matcher(value).matches()) {
      throw Failures.invalidParameter(
          parameter,
          value,
          parameter
              + " can only include alphanumeric and punctuation characters. 1 to 128 in length");
    }
  }

  private static String sha256(String body) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
