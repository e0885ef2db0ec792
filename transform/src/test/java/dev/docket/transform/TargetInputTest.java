package dev.docket.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The four variants of what a target receives. */
class TargetInputTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TransformContext CONTEXT =
      new TransformContext("arn:aws:events:us-east-1:1:rule/r", "r", Instant.EPOCH);

  private final JsonNode event =
      parse("{\"id\":\"e-1\",\"detail\":{\"a\":{\"b\":\"baz\"},\"n\":null}}");

  @Test
  void wholeEventIsDeliveredAsCompactJson() {
    assertThat(TargetInput.whole().render(event, CONTEXT))
        .contains("{\"id\":\"e-1\",\"detail\":{\"a\":{\"b\":\"baz\"},\"n\":null}}");
  }

  @Test
  void constantIsDeliveredExactlyAsGiven() {
    assertThat(TargetInput.constant(" { \"k\" : 1 } ").render(event, CONTEXT))
        .contains(" { \"k\" : 1 } ");
  }

  @Test
  void inputPathDeliversTheSelectedJson() {
    assertThat(TargetInput.path("$.detail.a").render(event, CONTEXT)).contains("{\"b\":\"baz\"}");
  }

  @Test
  void inputPathSelectingAStringDeliversItQuoted() {
    assertThat(TargetInput.path("$.detail.a.b").render(event, CONTEXT)).contains("\"baz\"");
  }

  @Test
  void inputPathSelectingNullDeliversNull() {
    assertThat(TargetInput.path("$.detail.n").render(event, CONTEXT)).contains("null");
  }

  @Test
  void inputPathSelectingNothingDeliversNothing() {
    assertThat(TargetInput.path("$.detail.absent").render(event, CONTEXT)).isEmpty();
  }

  @Test
  void variantsAreRecordsComparedByValue() {
    assertThat(TargetInput.path("$.detail")).isEqualTo(TargetInput.path("$.detail"));
    assertThat(TargetInput.constant("1")).isEqualTo(new TargetInput.Input("1"));
    assertThat(TargetInput.transformer(Map.of("a", "$.a"), "<a>"))
        .isEqualTo(TargetInput.transformer(Map.of("a", "$.a"), "<a>"));
    assertThat(TargetInput.whole()).isEqualTo(new TargetInput.Whole());
  }

  @Test
  void variantsSwitchExhaustively() {
    TargetInput input = TargetInput.transformer(Map.of("a", "$.a"), "<a>");

    String kind =
        switch (input) {
          case TargetInput.Whole w -> "whole";
          case TargetInput.Input i -> "Input " + i.json();
          case TargetInput.InputPath p -> "InputPath " + p.path().text();
          case TargetInput.InputTransformer t -> "InputTransformer " + t.template().inputTemplate();
        };

    assertThat(kind).isEqualTo("InputTransformer <a>");
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
