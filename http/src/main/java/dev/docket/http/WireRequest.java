package dev.docket.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the wire layer sees it, independent of the HTTP server: method, the raw (still
 * percent-encoded) path and query string as sent, headers and the whole body.
 *
 * @param method the HTTP method, upper case
 * @param rawPath the path as sent, e.g. {@code /000000000000/my-queue}
 * @param rawQuery the query string as sent without {@code ?}, or empty
 * @param headers the request headers
 * @param body the request body; empty when there is none
 */
record WireRequest(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {

  /** Header access by case-insensitive name. */
  interface Headers {
    /** Every value of the header, in order; empty when absent. */
    List<String> all(String name);

    /** The first value of the header. */
    default Optional<String> first(String name) {
      List<String> values = all(name);
      return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Headers from a map (tests); keys are matched case-insensitively. */
    static Headers of(Map<String, String> map) {
      Map<String, String> lower = new java.util.HashMap<>();
      map.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
      return name -> {
        String value = lower.get(name.toLowerCase(Locale.ROOT));
        return value == null ? List.of() : List.of(value);
      };
    }
  }
}
