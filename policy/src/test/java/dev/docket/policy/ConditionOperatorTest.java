package dev.docket.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every condition operator against the corpus {@code conditions.jsonl}: one case per line, an
 * operator with its policy value(s), the request's values for the key ({@code null}: the key is
 * missing), and whether the condition holds. Each case is run as an Allow statement with that one
 * condition, so "holds" means ALLOW and "does not hold" means NOT_APPLICABLE.
 */
class ConditionOperatorTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<Arguments> corpus() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    ConditionOperatorTest.class.getResourceAsStream("conditions.jsonl")),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          JsonNode node = MAPPER.readTree(line);
          cases.add(Arguments.of(node.get("case").asText(), node));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void conditionHoldsAsAwsDocuments(String name, JsonNode testCase) {
    Policy policy =
        Policies.policy(
            """
            {"Effect": "Allow", "Principal": "*", "Action": "test:Act", "Resource": "*",
             "Condition": {"%s": {"test:SomeKey": %s}}}
            """
                .formatted(testCase.get("op").asText(), testCase.get("policy")));
    ConditionContext.Builder context = ConditionContext.builder().put("other:Key", "x");
    JsonNode values = testCase.get("request");
    if (!values.isNull()) {
      List<String> list = new ArrayList<>();
      values.forEach(value -> list.add(value.asText()));
      context.put("TEST:somekey", list);
    }

    Decision decision =
        policy.evaluate(
            new Request(Policies.root(Policies.OTHER), "test:Act", "arn:x", context.build()));

    assertThat(decision)
        .isEqualTo(testCase.get("holds").asBoolean() ? Decision.ALLOW : Decision.NOT_APPLICABLE);
  }

  @Test
  void severalKeysOfOneOperatorMustAllHold() {
    Policy policy =
        Policies.policy(
            """
            {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
             "Condition": {"StringEquals": {"k:a": "1", "k:b": "2"}}}
            """);

    assertThat(policy.evaluate(request("k:a", "1", "k:b", "2"))).isEqualTo(Decision.ALLOW);
    assertThat(policy.evaluate(request("k:a", "1", "k:b", "3"))).isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void severalOperatorsMustAllHold() {
    Policy policy =
        Policies.policy(
            """
            {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
             "Condition": {"StringEquals": {"k:a": "1"}, "NumericLessThan": {"k:b": "10"}}}
            """);

    assertThat(policy.evaluate(request("k:a", "1", "k:b", "2"))).isEqualTo(Decision.ALLOW);
    assertThat(policy.evaluate(request("k:a", "1", "k:b", "20")))
        .isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(policy.evaluate(request("k:a", "0", "k:b", "2"))).isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void policyVariablesAreTextInVersion2008() {
    Policy policy =
        PolicyDocument.parse(
            """
            {"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Principal": "*",
             "Action": "*", "Resource": "*",
             "Condition": {"StringLike": {"k:a": "${aws:username}*"}}}}
            """);

    assertThat(policy.evaluate(request("k:a", "${aws:username}-x", "k:b", "")))
        .isEqualTo(Decision.ALLOW);
  }

  private static Request request(String key1, String value1, String key2, String value2) {
    return new Request(
        Policies.root(Policies.OTHER),
        "sqs:SendMessage",
        Policies.QUEUE_ARN,
        ConditionContext.builder().put(key1, value1).put(key2, value2).build());
  }
}
