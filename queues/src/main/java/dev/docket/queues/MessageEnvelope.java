package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the queue service keeps with a message beyond its body, stored as the opaque {@code
 * attributes} string of the store: the message attributes, the X-Ray trace header, the sender and
 * the FIFO deduplication id as the client gave it (the store may hold it scoped to the group).
 * Immutable.
 *
 * @param attributes message attributes by name
 * @param traceHeader the {@code AWSTraceHeader} system attribute, if sent
 * @param senderId the account that sent the message
 * @param deduplicationId the client's (or content-based) deduplication id, FIFO only
 */
record MessageEnvelope(
    SortedMap<String, MessageAttribute> attributes,
    Optional<String> traceHeader,
    String senderId,
    Optional<String> deduplicationId) {

  /** Copies the attributes and checks required components. */
  MessageEnvelope {
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    Objects.requireNonNull(traceHeader, "traceHeader");
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(deduplicationId, "deduplicationId");
  }

  /** Compact JSON for the store. */
  String encode() {
    ObjectNode root = QueueAttributes.JSON.createObjectNode();
    root.put("s", senderId);
    traceHeader.ifPresent(t -> root.put("t", t));
    deduplicationId.ifPresent(d -> root.put("d", d));
    if (!attributes.isEmpty()) {
      ObjectNode map = root.putObject("a");
      attributes.forEach(
          (name, attribute) -> {
            ObjectNode value = map.putObject(name);
            value.put("t", attribute.dataType());
            attribute.stringValue().ifPresent(s -> value.put("s", s));
            attribute.binaryValue().ifPresent(b -> value.put("b", b));
          });
    }
    return root.toString();
  }

  /** Reads what {@link #encode()} wrote; an unreadable string yields an empty envelope. */
  static MessageEnvelope decode(String encoded) {
    SortedMap<String, MessageAttribute> attributes = new TreeMap<>();
    JsonNode root;
    try {
      root = QueueAttributes.JSON.readTree(encoded);
    } catch (IOException e) {
      root = QueueAttributes.JSON.createObjectNode();
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("a").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      attributes.put(
          e.getKey(),
          new MessageAttribute(v.path("t").asText(), optional(v, "s"), optional(v, "b")));
    }
    return new MessageEnvelope(
        attributes, optional(root, "t"), root.path("s").asText(""), optional(root, "d"));
  }

  private static Optional<String> optional(JsonNode node, String member) {
    JsonNode value = node.get(member);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
