package dev.docket.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.Member;
import dev.docket.model.ServiceModel;
import dev.docket.model.Shape;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Turns awsQuery form parameters into the node the service expects, walking the input shape the way
 * botocore's query serializer writes it: structure members are {@code Prefix.QueryName}; flattened
 * lists {@code Name.1}, {@code Name.2}; other lists {@code Name.member.1}; flattened maps {@code
 * Name.1.Key}/{@code Name.1.Value} (key and value names from the map shape); other maps {@code
 * Name.entry.1.key}. Scalars are coerced by shape type; a value that does not parse stays text so
 * that validation reports it as the wrong type, quoting it. Stateless and thread-safe.
 */
final class QueryDecoder {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ServiceModel model;

  QueryDecoder(ServiceModel model) {
    this.model = model;
  }

  /** Decodes the parameters for an input shape; an empty object when nothing matched. */
  ObjectNode decode(Shape input, Map<String, String> params) {
    ObjectNode out = structure(input, "", params);
    return out == null ? NODES.objectNode() : out;
  }

  private JsonNode value(Shape shape, Member member, String name, Map<String, String> params) {
    return switch (shape.type()) {
      case STRUCTURE -> structure(shape, name + ".", params);
      case LIST -> list(shape, member, name, params);
      case MAP -> map(shape, member, name, params);
      default -> {
        String text = params.get(name);
        yield text == null ? null : scalar(shape, text);
      }
    };
  }

  private ObjectNode structure(Shape shape, String prefix, Map<String, String> params) {
    ObjectNode out = null;
    for (Member member : shape.members().values()) {
      Shape memberShape = model.shape(member.target());
      JsonNode value = value(memberShape, member, prefix + member.queryName(), params);
      if (value == null && !member.queryName().equals(member.name())) {
        // Clients disagree on query names (SDK v1 sends TagQueue's Tags.N, botocore Tag.N);
        // SQS accepts both, so fall back to the member's own name.
        value = value(memberShape, member, prefix + member.name(), params);
      }
      if (value != null) {
        if (out == null) {
          out = NODES.objectNode();
        }
        out.set(member.name(), value);
      }
    }
    return out;
  }

  private ArrayNode list(Shape shape, Member member, String name, Map<String, String> params) {
    Member element = shape.listMember();
    String base;
    if (member.flattened() || shape.flattened()) {
      base = element.locationName() == null ? name : replaceLast(name, element.locationName());
    } else {
      base = name + "." + element.queryName();
    }
    Shape elementShape = model.shape(element.target());
    ArrayNode out = null;
    for (int i = 1; ; i++) {
      JsonNode item = value(elementShape, element, base + "." + i, params);
      if (item == null) {
        break;
      }
      if (out == null) {
        out = NODES.arrayNode();
      }
      out.add(item);
    }
    if (out == null && "".equals(params.get(name))) {
      return NODES.arrayNode(); // the query protocol's way of sending an empty list
    }
    return out;
  }

  private ObjectNode map(Shape shape, Member member, String name, Map<String, String> params) {
    String base = member.flattened() || shape.flattened() ? name : name + ".entry";
    Shape valueShape = model.shape(shape.mapValue().target());
    ObjectNode out = null;
    for (int i = 1; ; i++) {
      String entry = base + "." + i + ".";
      String key = params.get(entry + shape.queryKeyName());
      if (key == null) {
        break;
      }
      JsonNode value = value(valueShape, shape.mapValue(), entry + shape.queryValueName(), params);
      if (out == null) {
        out = NODES.objectNode();
      }
      out.set(key, value == null ? NODES.nullNode() : value);
    }
    return out;
  }

  private static JsonNode scalar(Shape shape, String text) {
    try {
      return switch (shape.type()) {
        case BYTE, SHORT, INTEGER, LONG -> integral(Long.parseLong(text.trim()));
        case BIG_INTEGER -> NODES.numberNode(new BigDecimal(text.trim()).toBigIntegerExact());
        case FLOAT, DOUBLE -> NODES.numberNode(Double.parseDouble(text.trim()));
        case BIG_DECIMAL -> NODES.numberNode(new BigDecimal(text.trim()));
        case BOOLEAN -> bool(text);
        case TIMESTAMP -> timestamp(text);
        default -> NODES.textNode(text);
      };
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      return NODES.textNode(text); // validation reports it as the wrong type
    }
  }

  private static JsonNode integral(long value) {
    return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
  }

  private static JsonNode bool(String text) {
    if ("true".equalsIgnoreCase(text)) {
      return NODES.booleanNode(true);
    }
    if ("false".equalsIgnoreCase(text)) {
      return NODES.booleanNode(false);
    }
    return NODES.textNode(text);
  }

  private static JsonNode timestamp(String text) {
    if (!text.isEmpty() && Character.isDigit(text.charAt(0)) && !text.contains("-")) {
      return NODES.numberNode(new BigDecimal(text));
    }
    Instant instant = Instant.parse(text);
    return instant.getNano() == 0
        ? NODES.numberNode(instant.getEpochSecond())
        : NODES.numberNode(
            BigDecimal.valueOf(instant.getEpochSecond())
                .add(BigDecimal.valueOf(instant.getNano(), 9)));
  }

  private static String replaceLast(String name, String last) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? last : name.substring(0, dot + 1) + last;
  }
}
