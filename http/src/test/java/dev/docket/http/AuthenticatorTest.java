package dev.docket.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.model.Principal;
import dev.docket.model.RequestContext;
import dev.docket.model.SessionTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Who a request comes from: configured keys act as their principal with their account's
 * organization; session tokens (header or query parameter) as their session; with authentication
 * off, 12-digit key ids as that account.
 */
class AuthenticatorTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final String SESSION_ARN = "arn:aws:sts::222222222222:assumed-role/shared/s1";
  private static final Map<String, HttpConfig.AccessKey> KEYS =
      Map.of(
          "AKIDROOT",
          new HttpConfig.AccessKey("root-secret", "111111111111"),
          "AKIDALICE",
          new HttpConfig.AccessKey(
              "alice-secret", Principal.ofArn("arn:aws:iam::111111111111:user/alice")));

  private final FakeQueues queues = new FakeQueues();
  private final SessionTokens tokens = SessionTokens.random();
  private final String token =
      tokens.seal(
          new SessionTokens.Session(
              "ASIASESSION0000001",
              "session-secret",
              Principal.ofArn(SESSION_ARN),
              Optional.of("o-bbbbbbbbbb"),
              NOW.plusSeconds(3600)));

  @Test
  void configuredKeyActsAsItsPrincipalInItsAccountsOrganization() {
    WireResponse response =
        handler(true)
            .handle(
                Signing.json("AKIDALICE", "alice-secret", NOW, "ListQueues", "{}", null).wire());

    assertThat(response.status()).isEqualTo(200);
    RequestContext context = queues.lastContext.get();
    assertThat(context.principal().arn()).isEqualTo("arn:aws:iam::111111111111:user/alice");
    assertThat(context.principalOrgId()).contains("o-aaaaaaaaaa");
  }

  @Test
  void sessionTokenHeaderActsAsTheSessionWithItsOrganization() {
    WireResponse response =
        handler(true)
            .handle(
                Signing.json("ASIASESSION0000001", "session-secret", NOW, "ListQueues", "{}", token)
                    .wire());

    assertThat(response.status()).isEqualTo(200);
    assertThat(queues.lastContext.get().principal().arn()).isEqualTo(SESSION_ARN);
    assertThat(queues.lastContext.get().accountId()).isEqualTo("222222222222");
    assertThat(queues.lastContext.get().principalOrgId()).contains("o-bbbbbbbbbb");
  }

  @Test
  void sessionTokenQueryParameterOfAGetIsHonoured() {
    WireResponse response =
        handler(true)
            .handle(
                Signing.queryGet(
                        "ASIASESSION0000001",
                        "session-secret",
                        NOW,
                        Map.of(
                            "Action", "ListQueues",
                            "Version", "2012-11-05",
                            "X-Amz-Security-Token", token),
                        "sqs")
                    .wire());

    assertThat(response.status()).as(body(response)).isEqualTo(200);
    assertThat(queues.lastContext.get().principal().arn()).isEqualTo(SESSION_ARN);
  }

  @Test
  void presignedGetIsServedUntilItsExpiresRunsOut() {
    Signing.Mutable presigned =
        Signing.presignedGet(
            "AKIDALICE",
            "alice-secret",
            NOW,
            Map.of("Action", "ListQueues", "Version", "2012-11-05"),
            "sqs",
            java.time.Duration.ofMinutes(10),
            null);

    WireResponse inTime = handler(true, NOW.plusSeconds(600)).handle(presigned.wire());
    WireResponse late = handler(true, NOW.plusSeconds(601)).handle(presigned.wire());
    presigned.rawQuery = presigned.rawQuery.replace("Action=ListQueues", "Action=DeleteQueue");
    WireResponse altered = handler(true).handle(presigned.wire());

    assertThat(inTime.status()).as(body(inTime)).isEqualTo(200);
    assertThat(queues.lastContext.get().principal().arn())
        .isEqualTo("arn:aws:iam::111111111111:user/alice");
    assertThat(late.status()).isEqualTo(403);
    assertThat(body(late)).contains("<Code>InvalidSignatureException</Code>");
    assertThat(altered.status()).isEqualTo(403);
    assertThat(body(altered)).contains("<Code>SignatureDoesNotMatch</Code>");
  }

  @Test
  void presignedGetWithASessionTokenActsAsTheSession() {
    WireResponse response =
        handler(true)
            .handle(
                Signing.presignedGet(
                        "ASIASESSION0000001",
                        "session-secret",
                        NOW,
                        Map.of("Action", "ListQueues"),
                        "sqs",
                        java.time.Duration.ofMinutes(5),
                        token)
                    .wire());

    assertThat(response.status()).as(body(response)).isEqualTo(200);
    assertThat(queues.lastContext.get().principal().arn()).isEqualTo(SESSION_ARN);
  }

  @Test
  void expiredSessionIsRefusedWithExpiredTokenInEachProtocol() {
    WireHandler later = handler(true, NOW.plusSeconds(3600));

    WireResponse json =
        later.handle(
            Signing.json(
                    "ASIASESSION0000001",
                    "session-secret",
                    NOW.plusSeconds(3600),
                    "ListQueues",
                    "{}",
                    token)
                .wire());
    WireResponse query =
        later.handle(
            Signing.queryGet(
                    "ASIASESSION0000001",
                    "session-secret",
                    NOW.plusSeconds(3600),
                    Map.of("Action", "ListQueues", "X-Amz-Security-Token", token),
                    "sqs")
                .wire());

    assertThat(json.status()).isEqualTo(403);
    assertThat(body(json))
        .contains("\"__type\":\"ExpiredTokenException\"")
        .contains("The security token included in the request is expired");
    assertThat(query.status()).isEqualTo(403);
    assertThat(body(query)).contains("<Code>ExpiredToken</Code>");
  }

  @Test
  void authenticationOffMapsTwelveDigitKeyIdsToTheirAccount() {
    WireHandler off = handler(false);

    off.handle(Signing.json("333333333333", "x", NOW, "ListQueues", "{}", null).wire());
    String twelveDigits = queues.lastContext.get().principal().arn();
    off.handle(Signing.json("AKIDANYTHING", "x", NOW, "ListQueues", "{}", null).wire());
    String other = queues.lastContext.get().principal().arn();
    off.handle(Signing.json("ASIASESSION0000001", "wrong", NOW, "ListQueues", "{}", token).wire());
    String session = queues.lastContext.get().principal().arn();
    off.handle(Signing.json("222222222222", "x", NOW, "ListQueues", "{}", "garbage").wire());
    String placeholder = queues.lastContext.get().principal().arn();

    assertThat(twelveDigits).isEqualTo("arn:aws:iam::333333333333:root");
    assertThat(other).isEqualTo("arn:aws:iam::000000000000:root");
    assertThat(session).isEqualTo(SESSION_ARN);
    assertThat(placeholder).isEqualTo("arn:aws:iam::222222222222:root");
  }

  private WireHandler handler(boolean auth) {
    return handler(auth, NOW);
  }

  private WireHandler handler(boolean auth, Instant now) {
    HttpConfig config =
        new HttpConfig("127.0.0.1", 0, auth, KEYS, "000000000000", "us-east-1", 1 << 20)
            .withOrganizations(
                Map.of("111111111111", "o-aaaaaaaaaa", "222222222222", "o-cccccccccc"));
    return new WireHandler(
        config,
        List.of(queues),
        tokens,
        Clock.fixed(now, ZoneOffset.UTC),
        () -> "http://127.0.0.1:4566");
  }

  private static String body(WireResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
