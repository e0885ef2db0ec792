package dev.docket.events.destinations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpParametersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void pathWildcardsAreFilledInOrder() {
    assertThat(HttpParameters.fillPath("https://h:8080/orders/*/items/*?x=*", List.of("42", "7")))
        .contains("https://h:8080/orders/42/items/7?x=*");
  }

  @Test
  void aWildcardCountOtherThanTheValuesGivesNothing() {
    assertThat(HttpParameters.fillPath("https://h/a/*", List.of())).isEmpty();
    assertThat(HttpParameters.fillPath("https://h/a/*", List.of("1", "2"))).isEmpty();
    assertThat(HttpParameters.fillPath("https://h", List.of())).contains("https://h");
  }

  @Test
  void theConnectionsParametersWinOverTheTargets() throws Exception {
    JsonNode target =
        json(
            "{\"HeaderParameters\":{\"X-A\":\"target\",\"X-B\":\"target\"},"
                + "\"QueryStringParameters\":{\"q\":\"target\"}}");
    JsonNode connection =
        json(
            "{\"HeaderParameters\":[{\"Key\":\"X-A\",\"Value\":\"connection\"}],"
                + "\"QueryStringParameters\":[{\"Key\":\"q\",\"Value\":\"c v\",\"IsValueSecret\":true}],"
                + "\"BodyParameters\":[{\"Key\":\"b\",\"Value\":\"1\"}]}");

    HttpParameters merged = HttpParameters.merge(target, connection);

    assertThat(merged.headers()).isEqualTo(Map.of("X-A", "connection", "X-B", "target"));
    assertThat(merged.withQuery("http://h/p?z=1")).isEqualTo("http://h/p?z=1&q=c+v");
    assertThat(merged.body()).isEqualTo(Map.of("b", "1"));
  }

  @Test
  void headersTheHttpClientManagesAreDropped() throws Exception {
    HttpParameters merged =
        HttpParameters.merge(json("{\"HeaderParameters\":{\"Host\":\"x\",\"X-Ok\":\"y\"}}"), null);

    assertThat(merged.headers()).isEqualTo(Map.of("X-Ok", "y"));
  }
}
