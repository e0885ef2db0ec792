package dev.docket.patterns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** Test helpers: events as parsed JSON. */
final class Events {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Events() {}

  /** An EventBridge event whose {@code detail} is {@code detailJson}. */
  static JsonNode withDetail(String detailJson) {
    return json(
        "{\"version\": \"0\", \"id\": \"1\", \"source\": \"test-source\", \"detail-type\":"
            + " \"test-detail-type\", \"account\": \"123456789012\", \"region\": \"us-east-1\","
            + " \"time\": \"2022-07-13T13:48:01Z\", \"resources\": [], \"detail\": "
            + detailJson
            + "}");
  }

  /** Parses {@code text}. */
  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the pattern {@code {"detail": {"f": [expression]}}} matches detail {@code {"f":
   * value}}.
   */
  static boolean fieldMatches(String expression, String value) {
    EventPattern pattern = EventPattern.parse("{\"detail\": {\"f\": [" + expression + "]}}");
    return pattern.matches(withDetail(value == null ? "{}" : "{\"f\": " + value + "}"));
  }
}
