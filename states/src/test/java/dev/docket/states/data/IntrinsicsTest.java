package dev.docket.states.data;

import static dev.docket.states.data.Nodes.json;
import static dev.docket.states.data.Nodes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicsTest {

  private static final Scope SCOPE =
      Nodes.scope(
          raw(
              """
              {"s": "a,b,,c", "n": 3, "arr": [1, 2, 2, {"k": 1}, {"k": 1}, 3],
               "obj": {"k": [1, "x"]}, "long": "%s"}
              """
                  .formatted("x".repeat(10_001))),
          variables());

  private static Variables variables() {
    Variables variables = Variables.root();
    variables.assign(Map.of("v", json("{'name': 'var'}")));
    return variables;
  }

  private static JsonNode eval(String expression) {
    return Intrinsics.evaluate(expression, SCOPE);
  }

  private static StatesFailure failure(String expression) {
    try {
      eval(expression);
    } catch (StatesFailure f) {
      return f;
    }
    throw new AssertionError("no failure for " + expression);
  }

  @Test
  void recognisesIntrinsics() {
    assertThat(Intrinsics.isIntrinsic("States.Format('x')")).isTrue();
    assertThat(Intrinsics.isIntrinsic("$.a")).isFalse();
  }

  @Test
  void formatRendersValuesAsAws() {
    assertThat(eval("States.Format('a={} b={} c={} d={}', $.n, $.obj, null, true)"))
        .isEqualTo(json("'a=3 b={k=[1, x]} c=null d=true'"));
  }

  @Test
  void formatHonoursEscapes() {
    assertThat(eval("States.Format('\\{} {} \\' \\\\', $v.name)"))
        .isEqualTo(raw("\"{} var ' \\\\\""));
  }

  @Test
  void formatTemplateMayComeFromAPath() {
    Scope scope = Nodes.scope(json("{'t': 'n={}', 'n': 1}"), Variables.root());

    assertThat(Intrinsics.evaluate("States.Format($.t, $.n)", scope)).isEqualTo(json("'n=1'"));
  }

  @Test
  void formatNeedsAsManyArgumentsAsPlaceholders() {
    assertThat(failure("States.Format('{} {}', 1)").error()).isEqualTo("States.IntrinsicFailure");
  }

  @Test
  void jsonConversions() {
    assertThat(eval("States.StringToJson('{\"a\": [1]}')")).isEqualTo(json("{'a': [1]}"));
    assertThat(eval("States.JsonToString($.obj)")).isEqualTo(raw("\"{\\\"k\\\":[1,\\\"x\\\"]}\""));
  }

  @Test
  void arrayFunctions() {
    assertThat(eval("States.Array(1, 'two', $.n)")).isEqualTo(json("[1, 'two', 3]"));
    assertThat(eval("States.ArrayPartition($.arr, 4)"))
        .isEqualTo(json("[[1, 2, 2, {'k': 1}], [{'k': 1}, 3]]"));
    assertThat(eval("States.ArrayContains($.arr, $.n)")).isEqualTo(json("true"));
    assertThat(eval("States.ArrayContains($.arr, 4)")).isEqualTo(json("false"));
    assertThat(eval("States.ArrayRange(1, 9, 2)")).isEqualTo(json("[1, 3, 5, 7, 9]"));
    assertThat(eval("States.ArrayRange(5, 1, -2)")).isEqualTo(json("[5, 3, 1]"));
    assertThat(eval("States.ArrayGetItem($.arr, 3)")).isEqualTo(json("{'k': 1}"));
    assertThat(eval("States.ArrayLength($.arr)")).isEqualTo(json("6"));
    assertThat(eval("States.ArrayUnique($.arr)")).isEqualTo(json("[1, 2, {'k': 1}, 3]"));
  }

  @Test
  void arrayRangeIsLimitedToAThousandItems() {
    assertThat(eval("States.ArrayRange(1, 1000, 1)").size()).isEqualTo(1000);
    assertThat(failure("States.ArrayRange(0, 1000, 1)").error())
        .isEqualTo("States.IntrinsicFailure");
  }

  @Test
  void base64RoundTripAndLimit() {
    assertThat(eval("States.Base64Encode('Data to encode')"))
        .isEqualTo(json("'RGF0YSB0byBlbmNvZGU='"));
    assertThat(eval("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')"))
        .isEqualTo(json("'Data to encode'"));
    assertThat(failure("States.Base64Encode($.long)").error()).isEqualTo("States.IntrinsicFailure");
  }

  @Test
  void hashAlgorithms() {
    assertThat(eval("States.Hash('input data', 'MD5')"))
        .isEqualTo(json("'812f45842bc6d66ee14572ce20db8e86'"));
    assertThat(eval("States.Hash('input data', 'SHA-1')"))
        .isEqualTo(json("'aaff4a450a104cd177d28d18d74485e8cae074b7'"));
    assertThat(failure("States.Hash('input data', 'SHA-3')").causeText())
        .isEqualTo("Unknown hash function 'SHA-3'.");
  }

  @Test
  void jsonMergeIsShallowOnly() {
    assertThat(eval("States.JsonMerge($.obj, States.StringToJson('{\"z\": 1}'), false)"))
        .isEqualTo(json("{'k': [1, 'x'], 'z': 1}"));
    assertThat(failure("States.JsonMerge($.obj, $.obj, true)").error())
        .isEqualTo("States.IntrinsicFailure");
  }

  @Test
  void mathFunctions() {
    assertThat(eval("States.MathAdd(1.5, -3)")).isEqualTo(json("-1"));
    assertThat(eval("States.MathRandom(1, 5, 42)")).isEqualTo(eval("States.MathRandom(1, 5, 42)"));
    for (int i = 0; i < 50; i++) {
      assertThat(eval("States.MathRandom(1, 3)").intValue()).isBetween(1, 3);
    }
  }

  @Test
  void stringSplitDropsEmptyParts() {
    assertThat(eval("States.StringSplit($.s, ',')")).isEqualTo(json("['a', 'b', 'c']"));
  }

  @Test
  void uuidIsAVersion4Uuid() {
    assertThat(eval("States.UUID()").asText())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void nestedCalls() {
    assertThat(eval("States.ArrayGetItem(States.StringSplit($.s, ','), States.MathAdd(1, 1))"))
        .isEqualTo(json("'c'"));
  }

  @Test
  void wrongArgumentTypesAreIntrinsicFailures() {
    assertThat(failure("States.ArrayLength($.s)").error()).isEqualTo("States.IntrinsicFailure");
    assertThat(failure("States.Nope(1)").error()).isEqualTo("States.IntrinsicFailure");
    assertThat(failure("States.Format('x'").error()).isEqualTo("States.IntrinsicFailure");
  }

  @Test
  void missingPathArgumentIsARuntimeFailure() {
    assertThatThrownBy(() -> eval("States.ArrayLength($.missing)"))
        .isInstanceOfSatisfying(
            StatesFailure.class, f -> assertThat(f.error()).isEqualTo("States.Runtime"));
  }
}
