package dev.docket.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.model.Principal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parsing: the documents IAM accepts, and the corpus {@code malformed.jsonl} of documents it
 * refuses with the reason Docket gives (IAM's text where known, see {@code Reasons}).
 */
class PolicyDocumentTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ALLOW_ALL =
      "{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}";

  static Stream<Arguments> malformed() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    PolicyDocumentTest.class.getResourceAsStream("malformed.jsonl")),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          JsonNode node = MAPPER.readTree(line);
          cases.add(
              Arguments.of(
                  node.get("case").asText(),
                  node.get("document").asText(),
                  node.get("reason").asText()));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedDocumentIsRefusedWithItsReason(String name, String document, String reason) {
    assertThatThrownBy(() -> PolicyDocument.parse(document))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessage(reason);
  }

  @Test
  void statementMayBeASingleObjectAndVersionMayBeAbsent() {
    Policy policy = PolicyDocument.parse("{\"Statement\": " + ALLOW_ALL + "}");

    assertThat(policy.version()).isEqualTo("2008-10-17");
    assertThat(policy.statementCount()).isEqualTo(1);
    assertThat(policy.id()).isEmpty();
  }

  @Test
  void documentKeepsItsIdVersionAndStatementIds() {
    Policy policy =
        PolicyDocument.parse(
            """
            {"Version": "2012-10-17", "Id": "orders-policy", "Statement": [
              {"Sid": "one", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
              {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"},
              {"Sid": "two", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}
            """);

    assertThat(policy.version()).isEqualTo("2012-10-17");
    assertThat(policy.id()).contains("orders-policy");
    assertThat(policy.statementIds()).containsExactly("one", "two");
    assertThat(policy.statementCount()).isEqualTo(3);
  }

  @Test
  void sidsMayUseAnyCharactersSqsAllows() {
    Policy policy =
        Policies.policy(
            """
            {"Sid": "topic-subscription arn:aws:sns:us-east-1:111111111111:t", "Effect": "Allow",
             "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}
            """);

    assertThat(policy.statementIds())
        .containsExactly("topic-subscription arn:aws:sns:us-east-1:111111111111:t");
  }

  @Test
  void emptyInputIsASyntaxError() {
    assertThatThrownBy(() -> PolicyDocument.parse(""))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessage("Syntax errors in policy.");
    assertThatThrownBy(() -> PolicyDocument.parse(null))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessage("Syntax errors in policy.");
  }

  @Test
  void documentLongerThanTheLimitIsRefusedByItsLength() {
    String huge = "{\"Id\": \"" + "x".repeat(1 << 20) + "\", \"Statement\": " + ALLOW_ALL + "}";

    assertThatThrownBy(() -> PolicyDocument.parse(huge))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessage("Policy document must be at most 65536 characters, but was " + huge.length());
  }

  @Test
  void deeplyNestedDocumentIsRefusedWithoutRecursion() {
    String deep = "{\"Statement\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";

    assertThatThrownBy(() -> PolicyDocument.parse(deep))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessage("Policy document must be nested at most 16 levels deep");
  }

  @Test
  void deepNestingInsideAConditionIsRefused() {
    String deep =
        Policies.document(
            "{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\","
                + " \"Condition\": {\"StringEquals\": {\"k:a\": "
                + "[".repeat(20)
                + "]".repeat(20)
                + "}}}");

    assertThatThrownBy(() -> PolicyDocument.parse(deep))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessage("Policy document must be nested at most 16 levels deep");
  }

  @Test
  void statementCountIsLimited() {
    String many = Policies.document(String.join(",", Collections.nCopies(3, ALLOW_ALL)));
    ParseOptions options = ParseOptions.defaults().withLimits(65_536, 2, 100);

    assertThatThrownBy(() -> PolicyDocument.parse(many, options))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessage("Policy document must have at most 2 statements, but has 3");
  }

  @Test
  void valueCountIsLimited() {
    String actions =
        Policies.document(
            "{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Resource\": \"*\", \"Action\": ["
                + "\"sqs:A\",".repeat(10)
                + "\"sqs:B\"]}");
    ParseOptions options = ParseOptions.defaults().withLimits(65_536, 10, 10);

    assertThatThrownBy(() -> PolicyDocument.parse(actions, options))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessage("Policy document must have at most 10 values");
  }

  @Test
  void resourceMayBeOptionalForServicesThatRelaxIt() {
    String document =
        Policies.document("{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sqs:*\"}");

    Policy policy = PolicyDocument.parse(document, ParseOptions.defaults().withResourceOptional());

    assertThat(
            policy.evaluate(
                new Request(Policies.root(Policies.OTHER), "sqs:SendMessage", "arn:anything")))
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void principalMayBeOptionalWhenTheOptionsSaySo() {
    String document =
        Policies.document("{\"Effect\": \"Deny\", \"Action\": \"sqs:*\", \"Resource\": \"*\"}");

    Policy policy = PolicyDocument.parse(document, ParseOptions.defaults().withPrincipalOptional());

    assertThat(
            policy.evaluate(new Request(Principal.anonymous(), "sqs:SendMessage", "arn:anything")))
        .isEqualTo(Decision.DENY);
  }

  @Test
  void federatedAndCanonicalUserPrincipalsAreKeptButMatchNoOne() {
    Policy policy =
        Policies.policy(
            """
            {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com",
             "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
             "Action": "*", "Resource": "*"}
            """);

    assertThat(policy.evaluate(new Request(Policies.root(Policies.OTHER), "sqs:A", "arn:x")))
        .isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void escapesAreResolvedInResources() {
    Policy policy =
        Policies.policy(
            """
            {"Effect": "Allow", "Principal": "*", "Action": "*",
             "Resource": "arn:aws:s3:::bucket/${*}literal*"}
            """);

    assertThat(evaluate(policy, "arn:aws:s3:::bucket/*literal-x")).isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, "arn:aws:s3:::bucket/xliteral-x"))
        .isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void policyVariablesAreLiteralTextIn2008Documents() {
    Policy policy =
        PolicyDocument.parse(
            """
            {"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Principal": "*",
             "Action": "*", "Resource": "arn:aws:s3:::bucket/${aws:username}"}}
            """);

    assertThat(evaluate(policy, "arn:aws:s3:::bucket/${aws:username}")).isEqualTo(Decision.ALLOW);
  }

  private static Decision evaluate(Policy policy, String resource) {
    return policy.evaluate(new Request(Policies.root(Policies.OTHER), "s3:GetObject", resource));
  }
}
