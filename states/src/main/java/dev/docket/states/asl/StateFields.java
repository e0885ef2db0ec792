package dev.docket.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the fields of one object of a definition (a state, a catcher, a choice rule) and reports
 * their problems at their location. Messages that AWS is known to use are AWS's; the others are
 * ours in AWS's style (see {@link Definitions}). Not thread-safe: one per object read.
 */
final class StateFields {

  static final String NOT_A_PATH = "Value must be a valid JSONPath.";

  private final ObjectNode node;
  private final String location;
  private final QueryLanguage language;
  private final Problems problems;

  StateFields(ObjectNode node, String location, QueryLanguage language, Problems problems) {
    this.node = node;
    this.location = location;
    this.language = language;
    this.problems = problems;
  }

  ObjectNode node() {
    return node;
  }

  String location() {
    return location;
  }

  QueryLanguage language() {
    return language;
  }

  Problems problems() {
    return problems;
  }

  boolean jsonata() {
    return language == QueryLanguage.JSONATA;
  }

  boolean has(String field) {
    return node.has(field);
  }

  JsonNode get(String field) {
    return node.get(field);
  }

  /** The location of one of its fields. */
  String at(String field) {
    return location + "/" + field;
  }

  /**
   * Reports every field the object may not have, given which fields it supports ({@code rules}
   * answers null for an unsupported one) and its language.
   */
  void checkSupported(Function<String, FieldRules.Allowed> rules) {
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      String field = member.getKey();
      FieldRules.Allowed allowed = rules.apply(field);
      if (allowed == null) {
        problems.schema("Field '" + field + "' is not supported", location);
      } else if (!allowed.allows(language)) {
        if (jsonata()) {
          problems.schema(
              "The QueryLanguage is set to 'JSONata', but field '"
                  + field
                  + "' is only supported for the 'JSONPath' QueryLanguage",
              at(field));
        } else {
          problems.schema(
              "The QueryLanguage is set to 'JSONPath', but field '"
                  + field
                  + "' is only supported for the 'JSONata' QueryLanguage",
              location);
        }
      }
    }
  }

  /** Whether the field is present and allowed in this object's language. */
  boolean usable(String field, FieldRules.Allowed allowed) {
    return node.has(field) && allowed.allows(language);
  }

  /** A text field; null if absent (or not a text, which is reported). */
  String text(String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      problems.schema("The field '" + field + "' must be a string", at(field));
      return null;
    }
    return value.textValue();
  }

  /** A required text field; reports it missing. */
  String requiredText(String field) {
    if (!node.has(field)) {
      problems.schema("These fields are required: [" + field + "]", location);
      return null;
    }
    return text(field);
  }

  /**
   * A JSONPath path field: {@code absent} if absent, Java null if JSON null and {@code nullable},
   * else the path as written (reported unless a valid path, or an intrinsic call where allowed).
   */
  String path(String field, String absent, boolean nullable, boolean intrinsicAllowed) {
    JsonNode value = node.get(field);
    if (value == null || jsonata()) {
      return absent;
    }
    if (value.isNull() && nullable) {
      return null;
    }
    String text = value.isTextual() ? value.textValue() : null;
    boolean valid =
        text != null && (Paths.isPath(text) || (intrinsicAllowed && Intrinsics.isCall(text)));
    if (!valid) {
      problems.schema(NOT_A_PATH, at(field));
    }
    return text;
  }

  /**
   * A JSONPath payload template ({@code Parameters}, {@code ResultSelector}, {@code ItemSelector},
   * {@code Assign}): every key ending in {@code .$} must hold a path or an intrinsic function call.
   * In a JSONata state, its expressions are checked instead.
   */
  JsonNode template(String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (jsonata()) {
      Expressions.check(value, at(field), problems);
    } else {
      checkTemplate(value, at(field));
    }
    return value;
  }

  private void checkTemplate(JsonNode value, String fieldLocation) {
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> member : value.properties()) {
        String key = member.getKey();
        JsonNode inner = member.getValue();
        if (key.endsWith(".$")) {
          if (!inner.isTextual() || !Paths.isPathOrIntrinsic(inner.textValue())) {
            problems.schema(
                "The value for the field '"
                    + key
                    + "' must be a valid JSONPath or a valid intrinsic function call",
                fieldLocation);
          }
        } else {
          checkTemplate(inner, fieldLocation);
        }
      }
    } else if (value.isArray()) {
      for (JsonNode element : value) {
        checkTemplate(element, fieldLocation);
      }
    }
  }

  /** A JSONata-mode field (any JSON; its expressions are checked). */
  JsonNode expression(String field) {
    JsonNode value = node.get(field);
    if (value != null && jsonata()) {
      Expressions.check(value, at(field), problems);
    }
    return value;
  }

  /**
   * An integer field that may also be a JSONata expression in a JSONata state: reported unless an
   * integer within {@code [min, max]}.
   */
  JsonNode integer(String field, long min, long max) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (jsonata() && Expressions.isExpression(value)) {
      Expressions.check(value, at(field), problems);
      return value;
    }
    if (!value.isNumber() || !value.canConvertToExactIntegral()) {
      problems.schema("Value must be an integer", at(field));
    } else if (value.asLong() < min) {
      problems.schema("Minimum value is " + min, at(field));
    } else if (value.asLong() > max) {
      problems.schema("Maximum value is " + max, at(field));
    }
    return value;
  }

  /** Reports a field set together with its {@code ...Path} twin. */
  void exclusive(String field, String twin) {
    if (node.has(field) && node.has(twin)) {
      problems.schema(
          "The fields '" + field + "' and '" + twin + "' cannot be used together", at(field));
    }
  }
}
