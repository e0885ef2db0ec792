package dev.docket.events.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A JSON object as an {@code application/x-www-form-urlencoded} body, as Step Functions' HTTP Task
 * encodes a {@code RequestBody} with {@code RequestBodyEncoding: URL_ENCODED}: each member {@code
 * key=value}, nested objects as {@code key[member]=value}, arrays by the {@link ArrayFormat}; keys
 * and values form-encoded (so brackets travel as {@code %5B%5D} and a COMMAS separator as {@code
 * %2C}); a null as an empty value. Stateless.
 */
final class FormEncoding {

  /** How arrays are encoded ({@code RequestEncodingOptions.ArrayFormat}). */
  enum ArrayFormat {
    /** {@code a[0]=x&a[1]=y}: the default. */
    INDICES,
    /** {@code a=x&a=y}. */
    REPEAT,
    /** {@code a=x,y}. */
    COMMAS,
    /** {@code a[]=x&a[]=y}. */
    BRACKETS;

    /**
     * The format named {@code name}.
     *
     * @throws IllegalArgumentException for a name Step Functions does not define
     */
    static ArrayFormat of(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "RequestEncodingOptions.ArrayFormat must be one of INDICES, REPEAT, COMMAS, BRACKETS,"
                + " but was '"
                + name
                + "'.");
      }
    }
  }

  private FormEncoding() {}

  /** The body. */
  static String encode(ObjectNode object, ArrayFormat format) {
    List<String> pairs = new ArrayList<>();
    object.properties().forEach(e -> add(pairs, e.getKey(), e.getValue(), format));
    return String.join("&", pairs);
  }

  private static void add(List<String> pairs, String key, JsonNode value, ArrayFormat format) {
    if (value.isObject()) {
      value
          .properties()
          .forEach(e -> add(pairs, key + "[" + e.getKey() + "]", e.getValue(), format));
    } else if (value.isArray()) {
      if (format == ArrayFormat.COMMAS) {
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(scalar(item)));
        pairs.add(pair(key, String.join(",", items)));
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        String itemKey =
            switch (format) {
              case INDICES -> key + "[" + i + "]";
              case BRACKETS -> key + "[]";
              default -> key;
            };
        add(pairs, itemKey, value.get(i), format);
      }
    } else {
      pairs.add(pair(key, scalar(value)));
    }
  }

  private static String scalar(JsonNode value) {
    return value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
  }

  private static String pair(String key, String value) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8)
        + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
