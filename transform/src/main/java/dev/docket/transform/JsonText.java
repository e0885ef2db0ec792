package dev.docket.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text helpers for rendering: strict validation (one value, nothing after it) and the three
 * ways a value is written into a template. Stateless and thread-safe.
 */
final class JsonText {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

  private JsonText() {}

  /** Whether {@code text} is exactly one JSON value (RFC 8259; no comments, no trailing text). */
  static boolean isValid(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /** Appends {@code value} as JSON text: strings quoted and escaped, containers compact. */
  static void appendJson(StringBuilder out, JsonNode value) {
    if (value.isTextual()) {
      out.append('"');
      ENCODER.quoteAsString(value.textValue(), out);
      out.append('"');
    } else {
      out.append(value.toString());
    }
  }

  /** Appends {@code text} escaped for the inside of a JSON string, without the quotes. */
  static void appendEscaped(StringBuilder out, String text) {
    ENCODER.quoteAsString(text, out);
  }

  /**
   * Appends {@code value} as EventBridge writes it inside a string template: strings without
   * quotes, and containers without the quotes of their keys and strings ({@code
   * {acc_id:0a787ecb-4015,sf_id:baz}}, {@code [ACTIVE,INACTIVE]}). Text is still escaped, so a
   * string template stays one JSON string.
   */
  static void appendUnquoted(StringBuilder out, JsonNode value) {
    if (value.isTextual()) {
      appendEscaped(out, value.textValue());
    } else if (value.isObject()) {
      out.append('{');
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        appendEscaped(out, field.getKey());
        out.append(':');
        appendUnquoted(out, field.getValue());
        if (fields.hasNext()) {
          out.append(',');
        }
      }
      out.append('}');
    } else if (value.isArray()) {
      out.append('[');
      for (int i = 0; i < value.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        appendUnquoted(out, value.get(i));
      }
      out.append(']');
    } else {
      out.append(value.toString());
    }
  }
}
