package dev.docket.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.model.Principal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Queue policies as SQS writes and documents them: AddPermission's generated statements ({@code
 * 2008-10-17}, an {@code .../SQSDefaultPolicy} id, upper-case {@code SQS:} actions, account root
 * principals), the SNS subscription and EventBridge target statements the consoles write, and the
 * Developer Guide's examples with time windows, IP ranges and secure transport.
 */
class SqsPolicyTest {

  private static final String QUEUE = "arn:aws:sqs:us-east-1:444455556666:queue1";
  private static final String OWNER = "444455556666";

  @Test
  void addPermissionStatementGrantsTheNamedAccountTheNamedActions() {
    Policy policy =
        PolicyDocument.parse(
            """
            {"Version":"2008-10-17","Id":"arn:aws:sqs:us-east-1:444455556666:queue1/SQSDefaultPolicy",
             "Statement":[{"Sid":"AliceSendMessage","Effect":"Allow",
               "Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::777788889999:root"]},
               "Action":["SQS:SendMessage","SQS:ReceiveMessage"],
               "Resource":"arn:aws:sqs:us-east-1:444455556666:queue1"}]}
            """);

    assertThat(decide(policy, Policies.user("111122223333", "alice"), "sqs:SendMessage"))
        .isEqualTo(Authorization.ALLOWED_BY_POLICY);
    assertThat(decide(policy, Policies.root("777788889999"), "sqs:ReceiveMessage"))
        .isEqualTo(Authorization.ALLOWED_BY_POLICY);
    assertThat(decide(policy, Policies.root("111122223333"), "sqs:DeleteMessage"))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
    assertThat(decide(policy, Policies.root("999999999999"), "sqs:SendMessage"))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
    assertThat(policy.id()).contains("arn:aws:sqs:us-east-1:444455556666:queue1/SQSDefaultPolicy");
    assertThat(policy.statementIds()).containsExactly("AliceSendMessage");
  }

  @Test
  void addPermissionWithAllActionsGrantsEveryQueueAction() {
    Policy policy =
        PolicyDocument.parse(
            """
            {"Version":"2008-10-17","Id":"arn:aws:sqs:us-east-1:444455556666:queue1/SQSDefaultPolicy",
             "Statement":[{"Sid":"everything","Effect":"Allow",
               "Principal":{"AWS":"arn:aws:iam::111122223333:root"},
               "Action":"SQS:*","Resource":"arn:aws:sqs:us-east-1:444455556666:queue1"}]}
            """);

    assertThat(decide(policy, Policies.root("111122223333"), "sqs:PurgeQueue"))
        .isEqualTo(Authorization.ALLOWED_BY_POLICY);
    assertThat(decide(policy, Policies.root("111122223333"), "sns:Publish"))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void snsSubscriptionStatementAdmitsOnlyTheTopic() {
    Policy policy =
        PolicyDocument.parse(
            """
            {"Version":"2012-10-17","Statement":[{
              "Sid":"topic-subscription-arn:aws:sns:us-east-1:123456789012:MyTopic",
              "Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},
              "Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:444455556666:queue1",
              "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:MyTopic"}}}]}
            """);

    assertThat(
            decide(
                policy,
                Principal.service("sns.amazonaws.com"),
                "sqs:SendMessage",
                ConditionContext.builder()
                    .put("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:MyTopic")
                    .build()))
        .isEqualTo(Authorization.ALLOWED_BY_POLICY);
    assertThat(
            decide(
                policy,
                Principal.service("sns.amazonaws.com"),
                "sqs:SendMessage",
                ConditionContext.builder()
                    .put("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:Other")
                    .build()))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void eventBridgeTargetStatementAdmitsOnlyTheRule() {
    Policy policy =
        PolicyDocument.parse(
            """
            {"Version":"2012-10-17","Id":"arn:aws:sqs:us-east-1:444455556666:queue1/SQSDefaultPolicy",
             "Statement":[{"Sid":"AWSEvents_orders-rule_target-1","Effect":"Allow",
               "Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage",
               "Resource":"arn:aws:sqs:us-east-1:444455556666:queue1",
               "Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:events:us-east-1:444455556666:rule/orders-rule"}}}]}
            """);
    Principal events = Principal.service("events.amazonaws.com");

    assertThat(
            decide(
                policy,
                events,
                "sqs:SendMessage",
                ConditionContext.builder()
                    .put("aws:SourceArn", "arn:aws:events:us-east-1:444455556666:rule/orders-rule")
                    .put("aws:SourceAccount", OWNER)
                    .build()))
        .isEqualTo(Authorization.ALLOWED_BY_POLICY);
    assertThat(decide(policy, events, "sqs:SendMessage", ConditionContext.empty()))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void developerGuideTimeWindowAndIpRangeExample() {
    Policy policy =
        PolicyDocument.parse(
            """
            {"Version":"2012-10-17","Id":"Queue1_Policy_UUID","Statement":{
              "Sid":"Queue1_AnonymousAccess_AllActions_AllowlistIP","Effect":"Allow",
              "Principal":"*","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-1:444455556666:queue1",
              "Condition":{
                "DateGreaterThan":{"aws:CurrentTime":"2009-01-31T12:00Z"},
                "DateLessThan":{"aws:CurrentTime":"2009-01-31T15:00Z"},
                "IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}}
            """);

    assertThat(
            decide(
                policy,
                Principal.anonymous(),
                "sqs:SendMessage",
                window("2009-01-31T13:30:00Z", "192.0.2.17")))
        .isEqualTo(Authorization.ALLOWED_BY_POLICY);
    assertThat(
            decide(
                policy,
                Principal.anonymous(),
                "sqs:SendMessage",
                window("2009-01-31T15:00:00Z", "192.0.2.17")))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
    assertThat(
            decide(
                policy,
                Principal.anonymous(),
                "sqs:SendMessage",
                window("2009-01-31T13:30:00Z", "198.51.100.1")))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void denyWithoutSecureTransportStopsEvenTheOwner() {
    Policy policy =
        PolicyDocument.parse(
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecure","Effect":"Deny",
              "Principal":"*","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-1:444455556666:queue1",
              "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
            """);

    assertThat(
            decide(
                policy,
                Policies.root(OWNER),
                "sqs:SendMessage",
                ConditionContext.builder().put("aws:SecureTransport", "false").build()))
        .isEqualTo(Authorization.DENIED_EXPLICITLY);
    assertThat(
            decide(
                policy,
                Policies.root(OWNER),
                "sqs:SendMessage",
                ConditionContext.builder().put("aws:SecureTransport", "true").build()))
        .isEqualTo(Authorization.ALLOWED_SAME_ACCOUNT);
  }

  private static ConditionContext window(String time, String ip) {
    return ConditionContext.builder().put("aws:CurrentTime", time).put("aws:SourceIp", ip).build();
  }

  private static Authorization decide(Policy policy, Principal caller, String action) {
    return decide(policy, caller, action, ConditionContext.empty());
  }

  private static Authorization decide(
      Policy policy, Principal caller, String action, ConditionContext context) {
    return Authorizer.decide(
        caller, OWNER, Optional.of(policy), new Request(caller, action, QUEUE, context));
  }
}
