package dev.docket.states;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads members of validated request nodes, and writes AWS's timestamps. Stateless. */
final class Inputs {

  private Inputs() {}

  /** A string member, if present and not empty. */
  static Optional<String> text(JsonNode input, String member) {
    JsonNode value = input.get(member);
    return value == null || value.isNull() || value.asText().isEmpty()
        ? Optional.empty()
        : Optional.of(value.asText());
  }

  /** A string member the model requires. */
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

  /** A Step Functions {@code TagList} ({@code key} / {@code value}) as a map in request order. */
  static Map<String, String> tags(JsonNode input, String member) {
    Map<String, String> tags = new LinkedHashMap<>();
    input.path(member).forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    return tags;
  }

  /** A timestamp as the awsJson protocol writes it: epoch seconds with milliseconds. */
  static double seconds(Instant instant) {
    return instant.toEpochMilli() / 1000.0;
  }
}
