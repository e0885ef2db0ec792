package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * SQS's rules for message attributes and bodies: parsing and validation, the size a message counts
 * for, the allowed characters, and the MD5 digests SQS returns (and the SDKs verify). Stateless.
 */
public final class MessageAttributes {

  /** The most message attributes one message may carry. */
  public static final int MAX_ATTRIBUTES = 10;

  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N}_.-]{1,256}");
  private static final Pattern DATA_TYPE = Pattern.compile("(String|Number|Binary)(\\..+)?");
  private static final byte STRING_TRANSPORT = 1;
  private static final byte BINARY_TRANSPORT = 2;

  private MessageAttributes() {}

  /**
   * Parses and validates the {@code MessageAttributes} map of a send.
   *
   * @param node the map node, or null/missing for none
   * @return the attributes sorted by name
   */
  public static SortedMap<String, MessageAttribute> parse(JsonNode node) {
    SortedMap<String, MessageAttribute> attributes = new TreeMap<>();
    if (node == null || node.isNull() || node.isMissingNode()) {
      return attributes;
    }
    if (node.size() > MAX_ATTRIBUTES) {
      throw Failures.invalidParameter(
          "Number of message attributes ["
              + node.size()
              + "] exceeds the allowed maximum ["
              + MAX_ATTRIBUTES
              + "].");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      attributes.put(field.getKey(), parseOne(field.getKey(), field.getValue()));
    }
    return attributes;
  }

  private static MessageAttribute parseOne(String name, JsonNode value) {
    checkName(name);
    String dataType = text(value, "DataType").orElse("");
    if (dataType.isEmpty()) {
      throw Failures.invalidParameter(
          "The message attribute '" + name + "' must contain non-empty message attribute type.");
    }
    if (!DATA_TYPE.matcher(dataType).matches() || dataType.length() > 256) {
      throw Failures.invalidParameter(
          "The type of message (user) attribute '"
              + name
              + "' is invalid. You must use only the following supported type prefixes: Binary,"
              + " Number, String.");
    }
    if (value.has("StringListValues") && !value.get("StringListValues").isEmpty()
        || value.has("BinaryListValues") && !value.get("BinaryListValues").isEmpty()) {
      throw Failures.invalidParameter(
          "Message attribute list values in SendMessage operation are not supported, but"
              + " attribute '"
              + name
              + "' has some.");
    }
    if (dataType.startsWith("Binary")) {
      String binary = text(value, "BinaryValue").orElse("");
      if (binary.isEmpty()) {
        throw emptyValue(name, dataType);
      }
      try {
        Base64.getMimeDecoder().decode(binary);
      } catch (IllegalArgumentException e) {
        throw Failures.invalidParameter(
            "The binary value of message attribute '" + name + "' is not valid base64.");
      }
      return MessageAttribute.ofBinary(dataType, binary);
    }
    String string = text(value, "StringValue").orElse("");
    if (string.isEmpty()) {
      throw emptyValue(name, dataType);
    }
    if (dataType.startsWith("Number")) {
      try {
        new BigDecimal(string.trim());
      } catch (NumberFormatException e) {
        throw Failures.invalidParameter(
            "Can't cast the value of message (user) attribute '" + name + "' to a number.");
      }
    }
    invalidCharacter(string)
        .ifPresent(
            c -> {
              throw Failures.invalidParameter(
                  "Invalid binary character '"
                      + c
                      + "' was found in the value of message attribute '"
                      + name
                      + "'.");
            });
    return MessageAttribute.ofString(dataType, string);
  }

  private static void checkName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (!NAME.matcher(name).matches()
        || name.startsWith(".")
        || name.endsWith(".")
        || name.contains("..")
        || lower.startsWith("aws.")
        || lower.startsWith("amazon.")) {
      throw Failures.invalidParameter(
          "Message attribute name '"
              + name
              + "' is invalid. The name may contain alphanumeric characters, hyphens,"
              + " underscores and periods, must not start or end with a period, must not contain"
              + " consecutive periods and must not start with AWS. or Amazon.");
    }
  }

  private static RuntimeException emptyValue(String name, String dataType) {
    int dot = dataType.indexOf('.');
    return Failures.invalidParameter(
        "Message (user) attribute '"
            + name
            + "' must contain a non-empty value of type '"
            + (dot < 0 ? dataType : dataType.substring(0, dot))
            + "'.");
  }

  private static Optional<String> text(JsonNode node, String member) {
    JsonNode value = node.get(member);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  /** The bytes the attributes count for in a message's size: names, types and values. */
  public static long size(Map<String, MessageAttribute> attributes) {
    long size = 0;
    for (Map.Entry<String, MessageAttribute> e : attributes.entrySet()) {
      size += utf8Length(e.getKey()) + utf8Length(e.getValue().dataType());
      size += e.getValue().valueBytes().length;
    }
    return size;
  }

  /** The UTF-8 length of a string. */
  public static long utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * The first character SQS does not allow in a message (allowed: #x9, #xA, #xD, #x20 to #xD7FF,
   * #xE000 to #xFFFD, #x10000 to #x10FFFF), as {@code #xNN}.
   */
  public static Optional<String> invalidCharacter(String text) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      boolean allowed =
          c == 0x9
              || c == 0xA
              || c == 0xD
              || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD)
              || (c >= 0x10000 && c <= 0x10FFFF);
      if (!allowed) {
        return Optional.of("#x" + Integer.toHexString(c).toUpperCase(Locale.ROOT));
      }
      i += Character.charCount(c);
    }
    return Optional.empty();
  }

  /** The MD5 of a body as SQS reports it: lowercase hex of the UTF-8 bytes' digest. */
  public static String md5OfBody(String body) {
    return HexFormat.of().formatHex(md5().digest(body.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The MD5 of message attributes as SQS computes it: for each attribute in name order, the 4-byte
   * big-endian length and UTF-8 bytes of its name and data type, one transport byte (1 for String
   * and Number, 2 for Binary), and the length and bytes of the value.
   */
  public static String md5OfAttributes(SortedMap<String, MessageAttribute> attributes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, MessageAttribute> e : attributes.entrySet()) {
      MessageAttribute attribute = e.getValue();
      writeLengthPrefixed(out, e.getKey().getBytes(StandardCharsets.UTF_8));
      writeLengthPrefixed(out, attribute.dataType().getBytes(StandardCharsets.UTF_8));
      out.write(attribute.binary() ? BINARY_TRANSPORT : STRING_TRANSPORT);
      writeLengthPrefixed(out, attribute.valueBytes());
    }
    return HexFormat.of().formatHex(md5().digest(out.toByteArray()));
  }

  private static void writeLengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
    int n = bytes.length;
    out.write(n >>> 24);
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
    out.writeBytes(bytes);
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks MD5", e);
    }
  }
}
