package dev.docket.states.data;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A reference path selected nothing. Internal: turned into AWS's {@code States.Runtime} message of
 * the field that held the path.
 */
final class PathMissing extends RuntimeException {

  private final String path;
  private final JsonNode document;

  /**
   * @param path the path as written ({@code $.a}, {@code $$.a}, {@code $var.a})
   * @param document what the path was applied to (input, context or variable value); null for an
   *     undefined variable
   * @param detail Jayway's message
   */
  PathMissing(String path, JsonNode document, String detail) {
    super(detail, null, false, false);
    this.path = path;
    this.document = document;
  }

  String path() {
    return path;
  }

  /** AWS's cause for a template field ({@code x.$}), {@code CausePath} and other path fields. */
  String forField(String fieldName) {
    return "The JSONPath '"
        + path
        + "' specified for the field '"
        + fieldName
        + "' could not be found in the input '"
        + (document == null ? "" : Json.text(document))
        + "'";
  }

  /** AWS's cause for InputPath, OutputPath and the timeout paths. */
  String invalidPath() {
    return "Invalid path '" + path + "' : " + getMessage();
  }
}
