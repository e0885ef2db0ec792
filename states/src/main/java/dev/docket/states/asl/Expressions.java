package dev.docket.states.asl;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * JSONata expressions in a definition: a string {@code "{% ... %}"} in a JSONata state. Every one
 * is parsed when the definition is read, as AWS does; one that does not parse is AWS's {@code
 * INVALID_JSONATA_EXPRESSION} with the parser's message (without JSONata's error code) at the
 * field's location. Stateless and thread-safe.
 */
final class Expressions {

  private static final Pattern ERROR_CODE = Pattern.compile("^[A-Z]\\d{4}:\\s*");

  private Expressions() {}

  /** Whether {@code node} is a JSONata expression text ({@code {% ... %}}). */
  static boolean isExpression(JsonNode node) {
    return node != null && node.isTextual() && isExpression(node.textValue());
  }

  /** Whether {@code text} is a JSONata expression text ({@code {% ... %}}). */
  static boolean isExpression(String text) {
    return text.length() >= 4 && text.startsWith("{%") && text.endsWith("%}");
  }

  /** The expression inside the {@code {% %}} delimiters. */
  static String body(String text) {
    return text.substring(2, text.length() - 2);
  }

  /** The parser's message for an expression that does not parse; null if it parses. */
  static String parseError(String text) {
    String body = body(text);
    if (body.isBlank()) {
      return "Unexpected end of expression";
    }
    try {
      Jsonata.jsonata(body);
      return null;
    } catch (JException e) {
      String message = e.getMessage() == null ? "Invalid expression" : e.getMessage();
      return ERROR_CODE.matcher(message).replaceFirst("");
    } catch (RuntimeException e) {
      return e.getMessage() == null ? "Invalid expression" : e.getMessage();
    }
  }

  /**
   * Checks every expression in {@code node} (a text, or an object or array holding texts) and
   * reports those that do not parse at their location ({@code /key} for an object member, {@code
   * [i]} for an array element).
   */
  static void check(JsonNode node, String location, Problems problems) {
    if (node == null) {
      return;
    }
    if (isExpression(node)) {
      String error = parseError(node.textValue());
      if (error != null) {
        problems.add(Problems.INVALID_JSONATA, error, location);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        check(member.getValue(), location + "/" + member.getKey(), problems);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), location + "[" + i + "]", problems);
      }
    }
  }
}
