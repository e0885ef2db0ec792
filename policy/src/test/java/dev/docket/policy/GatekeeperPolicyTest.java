package dev.docket.policy;

import static dev.docket.policy.Policies.BUS_ARN;
import static dev.docket.policy.Policies.OTHER;
import static dev.docket.policy.Policies.OWNER;
import static dev.docket.policy.Policies.THIRD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.model.Principal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The gatekeeper bus of design note 0005: account 111111111111's bus admits PutEvents from account
 * 222222222222 only for {@code source} {@code orders} and {@code detail-type} {@code OrderPlaced};
 * EventBridge checks each entry with {@code events:source} and {@code events:detail-type} in the
 * context.
 */
class GatekeeperPolicyTest {

  private static final Policy GATEKEEPER =
      PolicyDocument.parse(
          """
          {
            "Version": "2012-10-17",
            "Statement": [{
              "Sid": "AllowOrderPlacedFromTeamB",
              "Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
              "Action": "events:PutEvents",
              "Resource": "arn:aws:events:us-east-1:111111111111:event-bus/orders",
              "Condition": {
                "StringEquals": {
                  "events:source": "orders",
                  "events:detail-type": "OrderPlaced"
                }
              }
            }]
          }
          """);

  @Test
  void otherAccountMayPutTheAdmittedSourceAndDetailType() {
    assertThat(decide(Policies.user(OTHER, "ci"), "orders", "OrderPlaced"))
        .isEqualTo(Authorization.ALLOWED_BY_POLICY);
  }

  @Test
  void otherAccountMayNotPutAnotherDetailType() {
    assertThat(decide(Policies.root(OTHER), "orders", "OrderCancelled"))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void otherAccountMayNotPutAnotherSource() {
    assertThat(decide(Policies.root(OTHER), "payments", "OrderPlaced"))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void sourceIsComparedCaseSensitively() {
    assertThat(decide(Policies.root(OTHER), "Orders", "OrderPlaced"))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void entryWithoutTheKeysIsNotAdmitted() {
    Request request =
        new Request(Policies.root(OTHER), "events:PutEvents", BUS_ARN, ConditionContext.empty());

    assertThat(Authorizer.decide(request.principal(), OWNER, Optional.of(GATEKEEPER), request))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void thirdAccountIsNotAdmittedEvenWithTheRightEvent() {
    assertThat(decide(Policies.root(THIRD), "orders", "OrderPlaced"))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void policyGrantsOnlyPutEvents() {
    Request request =
        new Request(
            Policies.root(OTHER), "events:PutRule", BUS_ARN, context("orders", "OrderPlaced"));

    assertThat(Authorizer.decide(request.principal(), OWNER, Optional.of(GATEKEEPER), request))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void owningAccountPutsAnythingWithoutAnAllow() {
    assertThat(decide(Policies.user(OWNER, "app"), "anything", "Whatever"))
        .isEqualTo(Authorization.ALLOWED_SAME_ACCOUNT);
  }

  @Test
  void eventsRulesOfAnotherBusAreNotCovered() {
    Request request =
        new Request(
            Policies.root(OTHER),
            "events:PutEvents",
            "arn:aws:events:us-east-1:111111111111:event-bus/default",
            context("orders", "OrderPlaced"));

    assertThat(Authorizer.decide(request.principal(), OWNER, Optional.of(GATEKEEPER), request))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  private static Authorization decide(Principal caller, String source, String detailType) {
    Request request = new Request(caller, "events:PutEvents", BUS_ARN, context(source, detailType));
    return Authorizer.decide(caller, OWNER, Optional.of(GATEKEEPER), request);
  }

  private static ConditionContext context(String source, String detailType) {
    return ConditionContext.builder()
        .put("events:source", source)
        .put("events:detail-type", detailType)
        .put("aws:PrincipalAccount", OTHER)
        .build();
  }
}
