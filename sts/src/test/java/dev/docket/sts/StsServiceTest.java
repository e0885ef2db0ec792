package dev.docket.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.Principal;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.model.SessionTokens;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StsServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00.250Z");
  private static final String TRUSTED_ROLE = "arn:aws:iam::222222222222:role/shared";

  private final SessionTokens tokens = SessionTokens.random();
  private final StsService sts =
      new StsService(
          tokens,
          new StsConfig(
              Map.of(TRUSTED_ROLE, Set.of("111111111111")),
              Map.of("222222222222", "o-exampleorgid")));

  @Test
  void callerIdentityOfRootIsTheAccountId() {
    ObjectNode identity =
        sts.invoke("GetCallerIdentity", input(), context("arn:aws:iam::111111111111:root"));

    assertThat(identity.path("UserId").asText()).isEqualTo("111111111111");
    assertThat(identity.path("Account").asText()).isEqualTo("111111111111");
    assertThat(identity.path("Arn").asText()).isEqualTo("arn:aws:iam::111111111111:root");
  }

  @Test
  void sessionUserIdIsTheRolesIdAndTheSessionName() {
    ObjectNode session =
        sts.invoke(
            "GetCallerIdentity",
            input(),
            context("arn:aws:sts::111111111111:assumed-role/reader/me"));
    ObjectNode assumed =
        sts.invoke(
            "AssumeRole",
            input()
                .put("RoleArn", "arn:aws:iam::111111111111:role/path/reader")
                .put("RoleSessionName", "me"),
            context("arn:aws:iam::111111111111:root"));

    assertThat(session.path("UserId").asText())
        .isEqualTo(assumed.path("AssumedRoleUser").path("AssumedRoleId").asText())
        .matches("AROA[A-Z2-7]{17}:me");
  }

  @Test
  void assumedRoleTokenCarriesTheSessionItsOrganizationAndExpiry() {
    ObjectNode answer =
        sts.invoke(
            "AssumeRole",
            input()
                .put("RoleArn", TRUSTED_ROLE)
                .put("RoleSessionName", "cross")
                .put("DurationSeconds", 900),
            context("arn:aws:iam::111111111111:user/alice"));

    ObjectNode credentials = (ObjectNode) answer.path("Credentials");
    SessionTokens.Session session =
        tokens.open(credentials.path("SessionToken").asText()).orElseThrow();
    assertThat(session.accessKeyId()).isEqualTo(credentials.path("AccessKeyId").asText());
    assertThat(session.secretAccessKey()).isEqualTo(credentials.path("SecretAccessKey").asText());
    assertThat(session.principal().arn())
        .isEqualTo("arn:aws:sts::222222222222:assumed-role/shared/cross");
    assertThat(session.orgId()).contains("o-exampleorgid");
    assertThat(session.expiration()).isEqualTo(Instant.parse("2026-12-01T12:15:00Z"));
    assertThat(credentials.path("Expiration").asLong())
        .isEqualTo(session.expiration().getEpochSecond());
  }

  @Test
  void roleOfAnotherAccountIsRefusedUnlessItTrustsTheCallersAccount() {
    assertThatThrownBy(
            () ->
                sts.invoke(
                    "AssumeRole",
                    input().put("RoleArn", TRUSTED_ROLE).put("RoleSessionName", "nope"),
                    context("arn:aws:iam::333333333333:root")))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StsError.ACCESS_DENIED);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "User: arn:aws:iam::333333333333:root is not authorized to perform:"
                          + " sts:AssumeRole on resource: "
                          + TRUSTED_ROLE);
            });
  }

  @Test
  void arnThatIsNotARoleIsAValidationError() {
    assertThatThrownBy(
            () ->
                sts.invoke(
                    "AssumeRole",
                    input()
                        .put("RoleArn", "arn:aws:iam::111111111111:user/alice")
                        .put("RoleSessionName", "me"),
                    context("arn:aws:iam::111111111111:root")))
        .isInstanceOfSatisfying(
            ServiceException.class, e -> assertThat(e.code()).isEqualTo(StsError.VALIDATION));
  }

  @Test
  void otherOperationsAreUnsupportedByName() {
    assertThatThrownBy(
            () -> sts.invoke("GetSessionToken", input(), context("arn:aws:iam::111111111111:root")))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StsError.UNSUPPORTED_OPERATION);
              assertThat(e.getMessage()).startsWith("GetSessionToken is not supported by Docket");
            });
  }

  private static ObjectNode input() {
    return JsonNodeFactory.instance.objectNode();
  }

  private static RequestContext context(String principalArn) {
    return new RequestContext(
        "request-1",
        Principal.ofArn(principalArn),
        "us-east-1",
        "http://127.0.0.1:4566",
        NOW,
        Optional.empty(),
        Optional.empty(),
        false);
  }
}
