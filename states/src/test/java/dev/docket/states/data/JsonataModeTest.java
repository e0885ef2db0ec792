package dev.docket.states.data;

import static dev.docket.states.data.Nodes.json;
import static dev.docket.states.data.Nodes.raw;
import static dev.docket.states.data.Nodes.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class JsonataModeTest {

  private static JsonNode eval(String value, Scope scope) {
    return JsonataMode.evaluate(raw(value), scope, "Output");
  }

  private static StatesFailure failure(String value, Scope scope, String field) {
    try {
      JsonataMode.evaluate(raw(value), scope, field);
    } catch (StatesFailure f) {
      return f;
    }
    throw new AssertionError("no failure for " + value);
  }

  @Test
  void walksObjectsAndArraysAndKeepsLiterals() {
    Scope scope = scope("{'a': 2}");

    JsonNode out =
        eval(
            """
            {"x": "{% $states.input.a * 3 %}", "l": [1, "{% 'y' %}", " {% 1 %} ", "$.a"], "n": null}
            """,
            scope);

    assertThat(out)
        .isEqualTo(raw("{\"x\": 6, \"l\": [1, \"y\", \" {% 1 %} \", \"$.a\"], \"n\": null}"));
  }

  @Test
  void jsonNullIsAValueNotUndefined() {
    Scope scope = scope("{'a': null, 'l': [null, 1]}");

    assertThat(eval("\"{% $states.input.a %}\"", scope).isNull()).isTrue();
    assertThat(eval("\"{% $states.input.l %}\"", scope)).isEqualTo(json("[null, 1]"));
    assertThat(eval("\"{% $states.input %}\"", scope)).isEqualTo(scope.input());
    assertThat(failure("\"{% $states.input.missing %}\"", scope, "Output").causeText())
        .endsWith("returned nothing (undefined).");
  }

  @Test
  void largeAndFractionalNumbersKeepTheirValue() {
    Scope scope = scope("{'big': 3000000000, 'f': 1.5, 'whole': 2.0}");

    assertThat(eval("\"{% $states.input.big + 1 %}\"", scope)).isEqualTo(json("3000000001"));
    assertThat(eval("\"{% $states.input.f * 2 %}\"", scope).toString()).isEqualTo("3");
    assertThat(eval("\"{% $states.input.whole %}\"", scope).toString()).isEqualTo("2");
    assertThat(eval("\"{% $sum([1, 2.5]) %}\"", scope).toString()).isEqualTo("3.5");
  }

  @Test
  void integralNumbersPrintWithoutFraction() {
    assertThat(eval("\"{% 6 / 2 %}\"", scope("{}")).toString()).isEqualTo("3");
    assertThat(eval("\"{% 1 / 2 %}\"", scope("{}")).toString()).isEqualTo("0.5");
  }

  @Test
  void statesBindingsAndVariables() {
    Variables variables = Variables.root();
    variables.assign(Map.of("v", json("{'k': 'var'}")));
    Scope scope =
        new Scope(
            json("{'i': 1}"),
            json("{'Execution': {'Name': 'e'}}"),
            variables.child(),
            json("{'r': 2}"),
            json("{'Error': 'E'}"));

    JsonNode out =
        eval(
            "\"{% [$states.input.i, $states.result.r, $states.errorOutput.Error,"
                + " $states.context.Execution.Name, $v.k] %}\"",
            scope);

    assertThat(out).isEqualTo(json("[1, 2, 'E', 'e', 'var']"));
  }

  @Test
  void wholeStatesObjectAndOverlappingVariableNames() {
    Variables variables = Variables.root();
    variables.assign(Map.of("a", json("1"), "ab", json("2")));
    Scope scope = Nodes.scope(json("{'i': 1}"), variables);

    JsonNode out = eval("\"{% [$sort($keys($states)), $ab, $a, $states.input.i] %}\"", scope);

    assertThat(out).isEqualTo(json("['context', 'input', 2, 1, 1]"));
  }

  @Test
  void awsFunctions() {
    Scope scope = scope("{'a': [1, 2, 3]}");

    assertThat(eval("\"{% $partition($states.input.a, 2) %}\"", scope))
        .isEqualTo(json("[[1, 2], [3]]"));
    assertThat(eval("\"{% $range(0, 9, 3) %}\"", scope)).isEqualTo(json("[0, 3, 6, 9]"));
    assertThat(eval("\"{% $range(1, 9, 9) %}\"", scope)).isEqualTo(json("1"));
    assertThat(eval("\"{% $hash('input data', 'SHA-1') %}\"", scope))
        .isEqualTo(json("'aaff4a450a104cd177d28d18d74485e8cae074b7'"));
    assertThat(eval("\"{% $parse('{\\\"x\\\": [1]}') %}\"", scope)).isEqualTo(json("{'x': [1]}"));
    assertThat(eval("\"{% $uuid() %}\"", scope).asText()).hasSize(36);
    assertThat(eval("\"{% $random(7) %}\"", scope)).isEqualTo(eval("\"{% $random(7) %}\"", scope));
    assertThat(eval("\"{% $random() %}\"", scope).asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void undefinedResultFailsWithAwsMessage() {
    StatesFailure f =
        failure("{\"FunctionName\": \"{% $doesNotExist %}\"}", scope("{}"), "Arguments");

    assertThat(f.error()).isEqualTo("States.QueryEvaluationError");
    assertThat(f.causeText())
        .isEqualTo(
            "The JSONata expression '$doesNotExist' specified for the field"
                + " 'Arguments/FunctionName' returned nothing (undefined).");
  }

  @Test
  void evaluationErrorsCarryJsonataCodes() {
    StatesFailure f = failure("\"{% $randomSeeded(1) %}\"", scope("{}"), "Output");

    assertThat(f.causeText())
        .isEqualTo(
            "The JSONata expression '$randomSeeded(1)' specified for the field 'Output' threw an"
                + " error during evaluation. T1006: Attempted to invoke a non-function");
  }

  @Test
  void evalIsRefused() {
    assertThat(failure("\"{% $eval('1 + 1') %}\"", scope("{}"), "Output").error())
        .isEqualTo("States.QueryEvaluationError");
  }

  @Test
  void functionResultIsUnsupported() {
    assertThat(failure("\"{% function($x) { $x } %}\"", scope("{}"), "Output").causeText())
        .endsWith("returned an unsupported result type.");
  }

  @Test
  void assignEvaluatesEachVariable() {
    Map<String, JsonNode> assigned =
        JsonataMode.evaluateAssign(
            raw("{\"x\": \"{% $states.input.a %}\", \"y\": 1}"), scope("{'a': 'A'}"));

    assertThat(assigned).containsEntry("x", json("'A'")).containsEntry("y", json("1"));
  }

  @Test
  void conditionMustBeBoolean() {
    assertThat(JsonataMode.condition(raw("\"{% $states.input.a = 1 %}\""), scope("{'a': 1}")))
        .isTrue();
    assertThat(JsonataMode.condition(raw("true"), scope("{}"))).isTrue();
    assertThatThrownBy(() -> JsonataMode.condition(raw("\"{% 'x' %}\""), scope("{}")))
        .isInstanceOfSatisfying(
            StatesFailure.class,
            f -> assertThat(f.error()).isEqualTo("States.QueryEvaluationError"));
  }

  @Test
  void evaluatorsArePooledWithThisDashjoinVersion() {
    assertThat(JsonataEvaluators.pooled()).isTrue();
  }

  @Test
  void nowIsTheTimeOfEvaluationNotOfThePooledEvaluator() {
    eval("\"{% $millis() %}\"", scope("{}"));
    long before = System.currentTimeMillis();
    while (System.currentTimeMillis() == before) {
      Thread.onSpinWait();
    }

    long millis = eval("\"{% $millis() %}\"", scope("{}")).asLong();

    assertThat(millis).isGreaterThan(before);
  }

  @Test
  void eachFreshThreadEvaluatesCorrectly() throws Exception {
    List<Future<JsonNode>> results = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 500; i++) {
        Scope scope = scope("{'i': " + i + "}");
        results.add(
            executor.submit(
                () -> JsonataMode.evaluate(raw("\"{% $states.input.i %}\""), scope, "Output")));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get().asInt()).isEqualTo(i);
      }
    }
  }

  @Test
  void aCompiledExpressionEvaluatesConcurrentlyWithItsOwnBindings() throws Exception {
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 64; t++) {
        int id = t;
        results.add(
            executor.submit(
                () -> {
                  Variables variables = Variables.root();
                  variables.assign(Map.of("id", json(String.valueOf(id))));
                  for (int i = 0; i < 200; i++) {
                    Scope scope = Nodes.scope(json("{'i': " + i + "}"), variables);
                    JsonNode out =
                        JsonataMode.evaluate(
                            raw("\"{% $id * 1000 + $states.input.i %}\""), scope, "Output");
                    if (out.asInt() != id * 1000 + i) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    }
  }
}
