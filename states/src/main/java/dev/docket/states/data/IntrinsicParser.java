package dev.docket.states.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses intrinsic function calls ({@code States.Format('x {}', $.a)}) into a tree, cached by text.
 * Arguments: quoted strings ({@code '...'} with {@code \} escapes), numbers, {@code true}/{@code
 * false}/{@code null}, paths ({@code $.x}, {@code $$.x}, {@code $var.x}) and nested calls.
 * Thread-safe.
 */
final class IntrinsicParser {

  /** An argument or a call. */
  sealed interface Node {}

  /** A literal; {@code raw} is a string literal's text as written, escapes kept (for Format). */
  record Literal(JsonNode value, String raw) implements Node {}

  /** A path argument. */
  record PathArg(String path) implements Node {}

  /** {@code States.<name>(args)}. */
  record Call(String name, List<Node> args) implements Node {
    Call {
      args = List.copyOf(args);
    }
  }

  private static final int CACHE_LIMIT = 10_000;
  private static final ConcurrentHashMap<String, Call> CACHE = new ConcurrentHashMap<>();

  private final String text;
  private int pos;

  private IntrinsicParser(String text) {
    this.text = text;
  }

  /** The parsed call, or a {@code States.Runtime} failure naming the bad expression. */
  static Call parse(String expression) {
    Call call = CACHE.get(expression);
    if (call == null) {
      IntrinsicParser parser = new IntrinsicParser(expression);
      parser.skipSpaces();
      call = parser.call();
      parser.skipSpaces();
      if (parser.pos != expression.length()) {
        throw parser.error();
      }
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(expression, call);
    }
    return call;
  }

  private Call call() {
    if (!text.startsWith("States.", pos)) {
      throw error();
    }
    pos += "States.".length();
    int start = pos;
    while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
      pos++;
    }
    String name = text.substring(start, pos);
    skipSpaces();
    expect('(');
    List<Node> args = new ArrayList<>();
    skipSpaces();
    if (peek() == ')') {
      pos++;
      return new Call(name, args);
    }
    while (true) {
      skipSpaces();
      args.add(argument());
      skipSpaces();
      char c = peek();
      pos++;
      if (c == ')') {
        return new Call(name, args);
      }
      if (c != ',') {
        pos--;
        throw error();
      }
    }
  }

  private Node argument() {
    char c = peek();
    if (c == '\'') {
      return string();
    }
    if (c == '$') {
      return path();
    }
    if (text.startsWith("States.", pos)) {
      return call();
    }
    int start = pos;
    while (pos < text.length() && ",) \t\n".indexOf(text.charAt(pos)) < 0) {
      pos++;
    }
    String word = text.substring(start, pos);
    return switch (word) {
      case "true" -> new Literal(Json.NODES.booleanNode(true), word);
      case "false" -> new Literal(Json.NODES.booleanNode(false), word);
      case "null" -> new Literal(Json.NODES.nullNode(), word);
      default -> new Literal(number(word), word);
    };
  }

  private JsonNode number(String word) {
    try {
      if (word.matches("-?(0|[1-9][0-9]*)")) {
        long value = Long.parseLong(word);
        return value == (int) value
            ? Json.NODES.numberNode((int) value)
            : Json.NODES.numberNode(value);
      }
      if (word.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
        return Json.NODES.numberNode(new BigDecimal(word).doubleValue());
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw error();
  }

  private Literal string() {
    int start = ++pos;
    StringBuilder value = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\\' && pos + 1 < text.length()) {
        value.append(text.charAt(pos + 1));
        pos += 2;
        continue;
      }
      if (c == '\'') {
        String raw = text.substring(start, pos);
        pos++;
        return new Literal(Json.NODES.textNode(value.toString()), raw);
      }
      value.append(c);
      pos++;
    }
    throw error();
  }

  private PathArg path() {
    int start = pos;
    int depth = 0;
    char quote = 0;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = depth > 0 ? c : 0;
      } else if (c == '[' || c == '(') {
        depth++;
      } else if (c == ']' || c == ')') {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        break;
      }
      pos++;
    }
    return new PathArg(text.substring(start, pos).trim());
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error();
    }
    return text.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error();
    }
    pos++;
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private StatesFailure error() {
    return new StatesFailure(
        StatesErrors.INTRINSIC_FAILURE,
        "The intrinsic function '" + text + "' could not be parsed at position " + pos);
  }
}
