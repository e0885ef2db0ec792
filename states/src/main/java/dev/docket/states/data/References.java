package dev.docket.states.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.PathNotFoundException;

/**
 * Resolves reference paths: {@code $...} against a given document (the state input, or the result
 * where AWS says so), {@code $$...} against the context object, and {@code $name...} against a
 * variable. Thread-safe.
 */
final class References {

  private References() {}

  /**
   * The value {@code path} selects.
   *
   * @param dollar what {@code $} means here
   * @throws PathMissing when nothing is selected
   */
  static JsonNode resolve(String path, JsonNode dollar, Scope scope) {
    if (path.length() == 1) {
      return dollar;
    }
    char second = path.charAt(1);
    if (second == '$') {
      return apply(path, path.substring(1), scope.context());
    }
    if (second == '.' || second == '[') {
      return apply(path, path, dollar);
    }
    int end = 1;
    while (end < path.length() && isNameChar(path.charAt(end))) {
      end++;
    }
    String name = path.substring(1, end);
    JsonNode value = scope.variables().get(name);
    if (value == null) {
      throw new PathMissing(path, null, "No results for path: variable '$" + name + "'");
    }
    return apply(path, "$" + path.substring(end), value);
  }

  private static JsonNode apply(String written, String jsonPath, JsonNode document) {
    try {
      return JsonPaths.read(jsonPath, document);
    } catch (PathNotFoundException e) {
      throw new PathMissing(written, document, e.getMessage());
    }
  }

  static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
