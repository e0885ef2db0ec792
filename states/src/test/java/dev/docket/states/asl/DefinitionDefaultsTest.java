package dev.docket.states.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link Definitions#parse} fills in where the definition is silent, as AWS does. */
class DefinitionDefaultsTest {

  private static StateMachineDefinition parse(String singleQuoted) {
    return Definitions.parse(singleQuoted.replace('\'', '"'));
  }

  @Test
  void absentPathsAreDollarAndNullPathsAreJavaNull() {
    StateMachineDefinition definition =
        parse(
            "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Pass',"
                + " 'InputPath': null, 'ResultPath': null, 'OutputPath': null, 'Result': {'x': 1},"
                + " 'End': true}}}");

    assertThat(definition.state("A").common().io()).isEqualTo(DataFlow.DEFAULT);
    DataFlow io = definition.state("B").common().io();
    assertThat(io.inputPath()).isNull();
    assertThat(io.resultPath()).isNull();
    assertThat(io.outputPath()).isNull();
    assertThat(io.result().get("x").intValue()).isEqualTo(1);
    assertThat(definition.state("B").common().end()).isTrue();
    assertThat(definition.state("A").common().next()).isEqualTo("B");
  }

  @Test
  void retrierAndCatcherDefaults() {
    StateMachineDefinition definition =
        parse(
            "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource':"
                + " 'arn:aws:states:::lambda:invoke', 'Retry': [{'ErrorEquals': ['A']},"
                + " {'ErrorEquals': ['States.ALL'], 'IntervalSeconds': 5, 'MaxAttempts': 0,"
                + " 'BackoffRate': 1.5, 'MaxDelaySeconds': 10, 'JitterStrategy': 'FULL'}],"
                + " 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'F'}], 'End': true}, 'F':"
                + " {'Type': 'Fail'}}}");

    State.Task task = (State.Task) definition.state("T");
    assertThat(task.retry())
        .containsExactly(
            new Retrier(List.of("A"), 1, 3, 2.0, null, "NONE"),
            new Retrier(List.of("States.ALL"), 5, 0, 1.5, 10, "FULL"));
    assertThat(task.catchers())
        .containsExactly(new Catcher(List.of("States.ALL"), "F", "$", null, null));
  }

  @Test
  void queryLanguageDefaultsToJsonPathAndAStateMaySetItsOwn() {
    StateMachineDefinition definition =
        parse(
            "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Pass',"
                + " 'QueryLanguage': 'JSONata', 'Output': '{% $states.input %}', 'End': true}}}");

    assertThat(definition.queryLanguage()).isEqualTo(QueryLanguage.JSONPATH);
    assertThat(definition.state("A").common().queryLanguage()).isEqualTo(QueryLanguage.JSONPATH);
    Common b = definition.state("B").common();
    assertThat(b.jsonata()).isTrue();
    assertThat(b.io().output()).isEqualTo(new TextNode("{% $states.input %}"));
  }

  @Test
  void branchesAndProcessorsInheritTheTopLevelLanguage() {
    StateMachineDefinition definition =
        parse(
            "{'QueryLanguage': 'JSONata', 'StartAt': 'P', 'States': {'P': {'Type': 'Parallel',"
                + " 'Branches': [{'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'End': true}}}],"
                + " 'Arguments': {'a': '{% $states.input %}'}, 'Next': 'M'}, 'M': {'Type': 'Map',"
                + " 'Items': [1, 2], 'ItemSelector': {'v': '{% $states.context.Map.Item.Value %}'},"
                + " 'ItemProcessor': {'StartAt': 'I', 'States': {'I': {'Type': 'Pass', 'End':"
                + " true}}}, 'MaxConcurrency': 2, 'End': true}}}");

    State.Parallel parallel = (State.Parallel) definition.state("P");
    StateMachineDefinition branch = parallel.branches().getFirst();
    assertThat(branch.queryLanguage()).isEqualTo(QueryLanguage.JSONATA);
    assertThat(branch.state("B").common().jsonata()).isTrue();
    assertThat(branch.processorMode()).isNull();
    assertThat(parallel.common().io().arguments().get("a").textValue())
        .isEqualTo("{% $states.input %}");

    State.MapState map = (State.MapState) definition.state("M");
    assertThat(map.processor().queryLanguage()).isEqualTo(QueryLanguage.JSONATA);
    assertThat(map.processor().processorMode()).isEqualTo("INLINE");
    assertThat(map.distributed()).isFalse();
    assertThat(map.common().io().arguments().has("v")).isTrue();
    assertThat(map.common().io().parameters()).isNull();
    assertThat(map.items().size()).isEqualTo(2);
    assertThat(map.maxConcurrency()).isEqualTo(IntNode.valueOf(2));
  }

  @Test
  void mapParametersAndItemSelectorAreTheParametersInJsonPath() {
    StateMachineDefinition definition =
        parse(
            "{'StartAt': 'M1', 'States': {'M1': {'Type': 'Map', 'Parameters': {'v.$':"
                + " '$$.Map.Item.Value'}, 'Iterator': {'StartAt': 'I1', 'States': {'I1': {'Type':"
                + " 'Pass', 'End': true}}}, 'Next': 'M2'}, 'M2': {'Type': 'Map', 'ItemsPath':"
                + " '$.items', 'ItemSelector': {'w.$': '$$.Map.Item.Index'}, 'ItemProcessor':"
                + " {'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'EXPRESS'},"
                + " 'StartAt': 'I2', 'States': {'I2': {'Type': 'Pass', 'End': true}}}, 'End':"
                + " true}}}");

    State.MapState legacy = (State.MapState) definition.state("M1");
    assertThat(legacy.itemsPath()).isEqualTo("$");
    assertThat(legacy.common().io().parameters().has("v.$")).isTrue();
    assertThat(legacy.processor().processorMode()).isEqualTo("INLINE");
    assertThat(legacy.processor().queryLanguage()).isEqualTo(QueryLanguage.JSONPATH);

    State.MapState distributed = (State.MapState) definition.state("M2");
    assertThat(distributed.itemsPath()).isEqualTo("$.items");
    assertThat(distributed.common().io().parameters().has("w.$")).isTrue();
    assertThat(distributed.common().io().arguments()).isNull();
    assertThat(distributed.distributed()).isTrue();
    assertThat(distributed.processor().executionType()).isEqualTo("EXPRESS");
  }

  @Test
  void choiceRulesAndTopLevelFields() {
    StateMachineDefinition definition =
        parse(
            "{'Comment': 'c', 'TimeoutSeconds': 30, 'StartAt': 'C', 'States': {'C': {'Type':"
                + " 'Choice', 'Choices': [{'And': [{'Variable': '$.a', 'NumericGreaterThan': 1},"
                + " {'Not': {'Variable': '$.b', 'StringEqualsPath': '$.c'}}], 'Next': 'S'}],"
                + " 'Default': 'F'}, 'S': {'Type': 'Succeed'}, 'F': {'Type': 'Fail', 'ErrorPath':"
                + " '$.error', 'Cause': 'why'}}}");

    assertThat(definition.comment()).isEqualTo("c");
    assertThat(definition.timeoutSeconds()).isEqualTo(30);
    State.ChoiceState choice = (State.ChoiceState) definition.state("C");
    assertThat(choice.defaultState()).isEqualTo("F");
    Choice first = choice.choices().getFirst();
    assertThat(first.next()).isEqualTo("S");
    ChoiceRule.And and = (ChoiceRule.And) first.rule();
    assertThat(and.rules().getFirst())
        .isEqualTo(new ChoiceRule.Comparison("$.a", "NumericGreaterThan", IntNode.valueOf(1)));
    assertThat(and.rules().get(1))
        .isEqualTo(
            new ChoiceRule.Not(
                new ChoiceRule.Comparison("$.b", "StringEqualsPath", new TextNode("$.c"))));
    State.Fail fail = (State.Fail) definition.state("F");
    assertThat(fail.errorPath()).isEqualTo("$.error");
    assertThat(fail.cause()).isEqualTo(new TextNode("why"));
    assertThat(fail.error()).isNull();
  }
}
