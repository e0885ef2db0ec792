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
  private static final ConcurrentHashMap<String, JsonPath> CACHE = new ConcurrentHashMap<>();

  private JsonPaths() {}

  /** The path, compiled once; {@link InvalidPathException} if it does not parse. */
  static JsonPath compile(String path) {
    JsonPath compiled = CACHE.get(path);
    if (compiled == null) {
      compiled = JsonPath.compile(path);
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(path, compiled);
    }
    return compiled;
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
    JsonPath compiled;
    try {
      compiled = compile(path);
    } catch (InvalidPathException e) {
      throw StatesFailure.runtime("Invalid path '" + path + "' : " + e.getMessage());
    }
    Object value = compiled.read(document, CONFIGURATION);
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
    return "$".equals(path) || compile(path).isDefinite();
  }
}
