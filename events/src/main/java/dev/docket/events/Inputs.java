package dev.docket.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads members of validated request nodes. Stateless and thread-safe. */
final class Inputs {

  private Inputs() {}

  /** A string member, if present and not empty. */
  static Optional<String> text(JsonNode input, String member) {
    JsonNode value = input.get(member);
    return value == null || value.isNull() || value.asText().isEmpty()
        ? Optional.empty()
        : Optional.of(value.asText());
  }

  /** A string member the model requires (so validation already checked it is present). */
  static String required(JsonNode input, String member) {
    return input.path(member).asText();
  }

  /** An integer member, if present. */
  static Optional<Integer> integer(JsonNode input, String member) {
    JsonNode value = input.get(member);
    return value == null || !value.isNumber() ? Optional.empty() : Optional.of(value.asInt());
  }

  /** A boolean member; false if absent. */
  static boolean flag(JsonNode input, String member) {
    return input.path(member).asBoolean(false);
  }

  /** A {@code TagList} member as a map in request order (a repeated key keeps its last value). */
  static Map<String, String> tags(JsonNode input, String member) {
    Map<String, String> tags = new LinkedHashMap<>();
    input.path(member).forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
    return tags;
  }
}
