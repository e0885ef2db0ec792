package dev.docket.states.asl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Definitions AWS refused, with AWS's answers as quoted in public bug reports (LocalStack issue
 * 11978, aws-cdk issue 10530, cfn-lint issues 4073, 4074, 4075, 4077 and 4078, functionless issue
 * 308, and measurements with {@code validate-state-machine-definition} in floci issues 2735, 2745
 * and 2968).
 */
class QuotedRefusalsTest {

  private static String refusal(String definition) {
    try {
      Definitions.parse(definition);
    } catch (InvalidDefinitionException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + definition);
  }

  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static Diagnostic error(String code, String message, String location) {
    return new Diagnostic("ERROR", code, message, location);
  }

  @Test
  void missingTargetAndUnreachableState() {
    String definition =
        json(
            "{'StartAt': 'pass1', 'States': {'pass1': {'Type': 'Pass', 'Next': 'pass3'},"
                + " 'pass2': {'Type': 'Pass', 'End': true}}}");
    assertThat(refusal(definition))
        .isEqualTo(
            "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target:"
                + " pass3 at /States/pass1/Next, MISSING_TRANSITION_TARGET: State \"pass2\" is not"
                + " reachable. at /States/pass2'");
  }

  @Test
  void loopWithoutTerminalState() {
    String loop =
        "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Pass',"
            + " 'Next': 'A'}%s}}";
    assertThat(refusal(json(loop.formatted(""))))
        .isEqualTo(
            "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state"
                + " at null'");
    assertThat(Definitions.validate(json(loop.formatted(", 'C': {'Type': 'Pass', 'End': true}"))))
        .containsExactly(
            error("MISSING_TRANSITION_TARGET", "State \"C\" is not reachable.", "/States/C"));
  }

  @Test
  void missingTargetThenNoTerminalState() {
    assertThat(
            Definitions.validate(
                json("{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'NOPE'}}}")))
        .containsExactly(
            error("MISSING_TRANSITION_TARGET", "Missing 'Next' target: NOPE", "/States/A/Next"),
            error("MISSING_END_STATE", "Workflow has no terminal state", null));
  }

  @Test
  void missingTargetsOfChoicesDefaultAndCatch() {
    String definition =
        json(
            "{'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.x',"
                + " 'IsPresent': true, 'Next': 'X1'}], 'Default': 'T'}, 'T': {'Type': 'Task',"
                + " 'Resource': 'arn:aws:states:::lambda:invoke', 'Catch': [{'ErrorEquals':"
                + " ['States.ALL'], 'Next': 'X2'}], 'Next': 'X3'}}}");
    assertThat(Definitions.validate(definition))
        .containsExactly(
            error(
                "MISSING_TRANSITION_TARGET",
                "Missing 'Next' target: X1",
                "/States/C/Choices[0]/Next"),
            error("MISSING_TRANSITION_TARGET", "Missing 'Next' target: X3", "/States/T/Next"),
            error(
                "MISSING_TRANSITION_TARGET",
                "Missing 'Next' target: X2",
                "/States/T/Catch[0]/Next"),
            error("MISSING_END_STATE", "Workflow has no terminal state", null));
  }

  @Test
  void statesAllNotAloneAndLast() {
    String definition =
        json(
            "{'StartAt': 'lambdaInvoke', 'States': {'lambdaInvoke': {'Type': 'Task', 'Resource':"
                + " 'arn:aws:states:::lambda:invoke', 'Retry': [{'ErrorEquals': ['States.ALL']},"
                + " {'ErrorEquals': ['Exception']}], 'Catch': [{'ErrorEquals': ['States.ALL'],"
                + " 'Next': 'End'}, {'ErrorEquals': ['Exception'], 'Next': 'End'}], 'Next':"
                + " 'End'}, 'End': {'Type': 'Succeed'}}}");
    assertThat(refusal(definition))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: States.ALL must appear"
                + " alone and at end of list at /States/lambdaInvoke/Retry[0]/ErrorEquals[0],"
                + " SCHEMA_VALIDATION_FAILED: States.ALL must appear alone and at end of list at"
                + " /States/lambdaInvoke/Catch[0]/ErrorEquals[0]'");
  }

  @Test
  void outputPathNotAPath() {
    String definition =
        json(
            "{'StartAt': 'Pass', 'States': {'Pass': {'Type': 'Pass', 'OutputPath': 'Test',"
                + " 'Next': 'Success'}, 'Success': {'Type': 'Succeed'}}}");
    assertThat(refusal(definition))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Value must be a valid"
                + " JSONPath. at /States/Pass/OutputPath'");
  }

  @Test
  void fieldTheStateTypeDoesNotHave() {
    String definition =
        json(
            "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 1, 'ResultPath': null,"
                + " 'End': true}}}");
    assertThat(refusal(definition))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Field 'ResultPath' is"
                + " not supported at /States/W'");
  }

  @Test
  void timeoutRetryAndCatchOnlyWhereSupported() {
    String definition =
        json(
            "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'Catch': [], 'Next': 'M'}, 'M':"
                + " {'Type': 'Map', 'TimeoutSeconds': 5, 'ItemProcessor': {'StartAt': 'I',"
                + " 'States': {'I': {'Type': 'Pass', 'End': true}}}, 'End': true}}}");
    assertThat(Definitions.validate(definition))
        .containsExactly(
            error("SCHEMA_VALIDATION_FAILED", "Field 'Catch' is not supported", "/States/P"),
            error(
                "SCHEMA_VALIDATION_FAILED",
                "Field 'TimeoutSeconds' is not supported",
                "/States/M"));
  }

  @Test
  void jsonataFieldInAJsonPathProcessor() {
    String definition =
        json(
            "{'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'QueryLanguage': 'JSONata',"
                + " 'ItemProcessor': {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'Output':"
                + " 1, 'End': true}}}, 'End': true}}}");
    assertThat(Definitions.validate(definition))
        .containsExactly(
            error(
                "SCHEMA_VALIDATION_FAILED",
                "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for"
                    + " the 'JSONata' QueryLanguage",
                "/States/M/ItemProcessor/States/P"));
  }

  @Test
  void processorCannotSetItsQueryLanguage() {
    String definition =
        json(
            "{'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'Iterator': {'QueryLanguage':"
                + " 'JSONPath', 'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}},"
                + " 'End': true}}}");
    assertThat(Definitions.validate(definition))
        .containsExactly(
            error(
                "SCHEMA_VALIDATION_FAILED",
                "Field 'QueryLanguage' is not supported",
                "/States/M/Iterator"));
  }

  @Test
  void jsonataThatDoesNotParse() {
    String definition =
        json(
            "{'QueryLanguage': 'JSONata', 'StartAt': 'Main', 'States': {'Main': {'Type': 'Pass',"
                + " 'Output': '{% 1 + %}', 'End': true}}}");
    assertThat(refusal(definition))
        .isEqualTo(
            "Invalid State Machine Definition: 'INVALID_JSONATA_EXPRESSION: Unexpected end of"
                + " expression at /States/Main/Output'");
  }

  @Test
  void startAtNamingNoState() {
    String definition =
        json(
            "{'StartAt': 'Not sure', 'States': {'Pass One': {'Type': 'Pass', 'Next': 'Success'},"
                + " 'Success': {'Type': 'Succeed'}}}");
    assertThat(refusal(definition))
        .isEqualTo(
            "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target:"
                + " Not sure at /StartAt, MISSING_TRANSITION_TARGET: State \"Pass One\" is not"
                + " reachable. at /States/Pass One'");
  }

  @Test
  void stateNobodyNames() {
    String definition =
        json(
            "{'StartAt': 'Pass One', 'States': {'Pass One': {'Type': 'Pass', 'Next': 'Pass Two'},"
                + " 'Pass Two': {'Type': 'Pass', 'Next': 'Success'}, 'Unreachable pass': {'Type':"
                + " 'Pass', 'Next': 'Success'}, 'Success': {'Type': 'Succeed'}}}");
    assertThat(refusal(definition))
        .isEqualTo(
            "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: State \"Unreachable"
                + " pass\" is not reachable. at /States/Unreachable pass'");
  }

  @Test
  void waitSecondsAboveTheMaximum() {
    String definition =
        json(
            "{'StartAt': 'Wait', 'States': {'Wait': {'Type': 'Wait', 'Seconds':"
                + " 10000000000000000, 'Next': 'Success'}, 'Success': {'Type': 'Succeed'}}}");
    assertThat(refusal(definition))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Maximum value is"
                + " 99999999 at /States/Wait/Seconds'");
  }

  @Test
  void choiceRuleWithoutNext() {
    String definition =
        json(
            "{'StartAt': 'Pass', 'States': {'Pass': {'Type': 'Pass', 'Next': 'Choice'}, 'Choice':"
                + " {'Type': 'Choice', 'Choices': [{'Variable': '$', 'StringMatches': 'Test'}],"
                + " 'Default': 'Success'}, 'Success': {'Type': 'Succeed'}}}");
    assertThat(refusal(definition))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are"
                + " required: [Next] at /States/Choice/Choices[0]'");
  }
}
