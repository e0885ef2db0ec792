package dev.docket.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestEventTest {

  private static final String EVENT =
      "{\"id\": \"1\", \"source\": \"order\", \"detail-type\": \"Test\", \"account\":"
          + " \"123456789012\", \"region\": \"us-east-1\", \"time\": \"2022-07-13T13:48:01Z\"}";

  static final java.util.List<String> REQUIRED = TestEvent.REQUIRED_FIELDS;

  @Test
  void acceptsAnEventWithTheRequiredFieldsAndNoResources() {
    ObjectNode event = TestEvent.parse(EVENT);

    assertThat(event.get("source").asText()).isEqualTo("order");
  }

  @Test
  void acceptsAnyFurtherField() {
    String event = EVENT.replace("}", ", \"resources\": [], \"detail\": {\"a\": 1}, \"x\": null}");

    assertThat(TestEvent.parse(event).has("x")).isTrue();
  }

  @ParameterizedTest
  @FieldSource("REQUIRED")
  void refusesAnEventMissingARequiredField(String field) throws Exception {
    ObjectNode event = TestEvent.parse(EVENT);
    event.remove(field);
    String text = event.toString();

    assertThatThrownBy(() -> TestEvent.parse(text))
        .isInstanceOf(InvalidTestEventException.class)
        .hasMessage("Parameter Event is not valid.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain string", "[\"plain string\"]", "\"text\"", "42", "", "{\"id\":"})
  void refusesTextThatIsNotAJsonObject(String event) {
    assertThatThrownBy(() -> TestEvent.parse(event))
        .isInstanceOf(InvalidTestEventException.class)
        .hasMessage("Parameter Event is not valid.");
  }
}
