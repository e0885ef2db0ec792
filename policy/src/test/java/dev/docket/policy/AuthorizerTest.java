package dev.docket.policy;

import static dev.docket.policy.Policies.OTHER;
import static dev.docket.policy.Policies.OWNER;
import static dev.docket.policy.Policies.QUEUE_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.model.Principal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

  private static final Policy DENY_DELETE =
      Policies.policy(
          """
          {"Effect": "Deny", "Principal": "*", "Action": "sqs:DeleteQueue", "Resource": "*"},
          {"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sqs:*",
           "Resource": "*"}
          """);

  @Test
  void sameAccountCallerIsAllowedWithoutAPolicy() {
    assertThat(decide(Policies.user(OWNER, "app"), Optional.empty(), "sqs:SendMessage"))
        .isEqualTo(Authorization.ALLOWED_SAME_ACCOUNT);
    assertThat(decide(Policies.session(OWNER, "R", "s"), Optional.empty(), "sqs:SendMessage"))
        .isEqualTo(Authorization.ALLOWED_SAME_ACCOUNT);
  }

  @Test
  void otherAccountIsDeniedWithoutAPolicy() {
    assertThat(decide(Policies.root(OTHER), Optional.empty(), "sqs:SendMessage"))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void explicitDenyStopsTheOwningAccountToo() {
    assertThat(decide(Policies.root(OWNER), Optional.of(DENY_DELETE), "sqs:DeleteQueue"))
        .isEqualTo(Authorization.DENIED_EXPLICITLY);
    assertThat(decide(Policies.root(OTHER), Optional.of(DENY_DELETE), "sqs:DeleteQueue"))
        .isEqualTo(Authorization.DENIED_EXPLICITLY);
  }

  @Test
  void otherAccountIsAllowedByAnAllow() {
    assertThat(decide(Policies.user(OTHER, "bob"), Optional.of(DENY_DELETE), "sqs:SendMessage"))
        .isEqualTo(Authorization.ALLOWED_BY_POLICY);
  }

  @Test
  void servicePrincipalNeedsAnAllow() {
    Principal events = Principal.service("events.amazonaws.com");

    assertThat(decide(events, Optional.empty(), "sqs:SendMessage"))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
    assertThat(decide(events, Optional.of(DENY_DELETE), "sqs:SendMessage"))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void anonymousCallerNeedsAnAllow() {
    Policy open =
        Policies.policy(
            "{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sqs:SendMessage\","
                + " \"Resource\": \"*\"}");

    assertThat(decide(Principal.anonymous(), Optional.empty(), "sqs:SendMessage"))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
    assertThat(decide(Principal.anonymous(), Optional.of(open), "sqs:SendMessage"))
        .isEqualTo(Authorization.ALLOWED_BY_POLICY);
  }

  @Test
  void allowedAndDeniedAreTellable() {
    assertThat(Authorization.ALLOWED_SAME_ACCOUNT.allowed()).isTrue();
    assertThat(Authorization.ALLOWED_BY_POLICY.allowed()).isTrue();
    assertThat(Authorization.DENIED_EXPLICITLY.allowed()).isFalse();
    assertThat(Authorization.DENIED_IMPLICITLY.allowed()).isFalse();
  }

  @Test
  void callerMustBeTheRequestsPrincipal() {
    Request request = new Request(Policies.root(OTHER), "sqs:SendMessage", QUEUE_ARN);

    assertThatThrownBy(
            () -> Authorizer.decide(Policies.root(OWNER), OWNER, Optional.empty(), request))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Authorization decide(Principal caller, Optional<Policy> policy, String action) {
    return Authorizer.decide(caller, OWNER, policy, new Request(caller, action, QUEUE_ARN));
  }
}
