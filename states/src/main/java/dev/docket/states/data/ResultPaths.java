package dev.docket.states.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ResultPath: places a result into the state input at a reference path ({@code $.a.b}, {@code
 * $['a']}, {@code $.a[0]}), creating missing objects. Copy-on-write: only the containers on the
 * path are copied, the rest of the input is shared. Parsed paths are cached. Thread-safe.
 */
final class ResultPaths {

  private static final int CACHE_LIMIT = 10_000;
  private static final ConcurrentHashMap<String, List<Object>> CACHE = new ConcurrentHashMap<>();

  private ResultPaths() {}

  static JsonNode apply(String resultPath, JsonNode stateInput, JsonNode result) {
    if (resultPath == null) {
      return stateInput;
    }
    if ("$".equals(resultPath)) {
      return result;
    }
    List<Object> steps = steps(resultPath);
    return place(resultPath, stateInput, steps, 0, result);
  }

  private static JsonNode place(
      String path, JsonNode node, List<Object> steps, int index, JsonNode result) {
    Object step = steps.get(index);
    boolean last = index == steps.size() - 1;
    if (step instanceof String name) {
      if (!node.isObject()) {
        throw failure(path, name, node);
      }
      ObjectNode copy = Json.NODES.objectNode();
      copy.setAll((ObjectNode) node);
      JsonNode child = node.get(name);
      if (last) {
        copy.set(name, result);
      } else {
        if (child == null || child.isNull()) {
          child = Json.NODES.objectNode();
        }
        copy.set(name, place(path, child, steps, index + 1, result));
      }
      return copy;
    }
    int position = (Integer) step;
    if (!node.isArray() || position >= node.size()) {
      throw failure(path, "[" + position + "]", node);
    }
    ArrayNode copy = Json.NODES.arrayNode(node.size());
    copy.addAll((ArrayNode) node);
    copy.set(position, last ? result : place(path, node.get(position), steps, index + 1, result));
    return copy;
  }

  private static StatesFailure failure(String path, String step, JsonNode node) {
    return new StatesFailure(
        StatesErrors.RESULT_PATH_MATCH_FAILURE,
        "Unable to apply step \""
            + step
            + "\" of ResultPath '"
            + path
            + "' to input '"
            + Json.text(node)
            + "'");
  }

  /** The steps of a reference path: names (String) and array positions (Integer). */
  static List<Object> steps(String path) {
    List<Object> cached = CACHE.get(path);
    if (cached != null) {
      return cached;
    }
    List<Object> steps = parse(path);
    if (CACHE.size() >= CACHE_LIMIT) {
      CACHE.clear();
    }
    CACHE.put(path, steps);
    return steps;
  }

  private static List<Object> parse(String path) {
    if (!path.startsWith("$")) {
      throw invalid(path);
    }
    List<Object> steps = new ArrayList<>();
    int i = 1;
    int n = path.length();
    while (i < n) {
      char c = path.charAt(i);
      if (c == '.') {
        int start = ++i;
        while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
          i++;
        }
        if (start == i) {
          throw invalid(path);
        }
        steps.add(path.substring(start, i));
      } else if (c == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          throw invalid(path);
        }
        String inside = path.substring(i + 1, close).trim();
        if (inside.length() >= 2
            && (inside.charAt(0) == '\'' || inside.charAt(0) == '"')
            && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
          steps.add(inside.substring(1, inside.length() - 1));
        } else {
          try {
            steps.add(Integer.parseInt(inside));
          } catch (NumberFormatException e) {
            throw invalid(path);
          }
        }
        i = close + 1;
      } else {
        throw invalid(path);
      }
    }
    return List.copyOf(steps);
  }

  private static StatesFailure invalid(String path) {
    return StatesFailure.runtime("Invalid ResultPath '" + path + "'");
  }
}
