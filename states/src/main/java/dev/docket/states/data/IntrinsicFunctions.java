package dev.docket.states.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.states.data.IntrinsicParser.Call;
import dev.docket.states.data.IntrinsicParser.Literal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The implementations of the intrinsic functions and their argument checks, each failure a {@code
 * States.IntrinsicFailure}. Thread-safe (stateless).
 */
final class IntrinsicFunctions {

  static final int MAX_RANGE_ITEMS = 1000;
  static final int MAX_INPUT_CHARS = 10_000;

  private IntrinsicFunctions() {}

  static JsonNode format(Call call, List<JsonNode> args) {
    if (args.isEmpty() || !args.get(0).isTextual()) {
      throw failure("States.Format expects a string as its first argument");
    }
    // A literal template keeps its escapes (\{ is a brace, not a placeholder); a template read
    // from a path is taken as written.
    String raw =
        call.args().get(0) instanceof Literal template ? template.raw() : args.get(0).textValue();
    StringBuilder out = new StringBuilder();
    int next = 1;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        out.append(raw.charAt(++i));
      } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
        if (next >= args.size()) {
          throw failure(
              "Number of arguments in States.Format do not match the number of placeholders");
        }
        formatValue(args.get(next++), out);
        i++;
      } else {
        out.append(c);
      }
    }
    if (next != args.size()) {
      throw failure("Number of arguments in States.Format do not match the number of placeholders");
    }
    return Json.NODES.textNode(out.toString());
  }

  /** AWS renders strings raw, objects as {@code {k=v, ...}}, arrays as {@code [a, b]}. */
  static void formatValue(JsonNode value, StringBuilder out) {
    if (value.isTextual()) {
      out.append(value.textValue());
    } else if (value.isArray()) {
      out.append('[');
      for (int i = 0; i < value.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        formatValue(value.get(i), out);
      }
      out.append(']');
    } else if (value.isObject()) {
      out.append('{');
      boolean first = true;
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!first) {
          out.append(", ");
        }
        first = false;
        out.append(field.getKey()).append('=');
        formatValue(field.getValue(), out);
      }
      out.append('}');
    } else {
      out.append(Json.text(value));
    }
  }

  static JsonNode stringToJson(String text) {
    if (text.isBlank()) {
      return Json.NODES.nullNode();
    }
    try {
      return Json.parse(text);
    } catch (JsonProcessingException e) {
      throw failure("The string '" + text + "' is not valid JSON");
    }
  }

  static JsonNode partition(ArrayNode array, int size) {
    if (size <= 0) {
      throw failure("Expected a non-zero, positive integer as chunk size, but got " + size);
    }
    ArrayNode out = Json.NODES.arrayNode();
    for (int i = 0; i < array.size(); i += size) {
      ArrayNode chunk = Json.NODES.arrayNode();
      for (int j = i; j < Math.min(i + size, array.size()); j++) {
        chunk.add(array.get(j));
      }
      out.add(chunk);
    }
    return out;
  }

  static boolean contains(ArrayNode array, JsonNode value) {
    for (JsonNode element : array) {
      if (JsonEquality.equal(element, value)) {
        return true;
      }
    }
    return false;
  }

  static JsonNode range(int first, int last, int step) {
    if (step == 0) {
      throw failure("The step of States.ArrayRange cannot be 0");
    }
    long count = Math.max(0, ((long) last - first) / step + 1);
    if (count > MAX_RANGE_ITEMS) {
      throw failure(
          "Arrays cannot contain more than " + MAX_RANGE_ITEMS + " items, size: " + count);
    }
    ArrayNode out = Json.NODES.arrayNode();
    for (long v = first; step > 0 ? v <= last : v >= last; v += step) {
      out.add((int) v);
    }
    return out;
  }

  static JsonNode getItem(ArrayNode array, int index) {
    if (index < 0 || index >= array.size()) {
      throw failure(
          "The index " + index + " is out of bounds for an array of length " + array.size());
    }
    return array.get(index);
  }

  static JsonNode unique(ArrayNode array) {
    ArrayNode out = Json.NODES.arrayNode();
    for (JsonNode element : array) {
      if (!contains(out, element)) {
        out.add(element);
      }
    }
    return out;
  }

  static JsonNode base64Encode(String text) {
    return Json.NODES.textNode(
        Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
  }

  static JsonNode base64Decode(String text) {
    try {
      return Json.NODES.textNode(
          new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw failure("The string '" + text + "' is not valid Base64");
    }
  }

  static JsonNode hash(String data, String algorithm) {
    String javaName =
        switch (algorithm) {
          case "MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512" -> algorithm;
          default -> throw failure("Unknown hash function '" + algorithm + "'.");
        };
    try {
      byte[] digest =
          MessageDigest.getInstance(javaName).digest(data.getBytes(StandardCharsets.UTF_8));
      return Json.NODES.textNode(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode merge(List<JsonNode> args) {
    arity("JsonMerge", args, 3);
    JsonNode first = args.get(0);
    JsonNode second = args.get(1);
    JsonNode deep = args.get(2);
    if (!first.isObject() || !second.isObject()) {
      throw failure("States.JsonMerge expects two JSON objects as its first arguments");
    }
    if (!deep.isBoolean()) {
      throw failure("States.JsonMerge expects a boolean as its third argument");
    }
    if (deep.booleanValue()) {
      throw failure(
          "States.JsonMerge supports only the shallow mode: its third argument must be false");
    }
    ObjectNode out = Json.NODES.objectNode();
    out.setAll((ObjectNode) first);
    out.setAll((ObjectNode) second);
    return out;
  }

  static JsonNode random(String name, List<JsonNode> args) {
    if (args.size() < 2 || args.size() > 3) {
      throw failure("States.MathRandom expects 2 or 3 arguments, but got " + args.size());
    }
    int start = integer(name, args, 0);
    int end = integer(name, args, 1);
    if (end < start) {
      throw failure("The end of States.MathRandom must not be less than its start");
    }
    // Both bounds included, as LocalStack's AWS-validated implementation draws them.
    long span = (long) end - start + 1;
    long offset =
        args.size() == 3
            ? (long) (new Random(integer(name, args, 2)).nextDouble() * span)
            : ThreadLocalRandom.current().nextLong(span);
    return integral(start + offset);
  }

  static JsonNode split(String text, String separators) {
    ArrayNode out = Json.NODES.arrayNode();
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || separators.indexOf(text.charAt(i)) >= 0) {
        if (i > start) {
          out.add(text.substring(start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }

  static List<JsonNode> arity(String name, List<JsonNode> args, int count) {
    if (args.size() != count) {
      throw failure(
          "States."
              + name
              + " expects "
              + count
              + " argument"
              + (count == 1 ? "" : "s")
              + ", but got "
              + args.size());
    }
    return args;
  }

  static String text(String name, List<JsonNode> args, int index, int count) {
    JsonNode value = arity(name, args, count).get(index);
    if (!value.isTextual()) {
      throw failure(
          "States."
              + name
              + " expects a string as argument "
              + (index + 1)
              + ", but got "
              + Json.text(value));
    }
    return value.textValue();
  }

  static ArrayNode array(String name, List<JsonNode> args, int index, int count) {
    JsonNode value = arity(name, args, count).get(index);
    if (!value.isArray()) {
      throw failure(
          "States."
              + name
              + " expects an array as argument "
              + (index + 1)
              + ", but got "
              + Json.text(value));
    }
    return (ArrayNode) value;
  }

  /** An integer argument; AWS rounds a fractional number half up. */
  static int integer(String name, List<JsonNode> args, int index) {
    JsonNode value = args.get(index);
    if (!value.isNumber()) {
      throw failure(
          "States."
              + name
              + " expects a number as argument "
              + (index + 1)
              + ", but got "
              + Json.text(value));
    }
    return value.isIntegralNumber() ? value.intValue() : (int) Math.round(value.doubleValue());
  }

  static String limited(String name, String text) {
    if (text.length() > MAX_INPUT_CHARS) {
      throw failure(
          "The input of States."
              + name
              + " is limited to "
              + MAX_INPUT_CHARS
              + " characters, but got "
              + text.length());
    }
    return text;
  }

  static JsonNode integral(long value) {
    return value == (int) value ? Json.NODES.numberNode((int) value) : Json.NODES.numberNode(value);
  }

  static StatesFailure failure(String cause) {
    return new StatesFailure(StatesErrors.INTRINSIC_FAILURE, cause);
  }
}
