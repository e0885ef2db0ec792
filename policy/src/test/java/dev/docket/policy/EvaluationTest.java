package dev.docket.policy;

import static dev.docket.policy.Policies.OTHER;
import static dev.docket.policy.Policies.OWNER;
import static dev.docket.policy.Policies.QUEUE_ARN;
import static dev.docket.policy.Policies.THIRD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.model.Principal;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Statement matching: actions, resources, principals, their Not forms and Deny over Allow. */
class EvaluationTest {

  private static final Principal OTHER_ROOT = Policies.root(OTHER);

  @Test
  void actionsMatchCaseInsensitively() {
    Policy policy = allow("\"Principal\": \"*\", \"Action\": \"SQS:SendMessage\"");

    assertThat(evaluate(policy, OTHER_ROOT, "sqs:sendmessage")).isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, OTHER_ROOT, "sqs:SendMessage")).isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, OTHER_ROOT, "sqs:SendMessageBatch"))
        .isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void actionWildcardsMatchPrefixesAndGlobs() {
    Policy prefix = allow("\"Principal\": \"*\", \"Action\": \"sqs:Send*\"");
    Policy glob = allow("\"Principal\": \"*\", \"Action\": \"sqs:*Message?atch\"");
    Policy any = allow("\"Principal\": \"*\", \"Action\": \"*\"");

    assertThat(evaluate(prefix, OTHER_ROOT, "sqs:SendMessageBatch")).isEqualTo(Decision.ALLOW);
    assertThat(evaluate(prefix, OTHER_ROOT, "sqs:ReceiveMessage"))
        .isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(evaluate(prefix, OTHER_ROOT, "events:SendMessage"))
        .isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(evaluate(glob, OTHER_ROOT, "sqs:DeleteMessageBatch")).isEqualTo(Decision.ALLOW);
    assertThat(evaluate(glob, OTHER_ROOT, "sqs:DeleteMessage")).isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(evaluate(any, OTHER_ROOT, "states:StartExecution")).isEqualTo(Decision.ALLOW);
  }

  @Test
  void notActionAppliesToEveryOtherAction() {
    Policy policy =
        Policies.policy(
            """
            {"Effect": "Deny", "Principal": "*", "NotAction": ["sqs:ReceiveMessage", "sqs:Get*"],
             "Resource": "*"}
            """);

    assertThat(evaluate(policy, OTHER_ROOT, "sqs:SendMessage")).isEqualTo(Decision.DENY);
    assertThat(evaluate(policy, OTHER_ROOT, "sqs:receivemessage"))
        .isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(evaluate(policy, OTHER_ROOT, "sqs:GetQueueAttributes"))
        .isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void resourcesMatchArnGlobsCaseSensitively() {
    Policy policy =
        allow(
            "\"Principal\": \"*\", \"Action\": \"sqs:*\", \"Resource\":"
                + " [\"arn:aws:sqs:*:111111111111:orders-*\", \"arn:aws:sqs:us-east-1:111111111111:audit\"]");

    assertThat(evaluateOn(policy, "arn:aws:sqs:eu-west-1:111111111111:orders-eu"))
        .isEqualTo(Decision.ALLOW);
    assertThat(evaluateOn(policy, "arn:aws:sqs:us-east-1:111111111111:audit"))
        .isEqualTo(Decision.ALLOW);
    assertThat(evaluateOn(policy, "arn:aws:sqs:us-east-1:111111111111:Audit"))
        .isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(evaluateOn(policy, "arn:aws:sqs:us-east-1:222222222222:orders-x"))
        .isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void notResourceAppliesToEveryOtherResource() {
    Policy policy =
        Policies.policy(
            """
            {"Effect": "Deny", "Principal": "*", "Action": "sqs:*",
             "NotResource": "arn:aws:sqs:us-east-1:111111111111:public-*"}
            """);

    assertThat(evaluateOn(policy, QUEUE_ARN)).isEqualTo(Decision.DENY);
    assertThat(evaluateOn(policy, "arn:aws:sqs:us-east-1:111111111111:public-feed"))
        .isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void accountIdAndRootArnAreOnePrincipalThatCoversTheWholeAccount() {
    Policy byId = allow("\"Principal\": {\"AWS\": \"222222222222\"}, \"Action\": \"sqs:*\"");
    Policy byArn =
        allow(
            "\"Principal\": {\"AWS\": \"arn:aws:iam::222222222222:root\"}, \"Action\": \"sqs:*\"");

    for (Policy policy : new Policy[] {byId, byArn}) {
      assertThat(evaluate(policy, OTHER_ROOT, "sqs:SendMessage")).isEqualTo(Decision.ALLOW);
      assertThat(evaluate(policy, Policies.user(OTHER, "alice"), "sqs:SendMessage"))
          .isEqualTo(Decision.ALLOW);
      assertThat(evaluate(policy, Policies.session(OTHER, "Writer", "s1"), "sqs:SendMessage"))
          .isEqualTo(Decision.ALLOW);
      assertThat(evaluate(policy, Policies.root(THIRD), "sqs:SendMessage"))
          .isEqualTo(Decision.NOT_APPLICABLE);
      assertThat(evaluate(policy, Principal.anonymous(), "sqs:SendMessage"))
          .isEqualTo(Decision.NOT_APPLICABLE);
    }
  }

  @Test
  void userPrincipalMatchesOnlyThatUser() {
    Policy policy =
        allow(
            "\"Principal\": {\"AWS\": [\"arn:aws:iam::222222222222:user/alice\"]},"
                + " \"Action\": \"sqs:*\"");

    assertThat(evaluate(policy, Policies.user(OTHER, "alice"), "sqs:A")).isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, Policies.user(OTHER, "bob"), "sqs:A"))
        .isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(evaluate(policy, OTHER_ROOT, "sqs:A")).isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void rolePrincipalMatchesTheRoleAndItsSessions() {
    Policy policy =
        allow(
            "\"Principal\": {\"AWS\": \"arn:aws:iam::222222222222:role/team/Writer\"},"
                + " \"Action\": \"sqs:*\"");

    assertThat(evaluate(policy, Policies.session(OTHER, "Writer", "build-42"), "sqs:A"))
        .isEqualTo(Decision.ALLOW);
    assertThat(
            evaluate(
                policy, Principal.ofArn("arn:aws:iam::222222222222:role/team/Writer"), "sqs:A"))
        .isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, Policies.session(OTHER, "Reader", "build-42"), "sqs:A"))
        .isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(evaluate(policy, Policies.session(THIRD, "Writer", "build-42"), "sqs:A"))
        .isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void sessionPrincipalMatchesOnlyThatSession() {
    Policy policy =
        allow(
            "\"Principal\": {\"AWS\":"
                + " \"arn:aws:sts::222222222222:assumed-role/Writer/build-42\"},"
                + " \"Action\": \"sqs:*\"");

    assertThat(evaluate(policy, Policies.session(OTHER, "Writer", "build-42"), "sqs:A"))
        .isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, Policies.session(OTHER, "Writer", "build-43"), "sqs:A"))
        .isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void servicePrincipalsMatchByNameAndOnlyServices() {
    Policy policy =
        allow(
            "\"Principal\": {\"Service\": [\"events.amazonaws.com\", \"SCHEDULER.amazonaws.com\"]},"
                + " \"Action\": \"sqs:SendMessage\"");

    assertThat(evaluate(policy, Principal.service("events.amazonaws.com"), "sqs:SendMessage"))
        .isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, Principal.service("scheduler.amazonaws.com"), "sqs:SendMessage"))
        .isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, Principal.service("states.amazonaws.com"), "sqs:SendMessage"))
        .isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(evaluate(policy, OTHER_ROOT, "sqs:SendMessage")).isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void starPrincipalMatchesEveryone() {
    Policy policy = allow("\"Principal\": \"*\", \"Action\": \"sqs:*\"");

    assertThat(evaluate(policy, Principal.anonymous(), "sqs:A")).isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, Principal.service("events.amazonaws.com"), "sqs:A"))
        .isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, Policies.user(THIRD, "x"), "sqs:A")).isEqualTo(Decision.ALLOW);
  }

  @Test
  void awsStarPrincipalMatchesEveryIdentityButNotAnonymousOrServices() {
    Policy policy = allow("\"Principal\": {\"AWS\": \"*\"}, \"Action\": \"sqs:*\"");

    assertThat(evaluate(policy, Policies.user(THIRD, "x"), "sqs:A")).isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, Policies.session(OTHER, "R", "s"), "sqs:A"))
        .isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, Policies.root(OWNER), "sqs:A")).isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, Principal.anonymous(), "sqs:A")).isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(evaluate(policy, Principal.service("events.amazonaws.com"), "sqs:A"))
        .isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void notPrincipalAppliesToEveryoneElse() {
    Policy policy =
        Policies.policy(
            """
            {"Effect": "Deny", "NotPrincipal": {"AWS": ["111111111111",
               "arn:aws:iam::222222222222:user/alice"]},
             "Action": "sqs:*", "Resource": "*"}
            """);

    assertThat(evaluate(policy, Policies.user(OWNER, "anyone"), "sqs:A"))
        .isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(evaluate(policy, Policies.user(OTHER, "alice"), "sqs:A"))
        .isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(evaluate(policy, Policies.user(OTHER, "bob"), "sqs:A")).isEqualTo(Decision.DENY);
    assertThat(evaluate(policy, Principal.anonymous(), "sqs:A")).isEqualTo(Decision.DENY);
    assertThat(evaluate(policy, Principal.service("events.amazonaws.com"), "sqs:A"))
        .isEqualTo(Decision.DENY);
  }

  @Test
  void denyWinsOverAllowWhateverTheOrder() {
    Policy policy =
        Policies.policy(
            """
            {"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"},
            {"Effect": "Deny", "Principal": {"AWS": "222222222222"}, "Action": "sqs:Delete*",
             "Resource": "*"}
            """);

    assertThat(evaluate(policy, OTHER_ROOT, "sqs:DeleteQueue")).isEqualTo(Decision.DENY);
    assertThat(evaluate(policy, OTHER_ROOT, "sqs:SendMessage")).isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, Policies.root(THIRD), "sqs:DeleteQueue")).isEqualTo(Decision.ALLOW);
  }

  @Test
  void statementWithAFailingConditionDoesNotApply() {
    Policy policy =
        Policies.policy(
            """
            {"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"}
            """);
    Request secure =
        new Request(
            OTHER_ROOT,
            "sqs:SendMessage",
            QUEUE_ARN,
            ConditionContext.builder().put("aws:SecureTransport", "true").build());
    Request plain =
        new Request(
            OTHER_ROOT,
            "sqs:SendMessage",
            QUEUE_ARN,
            ConditionContext.builder().put("aws:SecureTransport", "false").build());

    assertThat(policy.evaluate(secure)).isEqualTo(Decision.ALLOW);
    assertThat(policy.evaluate(plain)).isEqualTo(Decision.DENY);
  }

  @Test
  void serviceStarMatchesEveryServiceButNoAccount() {
    Policy policy = allow("\"Principal\": {\"Service\": \"*\"}, \"Action\": \"sqs:SendMessage\"");

    assertThat(evaluate(policy, Principal.service("pipes.amazonaws.com"), "sqs:SendMessage"))
        .isEqualTo(Decision.ALLOW);
    assertThat(evaluate(policy, OTHER_ROOT, "sqs:SendMessage")).isEqualTo(Decision.NOT_APPLICABLE);
    assertThat(evaluate(policy, Principal.anonymous(), "sqs:SendMessage"))
        .isEqualTo(Decision.NOT_APPLICABLE);
  }

  @Test
  void onePolicyIsSharedSafelyByConcurrentEvaluations() throws Exception {
    Policy policy =
        Policies.policy(
            """
            {"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sqs:Send*",
             "Resource": "arn:aws:sqs:*:111111111111:*",
             "Condition": {"StringLike": {"k:tag": "team-*"}}}
            """);
    int threads = 8;
    int perThread = 20_000;
    AtomicInteger wrong = new AtomicInteger();

    try (var executor = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        executor.submit(
            () -> {
              for (int i = 0; i < perThread; i++) {
                boolean allowed = (i + thread) % 2 == 0;
                Request request =
                    new Request(
                        OTHER_ROOT,
                        "sqs:SendMessage",
                        QUEUE_ARN,
                        ConditionContext.builder()
                            .put("k:tag", allowed ? "team-" + i : "other-" + i)
                            .build());
                Decision expected = allowed ? Decision.ALLOW : Decision.NOT_APPLICABLE;
                if (policy.evaluate(request) != expected) {
                  wrong.incrementAndGet();
                }
              }
            });
      }
    }

    assertThat(wrong).hasValue(0);
  }

  private static Policy allow(String elements) {
    return Policies.policy(
        "{\"Effect\": \"Allow\", "
            + elements
            + (elements.contains("Resource") ? "}" : ", \"Resource\": \"*\"}"));
  }

  private static Decision evaluate(Policy policy, Principal principal, String action) {
    return policy.evaluate(new Request(principal, action, QUEUE_ARN));
  }

  private static Decision evaluateOn(Policy policy, String resource) {
    return policy.evaluate(new Request(OTHER_ROOT, "sqs:SendMessage", resource));
  }
}
