package dev.docket.events.destinations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Step Functions' URL encoding of a request body, per array format. */
class FormEncodingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String encode(String json, String format) throws Exception {
    return FormEncoding.encode(
        (ObjectNode) JSON.readTree(json), FormEncoding.ArrayFormat.of(format));
  }

  @Test
  void eachArrayFormatEncodesArraysItsOwnWay() throws Exception {
    String body = "{\"array\": [\"a\", \"b\", \"c\"]}";

    assertThat(encode(body, "INDICES")).isEqualTo("array%5B0%5D=a&array%5B1%5D=b&array%5B2%5D=c");
    assertThat(encode(body, "BRACKETS")).isEqualTo("array%5B%5D=a&array%5B%5D=b&array%5B%5D=c");
    assertThat(encode(body, "REPEAT")).isEqualTo("array=a&array=b&array=c");
    assertThat(encode(body, "COMMAS")).isEqualTo("array=a%2Cb%2Cc");
  }

  @Test
  void scalarsNestedObjectsAndNullsAreFormEncoded() throws Exception {
    assertThat(
            encode(
                "{\"name\": \"tea & cake\", \"count\": 2, \"ok\": true, \"none\": null,"
                    + " \"address\": {\"city\": \"Lyon\"}}",
                "INDICES"))
        .isEqualTo("name=tea+%26+cake&count=2&ok=true&none=&address%5Bcity%5D=Lyon");
  }

  @Test
  void anUnknownArrayFormatIsRefused() {
    assertThatThrownBy(() -> FormEncoding.ArrayFormat.of("SPACES"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INDICES, REPEAT, COMMAS, BRACKETS");
  }
}
