package dev.docket.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionTokensTest {

  private static final SessionTokens.Session SESSION =
      new SessionTokens.Session(
          "ASIAEXAMPLE000000001",
          "session/secret+1",
          Principal.ofArn("arn:aws:sts::111111111111:assumed-role/reader/me"),
          Optional.of("o-exampleorgid"),
          Instant.parse("2026-12-01T13:00:00Z"));

  @Test
  void sealedSessionOpensToTheSameSession() {
    SessionTokens tokens = SessionTokens.random();

    Optional<SessionTokens.Session> opened = tokens.open(tokens.seal(SESSION));

    assertThat(opened).contains(SESSION);
  }

  @Test
  void tokenIsUrlSafeAndDiffersEachTime() {
    SessionTokens tokens = SessionTokens.random();

    String one = tokens.seal(SESSION);
    String two = tokens.seal(SESSION);

    assertThat(one).matches("[A-Za-z0-9_-]+").isNotEqualTo(two);
  }

  @Test
  void everyFlippedBitIsRefused() {
    SessionTokens tokens = SessionTokens.random();
    byte[] sealed = Base64.getUrlDecoder().decode(tokens.seal(SESSION));

    for (int bit = 0; bit < sealed.length * 8; bit++) {
      byte[] flipped = sealed.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));

      assertThat(tokens.open(Base64.getUrlEncoder().withoutPadding().encodeToString(flipped)))
          .as("bit %d", bit)
          .isEmpty();
    }
  }

  @Test
  void tokenOfAnotherKeyIsRefused() {
    String token = SessionTokens.random().seal(SESSION);

    assertThat(SessionTokens.random().open(token)).isEmpty();
  }

  @Test
  void truncatedAndNonBase64TokensAreRefused() {
    SessionTokens tokens = SessionTokens.random();
    String token = tokens.seal(SESSION);

    assertThat(tokens.open(token.substring(0, token.length() - 1))).isEmpty();
    assertThat(tokens.open(token.substring(0, 10))).isEmpty();
    assertThat(tokens.open("not base64 at all!")).isEmpty();
    assertThat(tokens.open("")).isEmpty();
    assertThat(tokens.open(null)).isEmpty();
    assertThat(tokens.open("A".repeat(SessionTokens.MAX_TOKEN_CHARS + 1))).isEmpty();
  }
}
