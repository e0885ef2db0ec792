package dev.docket.http;

import dev.docket.model.Operation;
import dev.docket.model.ServiceModel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The restJson1 routes of the services Docket serves: every operation's HTTP method and {@code
 * requestUri} template from its model ({@code /schedules/{Name}}, {@code /tags/{ResourceArn+}}),
 * matched against a request's method and raw path.
 *
 * <p>Matching is per path segment of the raw (still percent-encoded) path, so an encoded slash
 * ({@code %2F}) stays inside its label; labels are percent-decoded after matching. A greedy label
 * ({@code {Name+}}) takes the rest of the path, slashes included. When several templates match, the
 * most specific wins: more literal segments first, then a plain label before a greedy one. The
 * template's query part ({@code /things?x-id=Put}) is a literal the request's query must contain.
 * Immutable and thread-safe.
 */
final class RestRoutes {

  private final List<Route> routes;

  RestRoutes(List<Binding> bindings) {
    List<Route> all = new ArrayList<>();
    for (Binding binding : bindings) {
      if (!binding.restJson()) {
        continue;
      }
      ServiceModel model = binding.model();
      for (Operation operation : model.operations().values()) {
        all.add(Route.of(binding, operation));
      }
    }
    all.sort(Comparator.comparing(Route::specificity).reversed());
    this.routes = List.copyOf(all);
  }

  /**
   * A matched route: the service, the operation and the decoded values of the template's labels.
   *
   * @param binding the service
   * @param operation the operation name
   * @param labels label name → percent-decoded value
   */
  record Match(Binding binding, String operation, Map<String, String> labels) {}

  /**
   * The most specific route matching the request.
   *
   * @param only when not null, match only this service's routes (the SigV4 scope named it)
   * @param method the HTTP method
   * @param rawPath the raw path, without the query
   * @param rawQuery the raw query, or empty
   */
  Optional<Match> match(Binding only, String method, String rawPath, String rawQuery) {
    List<String> segments = segments(rawPath);
    for (Route route : routes) {
      if ((only == null || route.binding() == only) && route.method().equals(method)) {
        Map<String, String> labels = route.match(segments, rawQuery);
        if (labels != null) {
          return Optional.of(new Match(route.binding(), route.operation(), labels));
        }
      }
    }
    return Optional.empty();
  }

  /** Whether any route exists at all (no restJson service is served otherwise). */
  boolean isEmpty() {
    return routes.isEmpty();
  }

  /** The raw path's segments; a trailing slash adds no empty segment. */
  static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty()) {
      return out;
    }
    int start = 0;
    while (true) {
      int slash = path.indexOf('/', start);
      if (slash < 0) {
        out.add(path.substring(start));
        return out;
      }
      out.add(path.substring(start, slash));
      start = slash + 1;
    }
  }

  /**
   * Percent-decodes a path segment or query part as UTF-8; {@code +} stays a plus (only forms use
   * it for a space). A malformed escape is kept verbatim.
   */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%'
          && i + 2 < raw.length()
          && hex(raw.charAt(i + 1)) >= 0
          && hex(raw.charAt(i + 2)) >= 0) {
        bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
        i += 2;
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
        byte[] encoded = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        i = end - 1;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  /** One segment of a template: a literal, a label, or a greedy label. */
  private record Segment(String text, boolean label, boolean greedy) {}

  /** One operation's route. */
  private record Route(
      Binding binding,
      String operation,
      String method,
      List<Segment> segments,
      List<String> queryLiterals) {

    static Route of(Binding binding, Operation operation) {
      String uri = operation.requestUri();
      int question = uri.indexOf('?');
      List<String> query = new ArrayList<>();
      if (question >= 0) {
        for (String part : uri.substring(question + 1).split("&")) {
          if (!part.isEmpty()) {
            query.add(part);
          }
        }
        uri = uri.substring(0, question);
      }
      List<Segment> segments = new ArrayList<>();
      for (String part : RestRoutes.segments(uri)) {
        if (part.startsWith("{") && part.endsWith("}")) {
          String name = part.substring(1, part.length() - 1);
          boolean greedy = name.endsWith("+");
          segments.add(
              new Segment(greedy ? name.substring(0, name.length() - 1) : name, true, greedy));
        } else {
          segments.add(new Segment(part, false, false));
        }
      }
      return new Route(binding, operation.name(), operation.httpMethod(), segments, query);
    }

    /**
     * Literal segments weigh most, then plain labels; a greedy label least; query literals last.
     */
    long specificity() {
      long score = 0;
      for (Segment s : segments) {
        score = score * 4 + (s.label() ? (s.greedy() ? 1 : 2) : 3);
      }
      // more segments of the same kinds is more specific than fewer
      return score * 16 + queryLiterals.size();
    }

    /** The decoded labels when the request's segments match, else {@code null}. */
    Map<String, String> match(List<String> request, String rawQuery) {
      Map<String, String> labels = new LinkedHashMap<>();
      int i = 0;
      for (int s = 0; s < segments.size(); s++) {
        Segment segment = segments.get(s);
        if (segment.greedy()) {
          int rest = segments.size() - s - 1;
          int end = request.size() - rest;
          if (end <= i) {
            return null;
          }
          labels.put(segment.text(), decode(String.join("/", request.subList(i, end))));
          i = end;
          continue;
        }
        if (i >= request.size()) {
          return null;
        }
        String part = request.get(i++);
        if (segment.label()) {
          if (part.isEmpty()) {
            return null;
          }
          labels.put(segment.text(), decode(part));
        } else if (!segment.text().equals(decode(part))) {
          return null;
        }
      }
      if (i != request.size()) {
        return null;
      }
      for (String literal : queryLiterals) {
        if (!hasQueryPart(rawQuery, literal)) {
          return null;
        }
      }
      return labels;
    }

    private static boolean hasQueryPart(String rawQuery, String literal) {
      for (String part : rawQuery.split("&")) {
        if (part.equals(literal) || (!literal.contains("=") && part.startsWith(literal + "="))) {
          return true;
        }
      }
      return false;
    }
  }
}
