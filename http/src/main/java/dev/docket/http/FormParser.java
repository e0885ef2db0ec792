package dev.docket.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code application/x-www-form-urlencoded} text (a body or a query string) into a map; the
 * first occurrence of a repeated name wins. Stateless and thread-safe.
 */
final class FormParser {

  private FormParser() {}

  /** Adds the parameters of {@code form} to {@code into}, keeping ones already present. */
  static Map<String, String> parse(String form, Map<String, String> into) {
    if (form == null || form.isEmpty()) {
      return into;
    }
    int start = 0;
    while (start <= form.length()) {
      int end = form.indexOf('&', start);
      if (end < 0) {
        end = form.length();
      }
      if (end > start) {
        int eq = form.indexOf('=', start);
        String name;
        String value;
        if (eq < 0 || eq > end) {
          name = decode(form.substring(start, end));
          value = "";
        } else {
          name = decode(form.substring(start, eq));
          value = decode(form.substring(eq + 1, end));
        }
        into.putIfAbsent(name, value);
      }
      start = end + 1;
    }
    return into;
  }

  /** Parses one form into a new ordered map. */
  static Map<String, String> parse(String form) {
    return parse(form, new LinkedHashMap<>());
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // A malformed escape is kept verbatim rather than failing the request.
      return text;
    }
  }
}
