package dev.docket.events.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP response as Step Functions' HTTP Task answers it: {@code StatusCode}, {@code StatusText}
 * (the reason phrase of RFC 9110: the JDK client does not expose the one the server sent), {@code
 * Headers} (each name to its list of values) and {@code ResponseBody} (parsed when the answer is
 * JSON, otherwise text). Stateless.
 */
final class HttpTaskAnswer {

  private static final Map<Integer, String> TEXTS =
      Map.ofEntries(
          Map.entry(100, "Continue"),
          Map.entry(200, "OK"),
          Map.entry(201, "Created"),
          Map.entry(202, "Accepted"),
          Map.entry(203, "Non-Authoritative Information"),
          Map.entry(204, "No Content"),
          Map.entry(205, "Reset Content"),
          Map.entry(206, "Partial Content"),
          Map.entry(300, "Multiple Choices"),
          Map.entry(301, "Moved Permanently"),
          Map.entry(302, "Found"),
          Map.entry(303, "See Other"),
          Map.entry(304, "Not Modified"),
          Map.entry(307, "Temporary Redirect"),
          Map.entry(308, "Permanent Redirect"),
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(402, "Payment Required"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(406, "Not Acceptable"),
          Map.entry(407, "Proxy Authentication Required"),
          Map.entry(408, "Request Timeout"),
          Map.entry(409, "Conflict"),
          Map.entry(410, "Gone"),
          Map.entry(411, "Length Required"),
          Map.entry(412, "Precondition Failed"),
          Map.entry(413, "Content Too Large"),
          Map.entry(414, "URI Too Long"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(416, "Range Not Satisfiable"),
          Map.entry(417, "Expectation Failed"),
          Map.entry(421, "Misdirected Request"),
          Map.entry(422, "Unprocessable Content"),
          Map.entry(426, "Upgrade Required"),
          Map.entry(428, "Precondition Required"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(431, "Request Header Fields Too Large"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(501, "Not Implemented"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"),
          Map.entry(505, "HTTP Version Not Supported"));

  /** The reason phrase of {@code status}; empty for a status RFC 9110 does not name. */
  static String statusText(int status) {
    return TEXTS.getOrDefault(status, "");
  }

  private HttpTaskAnswer() {}

  /** The answer for {@code response}. */
  static ObjectNode of(HttpResponse<byte[]> response) {
    ObjectNode answer = StoredDocuments.JSON.createObjectNode();
    ObjectNode headers = answer.putObject("Headers");
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.startsWith(":")) {
                ArrayNode list = headers.putArray(name);
                values.forEach(list::add);
              }
            });
    String text = new String(response.body(), StandardCharsets.UTF_8);
    String contentType =
        response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    answer.set("ResponseBody", responseBody(text, contentType));
    answer.put("StatusCode", response.statusCode());
    answer.put("StatusText", statusText(response.statusCode()));
    return answer;
  }

  /** JSON when the answer says it is JSON (or says nothing and parses as JSON), else text. */
  private static JsonNode responseBody(String text, String contentType) {
    boolean json = contentType.contains("json");
    if (json || (contentType.isEmpty() && !text.isBlank())) {
      try {
        JsonNode parsed = StoredDocuments.JSON.readTree(text);
        if (parsed != null && !parsed.isMissingNode()) {
          return parsed;
        }
      } catch (IOException e) {
        // not JSON after all: text
      }
    }
    return StoredDocuments.JSON.getNodeFactory().textNode(text);
  }
}
