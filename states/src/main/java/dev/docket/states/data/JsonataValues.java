package dev.docket.states.data;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between Jackson nodes and the plain Java values dashjoin jsonata works on (Map, List,
 * Number, String, Boolean, null). An integral double becomes an integer node, as AWS (JavaScript
 * numbers) prints {@code 3}, not {@code 3.0}. Thread-safe (stateless).
 */
final class JsonataValues {

  /** What a function or an unsupported value converts to: the caller reports it. */
  static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  private JsonataValues() {}

  static Object toJava(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>(node.size() * 2);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          map.put(field.getKey(), toJava(field.getValue()));
        }
        yield map;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>(node.size());
        for (JsonNode element : node) {
          list.add(toJava(element));
        }
        yield list;
      }
      case STRING -> node.textValue();
      case BOOLEAN -> node.booleanValue();
      case NUMBER -> {
        if (node.isInt()) {
          yield node.intValue();
        }
        if (node.isLong()) {
          yield node.longValue();
        }
        yield node.doubleValue();
      }
      default -> null;
    };
  }

  static JsonNode toJson(Object value) {
    if (value == null || value == Jsonata.NULL_VALUE) {
      return Json.NODES.nullNode();
    }
    if (value instanceof String s) {
      return Json.NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return Json.NODES.booleanNode(b);
    }
    if (value instanceof Number n) {
      return number(n);
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = Json.NODES.objectNode();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        object.set(String.valueOf(entry.getKey()), toJson(entry.getValue()));
      }
      return object;
    }
    if (value instanceof List<?> list) {
      ArrayNode array = Json.NODES.arrayNode(list.size());
      for (Object element : list) {
        array.add(toJson(element));
      }
      return array;
    }
    throw new Unsupported();
  }

  private static JsonNode number(Number n) {
    if (n instanceof Integer i) {
      return Json.NODES.numberNode(i);
    }
    if (n instanceof Long l) {
      return integral(l);
    }
    if (n instanceof BigInteger big) {
      return Json.NODES.numberNode(big);
    }
    double d = n instanceof BigDecimal decimal ? decimal.doubleValue() : n.doubleValue();
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.007199254740992E15) {
      return integral((long) d);
    }
    return Json.NODES.numberNode(d);
  }

  private static JsonNode integral(long l) {
    return l == (int) l ? Json.NODES.numberNode((int) l) : Json.NODES.numberNode(l);
  }
}
