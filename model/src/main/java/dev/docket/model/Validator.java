package dev.docket.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a decoded input against its shape: required members, JSON types, lengths, ranges, patterns
 * and enums, depth first in model member order, stopping at the first problem.
 *
 * <p>Paths use model member names and 1-based list indexes ({@code Entries.1.Id}); messages use
 * AWS's validation style, with each path segment's first letter lowered as AWS does ({@code
 * entries.1.id}). Stateless and thread-safe.
 */
final class Validator {

  private final Map<String, Shape> shapes;

  Validator(Map<String, Shape> shapes) {
    this.shapes = shapes;
  }

  Optional<ValidationProblem> validate(Shape shape, ObjectNode input) {
    return Optional.ofNullable(structure(shape, input, ""));
  }

  private ValidationProblem check(Shape shape, JsonNode value, String path) {
    return switch (shape.type()) {
      case STRUCTURE ->
          value.isObject() ? structure(shape, value, path) : wrongType(shape, value, path);
      case LIST -> value.isArray() ? list(shape, value, path) : wrongType(shape, value, path);
      case MAP -> value.isObject() ? map(shape, value, path) : wrongType(shape, value, path);
      case STRING ->
          value.isTextual()
              ? string(shape, value.textValue(), path)
              : wrongType(shape, value, path);
      case BLOB ->
          value.isTextual() ? blob(shape, value.textValue(), path) : wrongType(shape, value, path);
      case BOOLEAN -> value.isBoolean() ? null : wrongType(shape, value, path);
      case TIMESTAMP -> value.isNumber() ? null : wrongType(shape, value, path);
      case DOCUMENT -> null;
      case BYTE, SHORT, INTEGER, LONG, BIG_INTEGER ->
          value.isIntegralNumber() ? range(shape, value, path) : wrongType(shape, value, path);
      case FLOAT, DOUBLE, BIG_DECIMAL ->
          value.isNumber() ? range(shape, value, path) : wrongType(shape, value, path);
    };
  }

  private ValidationProblem structure(Shape shape, JsonNode value, String path) {
    for (Map.Entry<String, Member> entry : shape.members().entrySet()) {
      String memberPath = join(path, entry.getKey());
      JsonNode member = value.get(entry.getKey());
      if (member == null || member.isNull()) {
        if (shape.required().contains(entry.getKey())) {
          return problem(
              ValidationProblem.Kind.MISSING, memberPath, null, "Member must not be null");
        }
        continue;
      }
      ValidationProblem problem = check(target(entry.getValue()), member, memberPath);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private ValidationProblem list(Shape shape, JsonNode value, String path) {
    ValidationProblem length = length(shape, value.size(), value, path);
    if (length != null) {
      return length;
    }
    Shape element = target(shape.listMember());
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (item.isNull()) {
        continue;
      }
      ValidationProblem problem = check(element, item, join(path, Integer.toString(i + 1)));
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private ValidationProblem map(Shape shape, JsonNode value, String path) {
    ValidationProblem length = length(shape, value.size(), value, path);
    if (length != null) {
      return length;
    }
    Shape keyShape = target(shape.mapKey());
    Shape valueShape = target(shape.mapValue());
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String entryPath = join(path, entry.getKey());
      ValidationProblem problem = string(keyShape, entry.getKey(), entryPath);
      if (problem == null && !entry.getValue().isNull()) {
        problem = check(valueShape, entry.getValue(), entryPath);
      }
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private ValidationProblem string(Shape shape, String text, String path) {
    ValidationProblem length =
        length(shape, text.codePointCount(0, text.length()), null, path, text);
    if (length != null) {
      return length;
    }
    if (shape.pattern() != null && !shape.pattern().matcher(text).find()) {
      return problem(
          ValidationProblem.Kind.PATTERN,
          path,
          text,
          "Member must satisfy regular expression pattern: " + shape.pattern().pattern());
    }
    if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
      return problem(
          ValidationProblem.Kind.ENUM,
          path,
          text,
          "Member must satisfy enum value set: " + shape.enumValues());
    }
    return null;
  }

  private ValidationProblem blob(Shape shape, String base64, String path) {
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return problem(
          ValidationProblem.Kind.WRONG_TYPE, path, base64, "Member must be base64-encoded binary");
    }
    return length(shape, bytes.length, null, path, base64);
  }

  private ValidationProblem range(Shape shape, JsonNode value, String path) {
    BigDecimal number = value.decimalValue();
    if (shape.min() != null && number.compareTo(BigDecimal.valueOf(shape.min())) < 0) {
      return problem(
          ValidationProblem.Kind.RANGE,
          path,
          value.asText(),
          "Member must have value greater than or equal to " + shape.min());
    }
    if (shape.max() != null && number.compareTo(BigDecimal.valueOf(shape.max())) > 0) {
      return problem(
          ValidationProblem.Kind.RANGE,
          path,
          value.asText(),
          "Member must have value less than or equal to " + shape.max());
    }
    return null;
  }

  private ValidationProblem length(Shape shape, int length, JsonNode container, String path) {
    return length(shape, length, container, path, null);
  }

  private ValidationProblem length(
      Shape shape, int length, JsonNode container, String path, String text) {
    if (shape.min() != null && length < shape.min()) {
      return problem(
          ValidationProblem.Kind.LENGTH,
          path,
          quoted(text, container),
          "Member must have length greater than or equal to " + shape.min());
    }
    if (shape.max() != null && length > shape.max()) {
      return problem(
          ValidationProblem.Kind.LENGTH,
          path,
          quoted(text, container),
          "Member must have length less than or equal to " + shape.max());
    }
    return null;
  }

  /** The value to quote in a message; rendered only once a constraint is broken (hot path). */
  private static String quoted(String text, JsonNode container) {
    return text != null ? text : container == null ? null : container.toString();
  }

  private ValidationProblem wrongType(Shape shape, JsonNode value, String path) {
    return problem(
        ValidationProblem.Kind.WRONG_TYPE,
        path,
        value.isTextual() ? value.textValue() : value.toString(),
        "Member must be of type " + shape.type().modelName());
  }

  private Shape target(Member member) {
    Shape shape = shapes.get(member.target());
    if (shape == null) {
      throw new IllegalStateException("Model refers to missing shape '" + member.target() + "'");
    }
    return shape;
  }

  private static ValidationProblem problem(
      ValidationProblem.Kind kind, String path, String value, String constraint) {
    String quoted = value == null ? "null" : "'" + value + "'";
    String message =
        "1 validation error detected: Value "
            + quoted
            + " at '"
            + awsPath(path)
            + "' failed to satisfy constraint: "
            + constraint;
    return new ValidationProblem(kind, path, value, message);
  }

  private static String join(String path, String segment) {
    return path.isEmpty() ? segment : path + "." + segment;
  }

  /** AWS lowers the first letter of each member name in validation messages. */
  private static String awsPath(String path) {
    StringBuilder out = new StringBuilder(path.length());
    boolean segmentStart = true;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      out.append(segmentStart ? Character.toLowerCase(c) : c);
      segmentStart = c == '.';
    }
    return out.toString();
  }
}
