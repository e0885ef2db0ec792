package dev.docket.states.asl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Definitions AWS refused, with the messages AWS answered (recorded by LocalStack's AWS-validated
 * snapshot tests: {@code test_sfn_api}, {@code test_sfn_api_validation}, {@code
 * test_sfn_api_express}, {@code test_base_scenarios}, {@code test_credentials_base}, {@code
 * test_state_mock_validation}, {@code test_test_state_machine_scenarios}).
 */
class RecordedRefusalsTest {

  private static String refusal(String definition) {
    return refusal(definition, false);
  }

  private static String refusal(String definition, boolean express) {
    try {
      Definitions.parse(definition, express);
    } catch (InvalidDefinitionException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + definition);
  }

  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  @Test
  void missingStates() {
    assertThat(refusal(json("{'Comment': 'BASE_INVALID_DER', 'StartAt': 'State_1'}")))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are"
                + " required: [States] at /'");
  }

  @Test
  void emptyObjectLacksStatesAndStartAt() {
    assertThat(Definitions.validate("{}"))
        .containsExactly(
            new Diagnostic(
                "ERROR",
                "SCHEMA_VALIDATION_FAILED",
                "These fields are required: [States, StartAt]",
                "/"));
  }

  @Test
  void blankIsNotAnObject() {
    assertThat(Definitions.validate(" "))
        .containsExactly(
            new Diagnostic(
                "ERROR",
                "SCHEMA_VALIDATION_FAILED",
                "Definition must be a valid JSON object",
                null));
  }

  @Test
  void notJson() {
    String location = "[Source: (String)\"not a definition\"; line: 1, column: 4]";
    assertThat(Definitions.validate("not a definition"))
        .containsExactly(
            new Diagnostic(
                "ERROR",
                "INVALID_JSON_DESCRIPTION",
                "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or"
                    + " token 'null', 'true' or 'false')\n at "
                    + location,
                location));
  }

  @Test
  void missingStartAt() {
    assertThat(
            Definitions.validate(json("{'States': {'StartState': {'Type': 'Pass', 'End': true}}}")))
        .containsExactly(
            new Diagnostic(
                "ERROR", "SCHEMA_VALIDATION_FAILED", "These fields are required: [StartAt]", "/"));
  }

  @Test
  void jsonPathStateUnderJsonataMachine() {
    String definition =
        json(
            "{'StartAt': 'Pass', 'States': {'Pass': {'Type': 'Pass', 'End': true,"
                + " 'QueryLanguage': 'JSONPath'}}, 'QueryLanguage': 'JSONata'}");
    assertThat(Definitions.validate(definition))
        .containsExactly(
            new Diagnostic(
                "ERROR",
                "SCHEMA_VALIDATION_FAILED",
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
                "/States/Pass"));
  }

  @Test
  void jsonataMapOverJsonPathProcessorIsValid() {
    String definition =
        json(
            "{'StartAt': 'Map', 'QueryLanguage': 'JSONPath', 'States': {'Map': {'Type': 'Map',"
                + " 'QueryLanguage': 'JSONata', 'ItemProcessor': {'ProcessorConfig': {'Mode':"
                + " 'INLINE'}, 'StartAt': 'Pass', 'States': {'Pass': {'QueryLanguage':"
                + " 'JSONPath', 'Type': 'Pass', 'End': true}}}, 'End': true}}}");
    assertThat(Definitions.validate(definition)).isEmpty();
  }

  @Test
  void unknownStateType() {
    assertThat(
            refusal(
                json(
                    "{'StartAt': 'ExistingButInvalidState', 'States': {'ExistingButInvalidState':"
                        + " {'Type': 'TypeThatDoesNotExist', 'End': true}}}")))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Type' should"
                + " have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel,"
                + " Map] at /States/ExistingButInvalidState/Type'");
  }

  @Test
  void parallelWithoutBranches() {
    assertThat(
            refusal(
                json(
                    "{'StartAt': 'StateName', 'States': {'StateName': {'Type': 'Parallel',"
                        + " 'Branches': [], 'End': true}}}")))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Value cannot be empty at"
                + " /States/StateName/Branches'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{'InvalidField': 'invalid'}"})
  void credentialsWithoutRoleArn(String credentials) {
    String definition =
        json(
            "{'StartAt': 'State0', 'QueryLanguage': 'JSONata', 'States': {'State0': {'Type':"
                + " 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'Arguments': '{%"
                + " $state.input %}', 'Credentials': "
                + credentials
                + ", 'End': true}}}");
    assertThat(refusal(definition))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'RoleArn' is"
                + " required but was missing at /States/State0/Credentials'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "States.StringToJson('{\\\"text\\\":\\\"An \\\\\\\"escaped double quote\\\\\\\" here\\\"}')",
        "States.Format('He said, \\\\\\\"Hello, {}!\\\\\\\"', 'Test \\\\\\\"Name\\\\\\\" Here')"
      })
  void intrinsicWithIllegalEscape(String call) {
    String definition =
        "{\"StartAt\": \"IntrinsicEscape\", \"States\": {\"IntrinsicEscape\": {\"Type\": \"Pass\","
            + " \"Parameters\": {\"parsed.$\": \""
            + call
            + "\"}, \"End\": true}}}";
    assertThat(refusal(definition))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The value for the field"
                + " 'parsed.$' must be a valid JSONPath or a valid intrinsic function call at"
                + " /States/IntrinsicEscape/Parameters'");
  }

  private static String waitUntil(String timestamp) {
    return "{\"StartAt\": \"WaitUntil\", \"States\": {\"WaitUntil\": {\"Type\": \"Wait\","
        + " \"Timestamp\": \""
        + timestamp
        + "\", \"End\": true}}}";
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2016-12-05 21:29:29Z",
        "2016-12-05T21:29:29",
        "2016-13-05T21:29:29Z",
        "2016-12-05T25:29:29Z",
        "05-12-2016T21:29:29Z",
        "{% '2016-03-14T01:59:00Z' %}"
      })
  void waitTimestampNotRfc3339(String timestamp) {
    assertThat(refusal(waitUntil(timestamp)))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: String does not match"
                + " RFC3339 timestamp at /States/WaitUntil/Timestamp'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2016-03-14T01:59:00Z", "2016-03-05T21:29:29.243167252Z"})
  void waitTimestampAccepted(String timestamp) {
    assertThat(Definitions.validate(waitUntil(timestamp))).isEmpty();
  }

  @Test
  void expressRefusesWaitForTaskToken() {
    String definition =
        json(
            "{'StartAt': 'SendMessageWithWait', 'States': {'SendMessageWithWait': {'Type':"
                + " 'Task', 'Resource': 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',"
                + " 'Parameters': {'QueueUrl.$': '$.QueueUrl', 'MessageBody': {'Context.$':"
                + " '$', 'TaskToken.$': '$$.Task.Token'}}, 'End': true}}}");
    assertThat(Definitions.validate(definition, true))
        .containsExactly(
            new Diagnostic(
                "ERROR",
                "SCHEMA_VALIDATION_FAILED",
                "Express state machine does not support '.waitForTaskToken' service integration ",
                "/States/SendMessageWithWait/Resource"));
    assertThat(Definitions.validate(definition, false)).isEmpty();
  }

  @Test
  void expressRefusesSyncAndActivities() {
    assertThat(
            refusal(
                json(
                    "{'StartAt': 'StartExecution', 'States': {'StartExecution': {'Type': 'Task',"
                        + " 'Resource': 'arn:aws:states:::states:startExecution.sync', 'End':"
                        + " true}}}"),
                true))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine"
                + " does not support '.sync' service integration at"
                + " /States/StartExecution/Resource'");
    assertThat(
            refusal(
                json(
                    "{'StartAt': 'ActivityTask', 'States': {'ActivityTask': {'Type': 'Task',"
                        + " 'Resource': 'arn:aws:states:us-east-1:111111111111:activity:work',"
                        + " 'End': true}}}"),
                true))
        .isEqualTo(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine"
                + " does not support Activity ARN at /States/ActivityTask/Resource'");
  }
}
