package dev.docket.states.data;

import static dev.docket.states.data.Nodes.json;
import static dev.docket.states.data.Nodes.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPathModeTest {

  @Test
  void inputPathDollarReturnsTheInputItself() {
    Scope scope = scope("{'a': 1}");

    assertThat(JsonPathMode.applyInputPath("$", scope)).isSameAs(scope.input());
  }

  @Test
  void nullInputPathGivesAnEmptyObject() {
    assertThat(JsonPathMode.applyInputPath(null, scope("{'a': 1}"))).isEqualTo(json("{}"));
  }

  @Test
  void inputPathSelectsANestedValue() {
    assertThat(JsonPathMode.applyInputPath("$.a.b", scope("{'a': {'b': [1, 2]}}")))
        .isEqualTo(json("[1, 2]"));
  }

  @Test
  void missingInputPathFailsWithAwsMessage() {
    assertThatThrownBy(() -> JsonPathMode.applyInputPath("$.nope", scope("{'a': 1}")))
        .isInstanceOfSatisfying(
            StatesFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo("States.Runtime");
              assertThat(f.causeText())
                  .isEqualTo("Invalid path '$.nope' : No results for path: $['nope']");
            });
  }

  @Test
  void inputPathMayReadAVariable() {
    Variables variables = Variables.root();
    variables.assign(Map.of("answer", json("{'value': 42}")));

    JsonNode selected =
        JsonPathMode.applyInputPath("$answer.value", Nodes.scope(json("{}"), variables));

    assertThat(selected).isEqualTo(json("42"));
  }

  @Test
  void payloadTemplateEvaluatesPathsContextVariablesAndIntrinsics() {
    Variables variables = Variables.root();
    variables.assign(Map.of("greeting", json("'hello'")));
    Scope scope = Nodes.scope(json("{'name': 'Ada', 'items': [1, 2, 3]}"), variables);
    JsonNode template =
        Nodes.raw(
            """
            {"literal": {"x": [1, {"y.$": "$.name"}]}, "who.$": "$.name",
             "exec.$": "$$.Execution.Name", "var.$": "$greeting",
             "text.$": "States.Format('{} {}', $greeting, $.name)",
             "count.$": "States.ArrayLength($.items)"}
            """);

    JsonNode payload = JsonPathMode.evaluatePayload(template, scope);

    assertThat(payload)
        .isEqualTo(
            json(
                "{'literal': {'x': [1, {'y': 'Ada'}]}, 'who': 'Ada', 'exec': 'exec-1', 'var': 'hello',"
                    + " 'text': 'hello Ada', 'count': 3}"));
  }

  @Test
  void payloadFieldWithMissingPathFailsWithAwsMessage() {
    JsonNode template = json("{'value.$': '$.no_such_jsonpath'}");

    assertThatThrownBy(() -> JsonPathMode.evaluatePayload(template, scope("{'a': 1}")))
        .isInstanceOfSatisfying(
            StatesFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo("States.Runtime");
              assertThat(f.causeText())
                  .isEqualTo(
                      "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could"
                          + " not be found in the input '{\"a\":1}'");
            });
  }

  @Test
  void indefinitePathsYieldArraysAndDefiniteOnesValues() {
    Scope scope = scope("{'users': [{'n': 'a', 's': 0}, {'n': 'b', 's': 1}]}");
    JsonNode template =
        json(
            "{'first.$': '$.users[0].n', 'all.$': '$.users[*].n', 'zero.$': '$.users[?(@.s == 0)]',"
                + " 'none.$': '$.users[?(@.s == 7)]'}");

    JsonNode payload = JsonPathMode.evaluatePayload(template, scope);

    assertThat(payload)
        .isEqualTo(
            json("{'first': 'a', 'all': ['a', 'b'], 'zero': [{'n': 'a', 's': 0}], 'none': []}"));
  }

  @Test
  void payloadNeverMutatesTheInput() {
    Scope scope = scope("{'a': {'b': 1}}");
    String before = scope.input().toString();

    JsonNode payload = JsonPathMode.evaluatePayload(json("{'copy.$': '$.a'}"), scope);
    JsonNode merged = JsonPathMode.applyResultPath("$.a.c", scope.input(), payload);

    assertThat(scope.input().toString()).isEqualTo(before);
    assertThat(merged).isEqualTo(json("{'a': {'b': 1, 'c': {'copy': {'b': 1}}}}"));
  }

  @Test
  void resultPathVariants() {
    JsonNode input = json("{'a': 1}");
    JsonNode result = json("{'r': true}");

    assertThat(JsonPathMode.applyResultPath(null, input, result)).isSameAs(input);
    assertThat(JsonPathMode.applyResultPath("$", input, result)).isSameAs(result);
    assertThat(JsonPathMode.applyResultPath("$.x.y", input, result))
        .isEqualTo(json("{'a': 1, 'x': {'y': {'r': true}}}"));
    assertThat(JsonPathMode.applyResultPath("$['a']", input, result))
        .isEqualTo(json("{'a': {'r': true}}"));
    assertThat(JsonPathMode.applyResultPath("$.l[1]", json("{'l': [0, 0]}"), result))
        .isEqualTo(json("{'l': [0, {'r': true}]}"));
    assertThat(input).isEqualTo(json("{'a': 1}"));
  }

  @Test
  void resultPathIntoANonObjectIsAResultPathMatchFailure() {
    assertThatThrownBy(
            () -> JsonPathMode.applyResultPath("$.a.b", json("{'a': 'text'}"), json("1")))
        .isInstanceOfSatisfying(
            StatesFailure.class,
            f -> assertThat(f.error()).isEqualTo("States.ResultPathMatchFailure"));
  }

  @Test
  void outputPathSelectsFromTheOutput() {
    Scope scope = scope("{}");

    assertThat(JsonPathMode.applyOutputPath("$.x", json("{'x': 5}"), scope)).isEqualTo(json("5"));
    assertThat(JsonPathMode.applyOutputPath(null, json("{'x': 5}"), scope)).isEqualTo(json("{}"));
    assertThatThrownBy(() -> JsonPathMode.applyOutputPath("$.NoSuchOutputPath", json("{}"), scope))
        .hasMessageContaining(
            "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']");
  }

  @Test
  void assignReadsTheResultWhenThereIsOne() {
    Scope scope = scope("{'a': 'input'}").withResult(json("{'a': 'result'}"));

    Map<String, JsonNode> assigned =
        JsonPathMode.evaluateAssign(json("{'x': 1, 'y.$': '$.a', 'z': {'w.$': '$.a'}}"), scope);

    assertThat(assigned)
        .containsEntry("x", json("1"))
        .containsEntry("y", json("'result'"))
        .containsEntry("z", json("{'w': 'result'}"));
  }

  @Test
  void assignReadsTheInputWithoutAResult() {
    Map<String, JsonNode> assigned =
        JsonPathMode.evaluateAssign(json("{'y.$': '$.a'}"), scope("{'a': 'input'}"));

    assertThat(assigned).containsEntry("y", json("'input'"));
  }

  @Test
  void readNamesTheFieldInItsMessage() {
    assertThat(JsonPathMode.read("$.s", scope("{'s': 10}"), "SecondsPath")).isEqualTo(json("10"));
    assertThatThrownBy(() -> JsonPathMode.read("$.NoSuchCausePath", scope("{}"), "CausePath"))
        .hasMessageContaining(
            "The JSONPath '$.NoSuchCausePath' specified for the field 'CausePath' could not be"
                + " found in the input '{}'");
    assertThatThrownBy(
            () ->
                JsonPathMode.read("$.NoSuchTimeoutSecondsPath", scope("{}"), "TimeoutSecondsPath"))
        .hasMessageContaining(
            "Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path:"
                + " $['NoSuchTimeoutSecondsPath']");
  }

  @Test
  void readOfTheContextObject() {
    assertThat(JsonPathMode.read("$$.Execution.Name", scope("{}"), "ErrorPath"))
        .isEqualTo(json("'exec-1'"));
  }

  @Test
  void fastPathAndJaywayAgreeOnNullsAndMissingIntermediates() {
    Scope scope = scope("{'a': null, 'b': {'c': 'x'}}");

    assertThat(JsonPathMode.read("$.a", scope, "ItemsPath").isNull()).isTrue();
    assertThat(JsonPathMode.read("$.b.c", scope, "ItemsPath")).isEqualTo(json("'x'"));
    assertThatThrownBy(() -> JsonPathMode.read("$.b.c.d", scope, "ItemsPath"))
        .isInstanceOf(StatesFailure.class);
    assertThatThrownBy(() -> JsonPathMode.read("$.z.y", scope, "ItemsPath"))
        .isInstanceOf(StatesFailure.class);
  }
}
