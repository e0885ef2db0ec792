package dev.docket.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.model.Principal;
import dev.docket.model.RequestContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestKeysTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.250Z");

  @Test
  void aRoleSessionIsSeenAsItsRole() {
    Principal session = Principal.ofArn("arn:aws:sts::111111111111:assumed-role/deployer/ci-run-7");
    RequestContext context =
        new RequestContext(
            "r",
            session,
            "eu-west-1",
            "http://localhost",
            NOW,
            Optional.empty(),
            Optional.of("o-abc123"),
            true);

    ConditionContext keys = RequestKeys.of(context).build();

    assertThat(keys.values("aws:PrincipalArn"))
        .contains(List.of("arn:aws:iam::111111111111:role/deployer"));
    assertThat(keys.values("aws:PrincipalAccount")).contains(List.of("111111111111"));
    assertThat(keys.values("aws:PrincipalType")).contains(List.of("AssumedRole"));
    assertThat(keys.values("aws:PrincipalOrgID")).contains(List.of("o-abc123"));
    assertThat(keys.values("aws:SecureTransport")).contains(List.of("true"));
    assertThat(keys.values("aws:RequestedRegion")).contains(List.of("eu-west-1"));
    assertThat(keys.values("aws:CurrentTime")).contains(List.of("2026-12-01T10:00:00Z"));
    assertThat(keys.values("aws:EpochTime")).contains(List.of(Long.toString(NOW.getEpochSecond())));
  }

  @Test
  void aServiceHasNoAccountOrArnKeys() {
    ConditionContext keys =
        RequestKeys.forPrincipal(Principal.service("events.amazonaws.com"), NOW).build();

    assertThat(keys.values("aws:PrincipalAccount")).isEmpty();
    assertThat(keys.values("aws:PrincipalArn")).isEmpty();
    assertThat(keys.values("aws:PrincipalServiceName")).contains(List.of("events.amazonaws.com"));
  }

  @Test
  void theGatekeeperConditionsSeeTheServiceKeysAddedToTheGlobalOnes() throws Exception {
    Policy gatekeeper =
        PolicyDocument.parse(
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
              "Principal":{"AWS":"arn:aws:iam::222222222222:root"},
              "Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:111111111111:event-bus/orders",
              "Condition":{"StringEquals":{"events:source":"orders","aws:PrincipalAccount":"222222222222"}}}]}
            """);
    Principal caller = Principal.root("222222222222");
    RequestContext context = new RequestContext("r", "222222222222", "us-east-1", "x", NOW);

    Request request =
        new Request(
            caller,
            "events:PutEvents",
            "arn:aws:events:us-east-1:111111111111:event-bus/orders",
            RequestKeys.of(context).put("events:source", "orders").build());

    assertThat(gatekeeper.evaluate(request)).isEqualTo(Decision.ALLOW);
  }
}
