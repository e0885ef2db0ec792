package dev.docket.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A JSONPath compiled once, as EventBridge uses them in {@code InputPath} and {@code InputPathsMap}
 * values: it must start with {@code $}.
 *
 * <p>Design: nearly every path EventBridge users write is dot notation with array indexes ({@code
 * $.detail.items[0].id}), which EventBridge documents as its supported syntax. Those are compiled
 * into a list of steps and walked directly on the parsed event: no allocation but the result.
 * Anything else (wildcards, {@code ..}, filters, bracketed names) goes to Jayway json-path 3.0.0
 * with its Jackson {@code JsonNode} provider, compiled once here as well; an indefinite path then
 * selects an array of its matches, as Jayway answers.
 *
 * <p>Immutable and thread-safe: one instance serves every event on any thread.
 */
public final class EventPath {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final Configuration JAYWAY =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
          .mappingProvider(new JacksonMappingProvider(MAPPER))
          .options(Option.SUPPRESS_EXCEPTIONS)
          .build();

  /** Characters that make a dotted name something only Jayway understands. */
  private static final String SPECIAL = "*()?'\"@,:[]{}$\\ \t\r\n";

  private final String text;
  private final Object[] steps;
  private final JsonPath jayway;

  private EventPath(String text, Object[] steps, JsonPath jayway) {
    this.text = text;
    this.steps = steps;
    this.jayway = jayway;
  }

  /**
   * Compiles {@code jsonPath}.
   *
   * @throws InvalidInputException when it does not start with {@code $} or is not a JSONPath
   */
  public static EventPath of(String jsonPath) {
    return parse(jsonPath)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "JSONPath must start with '$' and be valid, but was '" + jsonPath + "'"));
  }

  /** The compiled path, or empty when {@code text} is not a JSONPath starting with {@code $}. */
  static Optional<EventPath> parse(String text) {
    if (text == null || !text.startsWith("$")) {
      return Optional.empty();
    }
    Object[] simple = simpleSteps(text);
    if (simple != null) {
      return Optional.of(new EventPath(text, simple, null));
    }
    try {
      return Optional.of(new EventPath(text, null, JsonPath.compile(text)));
    } catch (InvalidPathException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The path as written. */
  public String text() {
    return text;
  }

  /**
   * The part of {@code root} the path selects; empty when it selects nothing. A member whose value
   * is JSON {@code null} is selected as a {@code NullNode}, not empty.
   */
  public Optional<JsonNode> select(JsonNode root) {
    JsonNode selected = steps != null ? walk(root) : viaJayway(root);
    return selected == null || selected.isMissingNode() ? Optional.empty() : Optional.of(selected);
  }

  private JsonNode walk(JsonNode root) {
    JsonNode current = root;
    for (Object step : steps) {
      if (step instanceof String name) {
        current = current.isObject() ? current.get(name) : null;
      } else {
        current = current.isArray() ? current.get((Integer) step) : null;
      }
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  private JsonNode viaJayway(JsonNode root) {
    Object result = jayway.read(root, JAYWAY);
    if (result == null) {
      return MissingNode.getInstance();
    }
    return result instanceof JsonNode node ? node : MAPPER.valueToTree(result);
  }

  /** Steps ({@code String} names, {@code Integer} indexes) for plain paths; null otherwise. */
  private static Object[] simpleSteps(String text) {
    List<Object> steps = new ArrayList<>();
    int i = 1;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < n && text.charAt(end) != '.' && text.charAt(end) != '[') {
          if (SPECIAL.indexOf(text.charAt(end)) >= 0) {
            return null;
          }
          end++;
        }
        if (end == i + 1) {
          return null;
        }
        steps.add(text.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        int close = text.indexOf(']', i);
        if (close < 0 || close == i + 1 || close - i > 10) {
          return null;
        }
        for (int d = i + 1; d < close; d++) {
          if (text.charAt(d) < '0' || text.charAt(d) > '9') {
            return null;
          }
        }
        steps.add(Integer.parseInt(text, i + 1, close, 10));
        i = close + 1;
      } else {
        return null;
      }
    }
    return steps.toArray();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventPath path && path.text.equals(text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
