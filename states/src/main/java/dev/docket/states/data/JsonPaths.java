package dev.docket.states.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads JSONPath (Jayway json-path over Jackson nodes) with compiled paths cached by text. A
 * definite path yields its node; an indefinite one (wildcard, filter, deep scan) the array of its
 * matches, possibly empty. Results share structure with the document: callers never mutate them.
 * Thread-safe.
 */
final class JsonPaths {

  private static final int CACHE_LIMIT = 10_000;
  private static final Configuration CONFIGURATION =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
          .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
          .build();
  private static final ConcurrentHashMap<String, Compiled> CACHE = new ConcurrentHashMap<>();

  /**
   * A compiled path: Jayway's, and for a plain field chain ({@code $.a.b}) its field names, walked
   * directly (the common case, several times faster than Jayway's evaluation).
   */
  private record Compiled(JsonPath jayway, String[] fields) {}

  private JsonPaths() {}

  /** The path, compiled once; {@link InvalidPathException} if it does not parse. */
  private static Compiled compile(String path) {
    Compiled compiled = CACHE.get(path);
    if (compiled == null) {
      compiled = new Compiled(JsonPath.compile(path), fields(path));
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(path, compiled);
    }
    return compiled;
  }

  /** The field names of {@code $.a.b.c} (letters, digits, {@code _}), or null for other paths. */
  private static String[] fields(String path) {
    if (path.length() < 3 || !path.startsWith("$.")) {
      return null;
    }
    String[] fields = path.substring(2).split("\\.", -1);
    for (String field : fields) {
      if (field.isEmpty()) {
        return null;
      }
      for (int i = 0; i < field.length(); i++) {
        char c = field.charAt(i);
        if (!(Character.isLetterOrDigit(c) || c == '_')) {
          return null;
        }
      }
    }
    return fields;
  }

  /**
   * The value at {@code path} (starting with {@code $}) in {@code document}.
   *
   * @throws PathNotFoundException when a definite path selects nothing (Jayway's message)
   */
  static JsonNode read(String path, JsonNode document) {
    if ("$".equals(path)) {
      return document;
    }
    Compiled compiled;
    try {
      compiled = compile(path);
    } catch (InvalidPathException e) {
      throw StatesFailure.runtime("Invalid path '" + path + "' : " + e.getMessage());
    }
    if (compiled.fields() != null) {
      JsonNode node = document;
      for (String field : compiled.fields()) {
        node = node.isObject() ? node.get(field) : null;
        if (node == null) {
          break;
        }
      }
      if (node != null) {
        return node;
      }
      // Missing: Jayway reads again for its exact message.
    }
    Object value = compiled.jayway().read(document, CONFIGURATION);
    if (value == null) {
      return Json.NODES.nullNode();
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    return Json.MAPPER.valueToTree(value);
  }

  /** Whether the path is definite (selects at most one value). */
  static boolean isDefinite(String path) {
    return "$".equals(path) || compile(path).jayway().isDefinite();
  }
}
