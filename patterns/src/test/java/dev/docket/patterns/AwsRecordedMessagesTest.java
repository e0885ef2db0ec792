package dev.docket.patterns;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refused patterns whose AWS message was recorded in LocalStack's AWS-validated snapshot ({@code
 * tests/aws/services/events/test_events_patterns.snapshot.json}, Apache-2.0, see {@code
 * conformance/patterns/PROVENANCE.md}) beyond the 103 cases of the conformance folder. The patterns
 * are the ones AWS received (the snapshot quotes them in its message, with the account and region
 * masked; the real values are put back here).
 */
class AwsRecordedMessagesTest {

  static Stream<Arguments> refusedPatterns() {
    return Stream.of(
        Arguments.of(
            "{\"EventBusArn\": [{\"wildcard\": \"*:*:*:*:*:event-bus/*\"}]}",
            PatternMessages.TOO_COMPLEX),
        Arguments.of(
            "{\"EventBusArn\": [{\"wildcard\": \"arn:aws:events:us-east-1:**:event-bus/*\"}]}",
            "Consecutive wildcard characters at pos 26"),
        Arguments.of(
            "{\"detail-type\": [{\"equals-ignore-case\": [\"ec2 instance state-change"
                + " notification\"]}]}",
            "equals-ignore-case match pattern must be a string"),
        Arguments.of(
            "{\"detail\": {\"sourceIPAddress\": [{\"cidr\": \"bad-filter\"}]}}",
            "Malformed CIDR, one '/' required"),
        Arguments.of(
            "{\"detail\": {\"sourceIPAddress\": [{\"cidr\": \"bad-/64filter\"}]}}",
            "Malformed CIDR, mask bits must be an integer"),
        Arguments.of(
            "{\"detail\": {\"sourceIPAddress\": [{\"cidr\": \"xxxx:db8:1234:1a00::/64\"}]}}",
            "Nonstandard IP address: xxxx:db8:1234:1a00::"),
        Arguments.of(
            "{\"EventBusArn\": [{\"wildcard\": 123}]}", "wildcard match pattern must be a string"),
        Arguments.of(
            "{\"EventBusArn\": [{\"wildcard\": [\"arn:aws:events:us-east-1:**:event-bus/*\"]}]}",
            "wildcard match pattern must be a string"),
        Arguments.of(
            "{\"detail\": {\"FileName\": [{\"anything-but\": {\"suffix\": [123, \".txt\"]}}]}}",
            "prefix/suffix match pattern must be a string"),
        Arguments.of(
            "{\"detail\": {\"FileName\": [{\"anything-but\": {\"suffix\": 123}}]}}",
            "prefix/suffix match pattern must be a string"),
        Arguments.of(
            "{\"time\": [{\"prefix\": [\"2022-07-13\"]}]}",
            "prefix match pattern must be a string"),
        Arguments.of("{\"time\": [{\"prefix\": 123}]}", "prefix match pattern must be a string"),
        Arguments.of(
            "{\"FileName\": [{\"suffix\": [\".png\"]}]}", "suffix match pattern must be a string"),
        Arguments.of(
            "{\"detail\": {\"FileName\": [{\"anything-but\": {\"suffix\": {\"equals-ignore-case\":"
                + " \".png\"}}}]}}",
            "Value of anything-but must be an array or single string/number value."),
        Arguments.of(
            "{'bad': 'quotation'}",
            "Unexpected character (''' (code 39)): was expecting double-quote to start field name"),
        Arguments.of(
            "{\"not\": closed mark\"",
            "Unrecognized token 'closed': was expecting (JSON String, Number, Array, Object or"
                + " token 'null', 'true' or 'false')"));
  }

  @ParameterizedTest
  @MethodSource("refusedPatterns")
  void refusesThePatternWithAwsMessage(String pattern, String reason) {
    assertThatThrownBy(() -> EventPattern.parse(pattern))
        .isInstanceOf(InvalidEventPatternException.class)
        .hasMessage(PatternMessages.PREFIX + reason);
  }
}
