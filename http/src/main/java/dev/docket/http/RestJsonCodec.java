package dev.docket.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.CommonError;
import dev.docket.model.Member;
import dev.docket.model.ServiceException;
import dev.docket.model.ServiceModel;
import dev.docket.model.Shape;
import dev.docket.model.ShapeType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * restJson1's HTTP bindings, driven by the model's member {@code location}s: decodes a request's
 * labels ({@code uri}), query string ({@code querystring}), headers ({@code header}, {@code
 * headers}) and JSON body into one node shaped like the input shape, and splits an output node into
 * headers ({@code header}), status ({@code statusCode}) and the JSON body (every other member).
 *
 * <p>Values outside the body arrive as text and are typed by their shapes: lists from repeated
 * query parameters (or a header's comma-separated values), integers, booleans, and timestamps (ISO
 * 8601 in the query string, HTTP dates in headers, as restJson1 says; epoch seconds in the body,
 * which stays JSON). A value that does not parse is a {@code SerializationException}. The validator
 * then checks the node as it checks every protocol's input. Stateless and thread-safe.
 */
final class RestJsonCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private RestJsonCodec() {}

  /**
   * The input node of a request.
   *
   * @param model the service's model
   * @param input the operation's input shape
   * @param labels the path's decoded labels
   * @param request the request (query string, headers, body)
   * @param body the parsed JSON body (an empty object when there was none)
   */
  static ObjectNode decode(
      ServiceModel model,
      Shape input,
      Map<String, String> labels,
      WireRequest request,
      ObjectNode body) {
    ObjectNode node = NODES.objectNode();
    Map<String, List<String>> query = null;
    for (Member member : input.members().values()) {
      String location = member.location();
      String wireName = member.locationName() != null ? member.locationName() : member.name();
      Shape shape = model.shape(member.target());
      if (location == null) {
        JsonNode value = body.get(member.name());
        if (value != null && !value.isNull()) {
          node.set(member.name(), value);
        }
        continue;
      }
      switch (location) {
        case "uri" -> {
          String value = labels.get(wireName);
          if (value != null) {
            node.set(member.name(), scalar(shape, value, member, false));
          }
        }
        case "querystring" -> {
          if (query == null) {
            query = query(request.rawQuery());
          }
          if (shape.type() == ShapeType.MAP) {
            ObjectNode map = NODES.objectNode();
            boolean listValues = model.shape(shape.mapValue().target()).type() == ShapeType.LIST;
            query.forEach(
                (name, values) -> {
                  if (!isBoundElsewhere(input, name)) {
                    if (listValues) {
                      ArrayNode array = map.putArray(name);
                      values.forEach(array::add);
                    } else {
                      map.put(name, values.getFirst());
                    }
                  }
                });
            if (!map.isEmpty()) {
              node.set(member.name(), map);
            }
          } else {
            List<String> values = query.get(wireName);
            if (values != null) {
              node.set(member.name(), fromTexts(model, shape, values, member, false));
            }
          }
        }
        case "header" -> {
          List<String> values = request.headers().all(wireName);
          if (!values.isEmpty()) {
            if (shape.type() == ShapeType.LIST) {
              List<String> split = new ArrayList<>();
              values.forEach(v -> split.addAll(splitHeader(v)));
              node.set(member.name(), fromTexts(model, shape, split, member, true));
            } else {
              node.set(member.name(), scalar(shape, values.getFirst(), member, true));
            }
          }
        }
        case "headers" -> {
          // a prefix map: every header named <prefix><key>; not reachable without the header list
        }
        default -> {
          // statusCode and other locations carry nothing on a request
        }
      }
    }
    return node;
  }

  /** Whether a query parameter is bound to a named member (a query map takes only the rest). */
  private static boolean isBoundElsewhere(Shape input, String name) {
    for (Member member : input.members().values()) {
      if ("querystring".equals(member.location()) && name.equals(member.locationName())) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode fromTexts(
      ServiceModel model, Shape shape, List<String> values, Member member, boolean header) {
    if (shape.type() == ShapeType.LIST) {
      Shape element = model.shape(shape.listMember().target());
      ArrayNode array = NODES.arrayNode();
      values.forEach(v -> array.add(scalar(element, v, member, header)));
      return array;
    }
    return scalar(shape, values.getFirst(), member, header);
  }

  private static JsonNode scalar(Shape shape, String text, Member member, boolean header) {
    try {
      return switch (shape.type()) {
        case BOOLEAN -> {
          if (!text.equals("true") && !text.equals("false")) {
            throw notA(member, "boolean", text);
          }
          yield NODES.booleanNode(Boolean.parseBoolean(text));
        }
        case BYTE, SHORT, INTEGER, LONG, BIG_INTEGER ->
            NODES.numberNode(new BigDecimal(text).toBigIntegerExact());
        case FLOAT, DOUBLE, BIG_DECIMAL -> NODES.numberNode(new BigDecimal(text));
        case TIMESTAMP -> NODES.numberNode(epochSeconds(text, member, header));
        case BLOB -> NODES.textNode(text);
        default ->
            member.jsonValue() && header
                ? NODES.textNode(
                    new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8))
                : NODES.textNode(text);
      };
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw notA(member, shape.type().name().toLowerCase(Locale.ROOT), text);
    }
  }

  private static BigDecimal epochSeconds(String text, Member member, boolean header) {
    String format = member.timestampFormat();
    if (format == null) {
      format = header ? "rfc822" : "iso8601";
    }
    try {
      Instant instant =
          switch (format) {
            case "unixTimestamp" -> null;
            case "rfc822" ->
                ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            default -> OffsetDateTime.parse(text).toInstant();
          };
      if (instant == null) {
        return new BigDecimal(text);
      }
      return BigDecimal.valueOf(instant.getEpochSecond())
          .add(BigDecimal.valueOf(instant.getNano(), 9))
          .stripTrailingZeros();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw notA(member, "timestamp", text);
    }
  }

  private static ServiceException notA(Member member, String type, String text) {
    return new ServiceException(
        CommonError.SERIALIZATION,
        "Value '" + text + "' of " + member.name() + " is not a valid " + type);
  }

  private static List<String> splitHeader(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String trimmed = part.trim();
      if (!trimmed.isEmpty()) {
        out.add(trimmed);
      }
    }
    return out;
  }

  /** The query string's parameters, each with every value it was given, in order. */
  static Map<String, List<String>> query(String rawQuery) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = RestRoutes.decode(eq < 0 ? part : part.substring(0, eq));
      String value = eq < 0 ? "" : RestRoutes.decode(part.substring(eq + 1));
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  /**
   * An encoded output: the status, the headers bound by the output shape, the JSON body.
   *
   * @param status the HTTP status
   * @param headers headers from {@code header}-bound members
   * @param body the body members
   */
  record Encoded(int status, Map<String, String> headers, ObjectNode body) {}

  /**
   * Splits an output node by the output shape's bindings.
   *
   * @param model the service's model
   * @param output the output shape, or {@code null} when the operation returns nothing
   * @param node the service's output
   * @param status the operation's modelled success status
   */
  static Encoded encode(ServiceModel model, Shape output, ObjectNode node, int status) {
    if (output == null) {
      return new Encoded(status, Map.of(), NODES.objectNode());
    }
    ObjectNode body = NODES.objectNode();
    Map<String, String> headers = new LinkedHashMap<>();
    int code = status;
    var fields = node.properties().iterator();
    while (fields.hasNext()) {
      var field = fields.next();
      Member member = output.members().get(field.getKey());
      JsonNode value = field.getValue();
      if (member == null || member.location() == null) {
        body.set(field.getKey(), value);
        continue;
      }
      String wireName = member.locationName() != null ? member.locationName() : member.name();
      switch (member.location()) {
        case "statusCode" -> code = value.asInt(status);
        case "header" -> headers.put(wireName, headerText(model.shape(member.target()), value));
        case "headers" ->
            value
                .properties()
                .forEach(e -> headers.put(wireName + e.getKey(), e.getValue().asText()));
        default -> body.set(field.getKey(), value);
      }
    }
    return new Encoded(code, headers, body);
  }

  private static String headerText(Shape shape, JsonNode value) {
    if (shape.type() == ShapeType.TIMESTAMP && value.isNumber()) {
      BigDecimal seconds = value.decimalValue();
      return HTTP_DATE.format(Instant.ofEpochSecond(seconds.longValue()));
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(v.asText()));
      return String.join(", ", parts);
    }
    return value.asText();
  }
}
