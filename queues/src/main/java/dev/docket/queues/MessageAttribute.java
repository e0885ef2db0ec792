package dev.docket.queues;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * One message attribute as SQS carries it: a data type ({@code String}, {@code Number}, {@code
 * Binary}, each with an optional {@code .custom} label) and a string or binary value. Immutable.
 *
 * @param dataType the data type, e.g. {@code Number.float}
 * @param stringValue the value of a String or Number attribute
 * @param binaryValue the base64 value of a Binary attribute
 */
public record MessageAttribute(
    String dataType, Optional<String> stringValue, Optional<String> binaryValue) {

  /** Checks required components. */
  public MessageAttribute {
    Objects.requireNonNull(dataType, "dataType");
    Objects.requireNonNull(stringValue, "stringValue");
    Objects.requireNonNull(binaryValue, "binaryValue");
  }

  /** A String (or Number) attribute. */
  public static MessageAttribute ofString(String dataType, String value) {
    return new MessageAttribute(dataType, Optional.of(value), Optional.empty());
  }

  /** A Binary attribute, its value given as base64. */
  public static MessageAttribute ofBinary(String dataType, String base64) {
    return new MessageAttribute(dataType, Optional.empty(), Optional.of(base64));
  }

  /** Whether the data type is Binary (with or without a custom label). */
  public boolean binary() {
    return dataType.startsWith("Binary");
  }

  /** The value's bytes: UTF-8 of the string, or the decoded binary. */
  public byte[] valueBytes() {
    return binary()
        ? Base64.getMimeDecoder().decode(binaryValue.orElse(""))
        : stringValue.orElse("").getBytes(StandardCharsets.UTF_8);
  }
}
