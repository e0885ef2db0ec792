package dev.docket.states.asl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Definitions AWS accepts that other emulators were reported to refuse (LocalStack issues 9006,
 * 9715, 10118, 10196, 10254, 12048): none may give a diagnostic.
 */
class AwsAcceptedTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        // a Choice without Default whose rule loops back (LocalStack 9006)
        "{'StartAt': 'Check', 'States': {'Check': {'Type': 'Task', 'Resource':"
            + " 'arn:aws:lambda:us-east-1:111111111111:function:check', 'ResultPath': '$.result',"
            + " 'Next': 'Result'}, 'Result': {'Type': 'Choice', 'Choices': [{'Variable':"
            + " '$.result.done', 'BooleanEquals': true, 'Next': 'Send'}, {'Variable':"
            + " '$.result.done', 'BooleanEquals': false, 'Next': 'Check'}]}, 'Send': {'Type':"
            + " 'Task', 'Resource': 'arn:aws:lambda:us-east-1:111111111111:function:send', 'End':"
            + " true}}}",
        // an empty Retry (LocalStack 9715)
        "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource':"
            + " 'arn:aws:states:::lambda:invoke', 'Retry': [], 'End': true}}}",
        // ErrorPath and CausePath (LocalStack 10118)
        "{'StartAt': 'F', 'States': {'F': {'Type': 'Fail', 'ErrorPath': '$.error', 'CausePath':"
            + " '$.cause'}}}",
        // a retrier's Comment, JitterStrategy and MaxDelaySeconds (LocalStack 10196, 10254)
        "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource':"
            + " 'arn:aws:states:::lambda:invoke', 'Retry': [{'Comment': 'c', 'ErrorEquals':"
            + " ['Lambda.ServiceException'], 'IntervalSeconds': 1, 'MaxAttempts': 3,"
            + " 'BackoffRate': 2, 'MaxDelaySeconds': 5, 'JitterStrategy': 'FULL'}], 'End': true}}}",
        // a JSONata choice rule with Output (LocalStack 12048)
        "{'QueryLanguage': 'JSONata', 'Comment': 'c', 'StartAt': 'Choice', 'States': {'Choice':"
            + " {'Type': 'Choice', 'Choices': [{'Next': 'Fail', 'Condition': '{%"
            + " $states.input.status != `success` %}', 'Output': {'execution_id': '{% $ExecutionId"
            + " %}', 'notification_type': '{% $states.input.status %}'}}], 'Default': 'Success'},"
            + " 'Fail': {'Type': 'Fail'}, 'Success': {'Type': 'Succeed'}}}"
      })
  void accepted(String singleQuoted) {
    String definition = singleQuoted.replace('\'', '"').replace('`', '\'');
    assertThat(Definitions.validate(definition)).isEmpty();
    assertThat(Definitions.parse(definition).states()).isNotEmpty();
  }
}
