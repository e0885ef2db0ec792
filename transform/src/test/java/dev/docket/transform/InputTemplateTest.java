package dev.docket.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** EventBridge's quoting, escaping and missing-value rules for {@code InputTemplate}. */
class InputTemplateTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TransformContext CONTEXT =
      new TransformContext(
          "arn:aws:events:us-east-1:111111111111:rule/orders",
          "orders",
          Instant.parse("2026-12-01T06:00:01.250Z"));

  private static final String EVENT =
      """
      {"version":"0","id":"e-1","detail-type":"Order Placed","source":"shop","account":"111111111111",
       "time":"2026-12-01T06:00:00Z","region":"us-east-1","resources":["arn:aws:shop:r1"],
       "detail":{"quote":"say \\"hi\\"\\nbye","n":1.5,"count":3,"flag":true,"nothing":null,
                 "obj":{"a":"x","b":[1,2]},"numbers":[1,2],"words":["ACTIVE","INACTIVE"],
                 "items":[{"id":"a","n":1},{"id":"b","n":2}],"instance-id":"i-1","a/b":"slash"}}
      """;

  @Test
  void stringValueInsideJsonStringIsEscapedSoTheBodyStaysJson() throws IOException {
    String body = render(Map.of("q", "$.detail.quote"), "{\"m\": \"x <q> y\"}").orElseThrow();

    assertThat(body).isEqualTo("{\"m\":\"x say \\\"hi\\\"\\nbye y\"}");
    assertThat(MAPPER.readTree(body).get("m").asText()).isEqualTo("x say \"hi\"\nbye y");
  }

  @Test
  void stringValueOutsideStringIsInsertedQuoted() {
    assertThat(render(Map.of("q", "$.detail.quote"), "{\"m\": <q>}"))
        .contains("{\"m\":\"say \\\"hi\\\"\\nbye\"}");
  }

  @Test
  void scalarsOutsideStringStayJsonScalars() {
    assertThat(
            render(
                Map.of("n", "$.detail.n", "c", "$.detail.count", "f", "$.detail.flag"),
                "{\"n\": <n>, \"c\": <c>, \"f\": <f>}"))
        .contains("{\"n\":1.5,\"c\":3,\"f\":true}");
  }

  @Test
  void scalarsInsideStringAreTheirText() {
    assertThat(render(Map.of("n", "$.detail.n", "f", "$.detail.flag"), "{\"s\": \"<n> and <f>\"}"))
        .contains("{\"s\":\"1.5 and true\"}");
  }

  @Test
  void containersOutsideStringAreInsertedAsJson() {
    assertThat(
            render(Map.of("o", "$.detail.obj", "w", "$.detail.words"), "{\"o\": <o>, \"w\": <w>}"))
        .contains("{\"o\":{\"a\":\"x\",\"b\":[1,2]},\"w\":[\"ACTIVE\",\"INACTIVE\"]}");
  }

  @Test
  void objectInsideJsonStringIsNotDelivered() {
    assertThat(render(Map.of("o", "$.detail.obj"), "{\"s\": \"users/<o>\"}")).isEmpty();
  }

  @Test
  void arrayOfStringsInsideJsonStringIsNotDelivered() {
    assertThat(render(Map.of("w", "$.detail.words"), "{\"s\": \"<w>\"}")).isEmpty();
  }

  @Test
  void arrayWithoutQuotesInsideJsonStringKeepsTheJsonValidAndIsDelivered() {
    assertThat(render(Map.of("a", "$.detail.numbers"), "{\"s\": \"x<a>\"}"))
        .contains("{\"s\":\"x[1,2]\"}");
  }

  @Test
  void missingPathOutsideStringBecomesEmptyString() {
    assertThat(render(Map.of("m", "$.detail.absent"), "{\"m\": <m>}")).contains("{\"m\":\"\"}");
  }

  @Test
  void missingPathInsideStringBecomesNothing() {
    assertThat(render(Map.of("m", "$.detail.absent"), "{\"m\": \"[<m>]\"}"))
        .contains("{\"m\":\"[]\"}");
  }

  @Test
  void missingPathInStringTemplateBecomesNothing() {
    assertThat(render(Map.of("m", "$.detail.absent"), "\"value: <m>.\"")).contains("\"value: .\"");
  }

  @Test
  void jsonNullValueIsNull() {
    assertThat(render(Map.of("z", "$.detail.nothing"), "{\"z\": <z>}")).contains("{\"z\":null}");
  }

  @Test
  void arrayIndexesAndDashedNamesSelectDirectly() {
    assertThat(
            render(
                Map.of("id", "$.detail.items[1].id", "i", "$.detail.instance-id"),
                "{\"id\": <id>, \"i\": <i>}"))
        .contains("{\"id\":\"b\",\"i\":\"i-1\"}");
  }

  @Test
  void wildcardPathSelectsTheArrayOfItsMatches() {
    assertThat(render(Map.of("ids", "$.detail.items[*].id"), "{\"ids\": <ids>}"))
        .contains("{\"ids\":[\"a\",\"b\"]}");
  }

  @Test
  void placeholderUsedTwiceIsFilledTwice() {
    assertThat(render(Map.of("i", "$.detail.instance-id"), "{\"p\": \"<i>/<i>\", \"i\": <i>}"))
        .contains("{\"p\":\"i-1/i-1\",\"i\":\"i-1\"}");
  }

  @Test
  void jsonTemplateIsDeliveredMinifiedButStringsKeepTheirSpaces() {
    assertThat(
            render(
                Map.of("i", "$.detail.instance-id"),
                "{\n  \"a\" : <i> ,\n  \"b\": \"two  words\"\n}"))
        .contains("{\"a\":\"i-1\",\"b\":\"two  words\"}");
  }

  @Test
  void templateQuotesEscapedInJsonStringStayEscaped() {
    assertThat(
            render(Map.of("i", "$.detail.instance-id"), "{\"s\": \"instance \\\"<i>\\\" is up\"}"))
        .contains("{\"s\":\"instance \\\"i-1\\\" is up\"}");
  }

  @Test
  void barePlaceholderTemplateDeliversTheSelectedJson() {
    assertThat(render(Map.of("o", "$.detail.obj"), "<o>")).contains("{\"a\":\"x\",\"b\":[1,2]}");
  }

  @Test
  void unquotedTextTemplateIsNotDelivered() {
    assertThat(render(Map.of("w", "$.detail.words"), "<w> multiple list items")).isEmpty();
  }

  @Test
  void constantJsonTemplateWithoutPlaceholdersIsDelivered() {
    assertThat(render(Map.of(), "[9, true, \"x\"]")).contains("[9,true,\"x\"]");
  }

  @Test
  void brokenJsonTemplateIsNotDelivered() {
    assertThat(render(Map.of("i", "$.detail.instance-id"), "{\"a\": <i>")).isEmpty();
  }

  @Test
  void stringTemplateKeepsItsQuotesAndUnquotesContainers() {
    assertThat(
            render(
                Map.of("o", "$.detail.obj", "w", "$.detail.words", "f", "$.detail.flag"),
                "\"<o> <w> <f>\""))
        .contains("\"{a:x,b:[1,2]} [ACTIVE,INACTIVE] true\"");
  }

  @Test
  void stringTemplateEscapesQuotesAndNewlinesOfValues() {
    assertThat(render(Map.of("q", "$.detail.quote"), "\"q: <q>\""))
        .contains("\"q: say \\\"hi\\\"\\nbye\"");
  }

  @Test
  void stringTemplateOfSeveralQuotedLinesIsDeliveredAsWritten() {
    assertThat(
            render(Map.of("i", "$.detail.instance-id", "s", "$.detail.a/b"), "\"<i> up\"\n\"<s>\""))
        .contains("\"i-1 up\"\n\"slash\"");
  }

  @Test
  void angleBracketWithoutClosingIsText() {
    assertThat(render(Map.of("i", "$.detail.instance-id"), "\"a <b and <i>\""))
        .contains("\"a <b and i-1\"");
  }

  @Test
  void ruleArnAndNameAreStrings() {
    assertThat(
            render(
                Map.of(),
                "{\"arn\": <aws.events.rule-arn>, \"name\": \"rule <aws.events.rule-name>\"}"))
        .contains(
            "{\"arn\":\"arn:aws:events:us-east-1:111111111111:rule/orders\","
                + "\"name\":\"rule orders\"}");
  }

  @Test
  void ingestionTimeIsIso8601ToTheSecond() {
    assertThat(render(Map.of(), "\"at <aws.events.event.ingestion-time>\""))
        .contains("\"at 2026-12-01T06:00:01Z\"");
  }

  @Test
  void eventVariableIsTheEventWithoutDetailAndWithDetailType() throws IOException {
    JsonNode body =
        MAPPER.readTree(render(Map.of(), "{\"e\": <aws.events.event>}").orElseThrow()).get("e");

    assertThat(body.has("detail")).isFalse();
    assertThat(body.has("detail-type")).isFalse();
    assertThat(body.get("detailType").asText()).isEqualTo("Order Placed");
    assertThat(body.fieldNames())
        .toIterable()
        .containsExactly(
            "id", "account", "detailType", "time", "source", "region", "resources", "version");
  }

  @Test
  void eventJsonVariableIsTheWholeEvent() throws IOException {
    JsonNode body =
        MAPPER.readTree(render(Map.of(), "{\"e\": <aws.events.event.json>}").orElseThrow());

    assertThat(body.get("e")).isEqualTo(MAPPER.readTree(EVENT));
  }

  @Test
  void oneTemplateRendersConcurrentlyWithTheSameResults() throws Exception {
    InputTemplate template =
        InputTemplate.of(
            Map.of("i", "$.detail.instance-id", "o", "$.detail.obj"),
            "{\"i\": \"<i>\", \"o\": <o>, \"r\": <aws.events.rule-name>}");
    JsonNode event = MAPPER.readTree(EVENT);
    List<Future<Optional<String>>> results = new ArrayList<>();

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        results.add(threads.submit(() -> template.render(event, CONTEXT)));
      }
    }

    for (Future<Optional<String>> result : results) {
      assertThat(result.get())
          .contains("{\"i\":\"i-1\",\"o\":{\"a\":\"x\",\"b\":[1,2]},\"r\":\"orders\"}");
    }
  }

  private static Optional<String> render(Map<String, String> paths, String template) {
    try {
      return InputTemplate.of(paths, template).render(MAPPER.readTree(EVENT), CONTEXT);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
