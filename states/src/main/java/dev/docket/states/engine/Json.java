package dev.docket.states.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** JSON helpers of the engine. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final DateTimeFormatter CONTEXT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Json() {}

  /** A new empty object. */
  static ObjectNode object() {
    return NODES.objectNode();
  }

  /** Compact JSON text. */
  static String text(JsonNode node) {
    return node.toString();
  }

  /** Parses JSON text; a text that is not JSON is an {@link IllegalArgumentException}. */
  static JsonNode parse(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("empty JSON text");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /**
   * A payload member of recorded event details. The store keeps payloads ({@code input}, {@code
   * output}, {@code parameters}, assigned variables) as JSON values, not as the JSON texts AWS's
   * API shows, so writing a history escapes nothing; the API turns them into texts when it reads.
   */
  static JsonNode recorded(JsonNode details, String member) {
    JsonNode value = details.get(member);
    return value == null ? NODES.nullNode() : value;
  }

  /** A time as the context object writes it (ISO-8601, milliseconds, UTC). */
  static String contextTime(Instant instant) {
    return CONTEXT_TIME.format(instant);
  }

  /** {@code {"truncated": false}}. */
  static ObjectNode notTruncated() {
    ObjectNode details = object();
    details.put("truncated", false);
    return details;
  }
}
