package dev.docket.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.model.Member;
import dev.docket.model.ServiceModel;
import dev.docket.model.Shape;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes awsQuery XML responses and errors, walking the output shape with query names: a flattened
 * list repeats its element under the member's name, other lists wrap {@code <member>} elements; a
 * flattened map repeats {@code <Name><Key/><Value/></Name>}, other maps wrap {@code <entry>}
 * elements. Timestamps are written in ISO 8601. Stateless and thread-safe.
 */
final class XmlEncoder {

  private final ServiceModel model;
  private final String namespace;

  XmlEncoder(ServiceModel model) {
    this.model = model;
    this.namespace = model.queryXmlNamespace().orElse("");
  }

  /**
   * {@code <OpResponse><OpResult>…</OpResult><ResponseMetadata>…</ResponseMetadata></OpResponse>}
   */
  byte[] response(String operation, Shape output, JsonNode result, String requestId) {
    StringBuilder xml = new StringBuilder(256);
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    xml.append('<').append(operation).append("Response");
    namespace(xml);
    xml.append('>');
    if (output != null) {
      xml.append('<').append(operation).append("Result>");
      if (result != null) {
        structureBody(xml, output, result);
      }
      xml.append("</").append(operation).append("Result>");
    }
    xml.append("<ResponseMetadata><RequestId>")
        .append(requestId)
        .append("</RequestId></ResponseMetadata>");
    xml.append("</").append(operation).append("Response>");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code <ErrorResponse><Error><Type/><Code/><Message/><Detail/></Error><RequestId/>…} */
  byte[] error(String code, boolean sender, String message, String requestId) {
    return error(namespace, code, sender, message, requestId);
  }

  /** An error response for a request no service answered; {@code namespace} may be empty. */
  static byte[] error(
      String namespace, String code, boolean sender, String message, String requestId) {
    StringBuilder xml = new StringBuilder(256);
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse");
    if (!namespace.isEmpty()) {
      xml.append(" xmlns=\"").append(namespace).append('"');
    }
    xml.append("><Error><Type>").append(sender ? "Sender" : "Receiver").append("</Type><Code>");
    escape(xml, code);
    xml.append("</Code><Message>");
    escape(xml, message == null ? "" : message);
    xml.append("</Message><Detail/></Error><RequestId>")
        .append(requestId)
        .append("</RequestId></ErrorResponse>");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void namespace(StringBuilder xml) {
    if (!namespace.isEmpty()) {
      xml.append(" xmlns=\"").append(namespace).append('"');
    }
  }

  private void structureBody(StringBuilder xml, Shape shape, JsonNode node) {
    for (Member member : shape.members().values()) {
      JsonNode value = node.get(member.name());
      if (value != null && !value.isNull()) {
        member(xml, member, value);
      }
    }
  }

  private void member(StringBuilder xml, Member member, JsonNode value) {
    Shape shape = model.shape(member.target());
    String name = member.queryName();
    switch (shape.type()) {
      case LIST -> {
        Member element = shape.listMember();
        if (member.flattened() || shape.flattened()) {
          String elementName = element.locationName() == null ? name : element.locationName();
          for (JsonNode item : value) {
            element(xml, elementName, model.shape(element.target()), item);
          }
        } else {
          open(xml, name);
          for (JsonNode item : value) {
            element(xml, element.queryName(), model.shape(element.target()), item);
          }
          close(xml, name);
        }
      }
      case MAP -> {
        boolean flattened = member.flattened() || shape.flattened();
        String entryName = flattened ? name : "entry";
        if (!flattened) {
          open(xml, name);
        }
        Shape valueShape = model.shape(shape.mapValue().target());
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          open(xml, entryName);
          open(xml, shape.queryKeyName());
          escape(xml, entry.getKey());
          close(xml, shape.queryKeyName());
          element(xml, shape.queryValueName(), valueShape, entry.getValue());
          close(xml, entryName);
        }
        if (!flattened) {
          close(xml, name);
        }
      }
      default -> element(xml, name, shape, value);
    }
  }

  private void element(StringBuilder xml, String name, Shape shape, JsonNode value) {
    switch (shape.type()) {
      case STRUCTURE -> {
        open(xml, name);
        structureBody(xml, shape, value);
        close(xml, name);
      }
      case LIST, MAP -> {
        // A collection directly inside a collection: wrap it under its own name.
        Member synthetic =
            new Member(name, shape.name(), null, null, name, false, false, false, null);
        member(xml, synthetic, value);
      }
      default -> {
        open(xml, name);
        escape(xml, scalarText(shape, value));
        close(xml, name);
      }
    }
  }

  private static String scalarText(Shape shape, JsonNode value) {
    if (shape.type() == dev.docket.model.ShapeType.TIMESTAMP && value.isNumber()) {
      BigDecimal seconds = value.decimalValue();
      long whole = seconds.longValue();
      int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
      return Instant.ofEpochSecond(whole, nanos).toString();
    }
    return value.asText();
  }

  private static void open(StringBuilder xml, String name) {
    xml.append('<').append(name).append('>');
  }

  private static void close(StringBuilder xml, String name) {
    xml.append("</").append(name).append('>');
  }

  /** Escapes markup and the characters XML parsers would otherwise normalise away (CR). */
  static void escape(StringBuilder xml, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> xml.append("&amp;");
        case '<' -> xml.append("&lt;");
        case '>' -> xml.append("&gt;");
        case '"' -> xml.append("&quot;");
        case '\r' -> xml.append("&#xD;");
        default -> xml.append(c);
      }
    }
  }
}
