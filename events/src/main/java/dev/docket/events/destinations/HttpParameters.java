package dev.docket.events.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The header, query-string and body parameters of one invocation, merged from the target's {@code
 * HttpParameters} (maps) and the connection's {@code InvocationHttpParameters} (lists of {@code
 * Key} / {@code Value}); where both name a key, the connection's value wins, as EventBridge
 * documents. Immutable.
 */
record HttpParameters(
    Map<String, String> headers, Map<String, String> query, Map<String, String> body) {

  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  HttpParameters {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
  }

  /** The parameters of {@code connectionParameters} (may be null) over the target's. */
  static HttpParameters merge(JsonNode targetParameters, JsonNode connectionParameters) {
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, String> query = new LinkedHashMap<>();
    Map<String, String> body = new LinkedHashMap<>();
    putMap(headers, targetParameters == null ? null : targetParameters.get("HeaderParameters"));
    putMap(query, targetParameters == null ? null : targetParameters.get("QueryStringParameters"));
    if (connectionParameters != null) {
      putList(headers, connectionParameters.get("HeaderParameters"));
      putList(query, connectionParameters.get("QueryStringParameters"));
      putList(body, connectionParameters.get("BodyParameters"));
    }
    headers.keySet().removeIf(name -> RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT)));
    return new HttpParameters(headers, query, body);
  }

  /** {@code url} with the query parameters appended, keys and values form-encoded. */
  String withQuery(String url) {
    return appendQuery(url, query);
  }

  static String appendQuery(String url, Map<String, String> parameters) {
    if (parameters.isEmpty()) {
      return url;
    }
    StringBuilder out = new StringBuilder(url);
    char separator = url.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      out.append(separator)
          .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    return out.toString();
  }

  /** {@code key=value&...}, form-encoded. */
  static String formEncode(Map<String, String> parameters) {
    return appendQuery("", parameters).replaceFirst("^\\?", "");
  }

  /**
   * The endpoint with each {@code *} of its path replaced by the next of {@code values} in order;
   * empty when the counts differ.
   */
  static Optional<String> fillPath(String endpoint, List<String> values) {
    int pathStart = endpoint.indexOf('/', endpoint.indexOf("://") + 3);
    if (pathStart < 0) {
      return values.isEmpty() ? Optional.of(endpoint) : Optional.empty();
    }
    int queryStart = endpoint.indexOf('?', pathStart);
    int pathEnd = queryStart < 0 ? endpoint.length() : queryStart;
    StringBuilder out = new StringBuilder(endpoint.substring(0, pathStart));
    Iterator<String> next = values.iterator();
    for (int i = pathStart; i < pathEnd; i++) {
      char c = endpoint.charAt(i);
      if (c == '*') {
        if (!next.hasNext()) {
          return Optional.empty();
        }
        out.append(next.next());
      } else {
        out.append(c);
      }
    }
    if (next.hasNext()) {
      return Optional.empty();
    }
    return Optional.of(out.append(endpoint.substring(pathEnd)).toString());
  }

  private static void putMap(Map<String, String> into, JsonNode map) {
    if (map == null || !map.isObject()) {
      return;
    }
    map.fields().forEachRemaining(field -> into.put(field.getKey(), field.getValue().asText()));
  }

  private static void putList(Map<String, String> into, JsonNode list) {
    if (list == null || !list.isArray()) {
      return;
    }
    for (JsonNode item : list) {
      if (item.hasNonNull("Key") && item.hasNonNull("Value")) {
        into.put(item.get("Key").asText(), item.get("Value").asText());
      }
    }
  }
}
