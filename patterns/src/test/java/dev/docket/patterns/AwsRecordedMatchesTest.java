package dev.docket.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Two further AWS-validated TestEventPattern cases of LocalStack's {@code test_events_patterns.py}
 * (Apache-2.0, see {@code conformance/patterns/PROVENANCE.md}) that need raw text: a pattern with a
 * repeated key, and escape characters. AWS answered {@code true} to both.
 */
class AwsRecordedMatchesTest {

  private static final String EVENT_HEAD =
      "{\"id\": \"1\", \"source\": \"test-source\", \"detail-type\": \"test-detail-type\","
          + " \"account\": \"123456789012\", \"region\": \"us-east-2\", \"time\":"
          + " \"2022-07-13T13:48:01Z\", ";

  @Test
  void aRepeatedKeyReplacesTheEarlierOne() {
    String pattern =
        "{\n  \"detail\": {\n    \"location\": [ { \"prefix\": \"us-\" } ],\n"
            + "    \"location\": [ { \"anything-but\": \"us-east\" } ]\n  }\n}\n";
    String event = EVENT_HEAD + "\"detail\": {\"location\": \"eu-central-1\"}}";

    boolean matched = EventPattern.parse(pattern).matches(TestEvent.parse(event));

    assertThat(matched).isTrue();
  }

  @Test
  void exactValuesMatchStarsAndBackslashesLiterally() {
    String pattern = "{\"detail\": {\"escape_star\": [\"*\"], \"escape_backslash\": [\"\\\\\"]}}";
    String event =
        EVENT_HEAD + "\"detail\": {\"escape_star\": \"*\", \"escape_backslash\": \"\\\\\"}}";

    boolean matched = EventPattern.parse(pattern).matches(TestEvent.parse(event));

    assertThat(matched).isTrue();
  }
}
