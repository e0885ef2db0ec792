package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads members of a validated input node, tolerating both protocols' spellings (a number may
 * arrive as a numeric or a text node). Stateless.
 */
final class Inputs {

  private Inputs() {}

  /** A string member, if present and not null. */
  static Optional<String> text(JsonNode input, String member) {
    JsonNode value = input.get(member);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  /** A required string member. */
  static String requiredText(JsonNode input, String member) {
    return text(input, member).orElseThrow(() -> Failures.missingParameter(member));
  }

  /** An integer member, if present; a non-integer is {@code InvalidParameterValue}. */
  static Optional<Integer> integer(JsonNode input, String member) {
    JsonNode value = input.get(member);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.canConvertToInt() && value.isIntegralNumber()) {
      return Optional.of(value.intValue());
    }
    try {
      return Optional.of(Integer.parseInt(value.asText().trim()));
    } catch (NumberFormatException e) {
      throw Failures.invalidParameter(member, value.asText(), "Must be an integer");
    }
  }

  /** An integer member that must lie in {@code [min, max]} when present. */
  static Optional<Integer> integer(JsonNode input, String member, int min, int max, String reason) {
    Optional<Integer> value = integer(input, member);
    value.ifPresent(
        v -> {
          if (v < min || v > max) {
            throw Failures.invalidParameter(member, v, reason);
          }
        });
    return value;
  }

  /** A list of strings, empty when absent. */
  static List<String> strings(JsonNode input, String member) {
    List<String> values = new ArrayList<>();
    JsonNode node = input.get(member);
    if (node != null && node.isArray()) {
      node.forEach(v -> values.add(v.asText()));
    }
    return values;
  }

  /** A map of strings to strings, empty when absent, in the order sent. */
  static Map<String, String> stringMap(JsonNode input, String member) {
    Map<String, String> values = new LinkedHashMap<>();
    JsonNode node = input.get(member);
    if (node != null && node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        values.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
      }
    }
    return values;
  }

  /** The elements of a list member, empty when absent. */
  static List<JsonNode> list(JsonNode input, String member) {
    List<JsonNode> values = new ArrayList<>();
    JsonNode node = input.get(member);
    if (node != null && node.isArray()) {
      node.forEach(values::add);
    }
    return values;
  }
}
