package dev.docket.states.asl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The schema rules whose wording AWS has not been seen to answer (ours, in AWS's style): each
 * refusal has its code and location; the wording is pinned so that a change is deliberate.
 */
class SchemaRulesTest {

  /** Validates a definition written with ' for " and ` for '. */
  private static List<Diagnostic> problems(String singleQuoted) {
    return Definitions.validate(singleQuoted.replace('\'', '"').replace('`', '\''));
  }

  private static String task(String fields) {
    return "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource':"
        + " 'arn:aws:states:::lambda:invoke', "
        + fields
        + ", 'End': true}}}";
  }

  private static Diagnostic schema(String message, String location) {
    return new Diagnostic("ERROR", "SCHEMA_VALIDATION_FAILED", message, location);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'MaxAttempts': -1 | MaxAttempts | Minimum value is 0",
        "'MaxAttempts': 100000000 | MaxAttempts | Maximum value is 99999999",
        "'MaxAttempts': 1.5 | MaxAttempts | Value must be an integer",
        "'IntervalSeconds': 0 | IntervalSeconds | Minimum value is 1",
        "'BackoffRate': 0.5 | BackoffRate | Minimum value is 1.0",
        "'MaxDelaySeconds': 0 | MaxDelaySeconds | Minimum value is 1",
        "'JitterStrategy': 'SOME' | JitterStrategy | The field 'JitterStrategy' should have one of"
            + " these values: [FULL, NONE]"
      })
  void retrierLimits(String field, String name, String message) {
    assertThat(problems(task("'Retry': [{'ErrorEquals': ['E'], " + field + "}]")))
        .containsExactly(schema(message, "/States/T/Retry[0]/" + name));
  }

  @Test
  void retrierNeedsErrors() {
    assertThat(problems(task("'Retry': [{'MaxAttempts': 1}, {'ErrorEquals': []}]")))
        .containsExactly(
            schema("These fields are required: [ErrorEquals]", "/States/T/Retry[0]"),
            schema("Value cannot be empty", "/States/T/Retry[1]/ErrorEquals"));
  }

  @Test
  void timeoutsArePositiveAndHeartbeatIsShorter() {
    assertThat(problems(task("'TimeoutSeconds': 0")))
        .containsExactly(schema("Minimum value is 1", "/States/T/TimeoutSeconds"));
    assertThat(problems(task("'TimeoutSeconds': 10, 'HeartbeatSeconds': 10")))
        .containsExactly(
            schema(
                "The field 'HeartbeatSeconds' must be smaller than the field 'TimeoutSeconds'",
                "/States/T/HeartbeatSeconds"));
    assertThat(problems(task("'TimeoutSeconds': 10, 'TimeoutSecondsPath': '$.t'")))
        .containsExactly(
            schema(
                "The fields 'TimeoutSeconds' and 'TimeoutSecondsPath' cannot be used together",
                "/States/T/TimeoutSeconds"));
    assertThat(problems(task("'TimeoutSecondsPath': '$.t', 'HeartbeatSecondsPath': '$.h'")))
        .isEmpty();
  }

  @Test
  void waitHasExactlyOneDuration() {
    String wait = "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', %s 'End': true}}}";
    String message =
        "Exactly one of the fields 'Seconds', 'Timestamp', 'SecondsPath' or 'TimestampPath' is"
            + " required";
    assertThat(problems(wait.formatted(""))).containsExactly(schema(message, "/States/W"));
    assertThat(problems(wait.formatted("'Seconds': 1, 'SecondsPath': '$.s',")))
        .containsExactly(schema(message, "/States/W"));
    assertThat(problems(wait.formatted("'SecondsPath': '$.s',"))).isEmpty();
  }

  @Test
  void failHasErrorOrErrorPath() {
    assertThat(
            problems(
                "{'StartAt': 'F', 'States': {'F': {'Type': 'Fail', 'Error': 'E', 'ErrorPath':"
                    + " '$.e', 'CausePath': 'States.Format(`{}`, $.c)'}}}"))
        .containsExactly(
            schema(
                "The fields 'Error' and 'ErrorPath' cannot be used together", "/States/F/Error"));
  }

  @Test
  void nextOrEnd() {
    String message = "Exactly one of the fields 'Next' or 'End' is required";
    assertThat(problems("{'StartAt': 'A', 'States': {'A': {'Type': 'Pass'}}}"))
        .contains(schema(message, "/States/A"));
    assertThat(problems("{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': false}}}"))
        .contains(schema(message, "/States/A"));
    assertThat(
            problems(
                "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'A', 'End': true}}}"))
        .containsExactly(schema(message, "/States/A"));
  }

  @Test
  void requiredFieldsOfStates() {
    assertThat(
            problems(
                "{'StartAt': 'A', 'States': {'A': {'Next': 'B'}, 'B': {'Type': 'Task', 'End':"
                    + " true}}}"))
        .containsExactly(
            schema("These fields are required: [Type]", "/States/A"),
            schema("These fields are required: [Resource]", "/States/B"));
    assertThat(
            problems(
                "{'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [], 'Default':"
                    + " 'S'}, 'S': {'Type': 'Succeed'}}}"))
        .containsExactly(schema("Value cannot be empty", "/States/C/Choices"));
  }

  @Test
  void stateNameLength() {
    String name = "N".repeat(81);
    assertThat(
            problems(
                "{'StartAt': '" + name + "', 'States': {'" + name + "': {'Type': 'Succeed'}}}"))
        .containsExactly(
            schema("The state name must not be longer than 80 characters", "/States/" + name));
  }

  @Test
  void stateNamesAreUniqueAcrossTheMachine() {
    assertThat(
            problems(
                "{'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'Branches': [{'StartAt':"
                    + " 'P', 'States': {'P': {'Type': 'Succeed'}}}], 'End': true}}}"))
        .containsExactly(
            new Diagnostic(
                "ERROR",
                "DUPLICATE_STATE_NAME",
                "Duplicate State name: P",
                "/States/P/Branches[0]/States/P"));
  }

  @Test
  void pathsAndTemplates() {
    assertThat(
            problems(
                "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'InputPath': '$.a[',"
                    + " 'Parameters': {'ok.$': '$$.Execution.Id', 'fn.$': 'States.Array($.a,"
                    + " `x`, 1, States.UUID())', 'nested': {'bad.$': 'no path'}, 'var.$':"
                    + " '$myVar.field', 'plain': '$.not checked'}, 'ResultPath': '$.r', 'End':"
                    + " true}}}"))
        .containsExactly(
            schema("Value must be a valid JSONPath.", "/States/A/InputPath"),
            schema(
                "The value for the field 'bad.$' must be a valid JSONPath or a valid intrinsic"
                    + " function call",
                "/States/A/Parameters"));
  }

  @Test
  void unknownIntrinsicFunction() {
    assertThat(
            problems(
                "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Parameters': {'x.$':"
                    + " 'States.Nope(1)'}, 'End': true}}}"))
        .containsExactly(
            schema(
                "The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic"
                    + " function call",
                "/States/A/Parameters"));
  }

  @Test
  void jsonPathFieldInAJsonataState() {
    assertThat(
            problems(
                "{'QueryLanguage': 'JSONata', 'StartAt': 'X', 'States': {'X': {'Type': 'Pass',"
                    + " 'End': true, 'InputPath': '$.a'}}}"))
        .containsExactly(
            schema(
                "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported"
                    + " for the 'JSONPath' QueryLanguage",
                "/States/X/InputPath"));
  }

  @Test
  void choiceRuleShapes() {
    String choice =
        "{'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [%s], 'Default': 'S'},"
            + " 'S': {'Type': 'Succeed'}}}";
    assertThat(problems(choice.formatted("{'Variable': '$.a', 'Next': 'S'}")))
        .containsExactly(
            schema("A choice rule must have a comparison operator", "/States/C/Choices[0]"));
    assertThat(
            problems(
                choice.formatted(
                    "{'Variable': '$.a', 'StringEquals': 1, 'IsNull': true, 'Next': 'S'}")))
        .containsExactly(
            schema(
                "Only one comparison operator is allowed in a choice rule",
                "/States/C/Choices[0]/IsNull"),
            schema(
                "The field 'StringEquals' must be a string", "/States/C/Choices[0]/StringEquals"));
    assertThat(
            problems(
                choice.formatted(
                    "{'Not': {'Variable': '$.a', 'IsNull': true, 'Next': 'S'}, 'Next': 'S'}")))
        .containsExactly(schema("Field 'Next' is not supported", "/States/C/Choices[0]/Not"));
    assertThat(problems(choice.formatted("{'Variable': '$.a', 'IsPresent': true}")))
        .containsExactly(schema("These fields are required: [Next]", "/States/C/Choices[0]"));
  }

  @Test
  void jsonataChoiceNeedsACondition() {
    assertThat(
            problems(
                "{'QueryLanguage': 'JSONata', 'StartAt': 'C', 'States': {'C': {'Type': 'Choice',"
                    + " 'Choices': [{'Next': 'S'}, {'Condition': '{% $states.input.a = %}', 'Next':"
                    + " 'S'}, {'Variable': '$.a', 'IsNull': true, 'Condition': true, 'Next': 'S'}],"
                    + " 'Default': 'S'}, 'S': {'Type': 'Succeed'}}}"))
        .extracting(Diagnostic::code, Diagnostic::location)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("SCHEMA_VALIDATION_FAILED", "/States/C/Choices[0]"),
            org.assertj.core.groups.Tuple.tuple(
                "INVALID_JSONATA_EXPRESSION", "/States/C/Choices[1]/Condition"),
            org.assertj.core.groups.Tuple.tuple(
                "SCHEMA_VALIDATION_FAILED", "/States/C/Choices[2]/Variable"),
            org.assertj.core.groups.Tuple.tuple(
                "SCHEMA_VALIDATION_FAILED", "/States/C/Choices[2]/IsNull"));
  }

  @Test
  void unknownTopLevelField() {
    assertThat(problems("{'StartAt': 'A', 'Foo': 1, 'States': {'A': {'Type': 'Succeed'}}}"))
        .containsExactly(schema("Field 'Foo' is not supported", "/"));
  }
}
