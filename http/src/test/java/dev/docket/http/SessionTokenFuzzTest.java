package dev.docket.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.model.Principal;
import dev.docket.model.SessionTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hostile input for the session-token check: each request is signed correctly (by the AWS SDK's
 * signer) with a token that is random bytes, random text, truncated, bit-flipped, sealed under
 * another key, expired, another session's, or oversized, sent as the {@code X-Amz-Security-Token}
 * header (awsJson) or query parameter (awsQuery GET). Every answer must be AWS's error for it
 * ({@code InvalidClientTokenId} / {@code UnrecognizedClientException}, {@code ExpiredToken}, a
 * signature error), never a 500, and a request is served only with the unaltered token of its own
 * access key: no forged or altered token is ever accepted. The seed is fixed so a failure
 * reproduces; the counts are printed for the closing note.
 */
class SessionTokenFuzzTest {

  private static final int INPUTS = 12_000;
  private static final long SEED = 0x7070_6b65_6e21L;
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final String KEY_ID = "ASIAFUZZ000000000001";
  private static final String SECRET = "session-secret/fuzz+1";
  private static final Principal SESSION =
      Principal.ofArn("arn:aws:sts::111111111111:assumed-role/fuzzer/session");
  private static final Set<String> INVALID =
      Set.of("UnrecognizedClientException", "InvalidClientTokenId");
  private static final Set<String> EXPIRED = Set.of("ExpiredTokenException", "ExpiredToken");
  private static final Set<String> BAD_SIGNATURE = Set.of("SignatureDoesNotMatch");

  private final SessionTokens tokens = SessionTokens.random();
  private final SessionTokens otherKey = SessionTokens.random();
  private final FakeQueues queues = new FakeQueues();
  private final WireHandler handler =
      new WireHandler(
          new HttpConfig(
              "127.0.0.1",
              0,
              true,
              Map.of("AKIDEXAMPLE", new HttpConfig.AccessKey("secret", "123456789012")),
              "000000000000",
              "us-east-1",
              1 << 20),
          List.of(queues),
          tokens,
          Clock.fixed(NOW, ZoneOffset.UTC),
          () -> "http://127.0.0.1:4566");

  /** One input: the credentials it signs with, the token it carries, and what must answer it. */
  private record Input(
      String mutation, String keyId, String secret, String token, Set<String> expected) {}

  @Test
  void alteredForgedAndExpiredTokensAreRefusedWithAwsErrors() {
    String valid = tokens.seal(session(KEY_ID, SECRET, NOW.plusSeconds(3600)));
    byte[] validBytes = Base64.getUrlDecoder().decode(valid);
    Random random = new Random(SEED);
    FuzzStats stats = new FuzzStats();
    int served = 0;

    for (int i = 0; i < INPUTS; i++) {
      Input input = input(valid, random);
      boolean query = random.nextInt(4) == 0;

      WireResponse response = handler.handle(request(input, query).wire());

      stats.record(input.mutation() + (query ? " (query)" : " (header)"), response);
      String code = FuzzStats.code(response);
      assertThat(response.status())
          .as("input %d (%s, seed %d) answered %s", i, input.mutation(), SEED, code)
          .isNotEqualTo(500);
      if (response.status() == 200) {
        served++;
        assertThat(
                Arrays.equals(decode(input.token()), validBytes)
                    && input.keyId().equals(KEY_ID)
                    && input.secret().equals(SECRET))
            .as("input %d (%s) was served with a token it does not own", i, input.mutation())
            .isTrue();
        assertThat(queues.lastContext.get().principal()).isEqualTo(SESSION);
      } else {
        assertThat(response.status()).as("input %d (%s)", i, input.mutation()).isEqualTo(403);
        assertThat(input.expected()).as("input %d (%s)", i, input.mutation()).contains(code);
      }
    }

    System.out.println(
        stats.report("Session-token fuzz (" + served + " served with the valid token)"));
    assertThat(stats.inputs()).isGreaterThanOrEqualTo(10_000);
  }

  private Input input(String valid, Random random) {
    switch (random.nextInt(12)) {
      case 0 -> {
        byte[] bytes = new byte[random.nextInt(600)];
        random.nextBytes(bytes);
        return invalid(
            "random-bytes", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
      }
      case 1 -> {
        char[] text = new char[1 + random.nextInt(300)];
        for (int i = 0; i < text.length; i++) {
          text[i] = (char) (0x20 + random.nextInt(0x5f));
        }
        return invalid("random-text", new String(text));
      }
      case 2 -> {
        return invalid("truncated", valid.substring(0, random.nextInt(valid.length())));
      }
      case 3 -> {
        byte[] bytes = Base64.getUrlDecoder().decode(valid);
        int flips = 1 + random.nextInt(3);
        for (int f = 0; f < flips; f++) {
          int bit = random.nextInt(bytes.length * 8);
          bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return invalid(
            "bit-flipped", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
      }
      case 4 -> {
        return invalid(
            "other-server-key", otherKey.seal(session(KEY_ID, SECRET, NOW.plusSeconds(3600))));
      }
      case 5 -> {
        Instant expiry = NOW.minusSeconds(random.nextInt(10 * 86_400));
        return new Input(
            "expired", KEY_ID, SECRET, tokens.seal(session(KEY_ID, SECRET, expiry)), EXPIRED);
      }
      case 6 -> {
        return new Input("other-access-key-id", "ASIAOTHER0000000001", SECRET, valid, INVALID);
      }
      case 7 -> {
        return new Input("wrong-secret", KEY_ID, "not-the-secret", valid, BAD_SIGNATURE);
      }
      case 8 -> {
        String[] extra = {"=", "==", "A", "AAAA", "+", "/", " ", "%", "\u00e9"};
        String e = extra[random.nextInt(extra.length)];
        return invalid("padded-or-appended", random.nextBoolean() ? valid + e : e + valid);
      }
      case 9 -> {
        String other =
            tokens.seal(session("ASIAOTHER0000000002", "other-secret", NOW.plusSeconds(3600)));
        return invalid("another-sessions-token", other);
      }
      case 10 -> {
        int size = 4_000 + random.nextInt(100_000);
        StringBuilder huge = new StringBuilder(valid);
        while (huge.length() < size) {
          huge.append(valid);
        }
        return invalid("oversized", huge.toString());
      }
      default -> {
        return new Input("valid", KEY_ID, SECRET, valid, Set.of());
      }
    }
  }

  private static Input invalid(String mutation, String token) {
    return new Input(mutation, KEY_ID, SECRET, token, INVALID);
  }

  private static Signing.Mutable request(Input input, boolean query) {
    if (query) {
      return Signing.queryGet(
          input.keyId(),
          input.secret(),
          NOW,
          Map.of(
              "Action",
              "ListQueues",
              "X-Amz-Security-Token",
              java.net.URLEncoder.encode(input.token(), StandardCharsets.UTF_8)),
          "sqs");
    }
    // header values cannot hold line breaks; the token is all the fuzz varies
    return Signing.json(input.keyId(), input.secret(), NOW, "ListQueues", "{}", input.token());
  }

  private static SessionTokens.Session session(String keyId, String secret, Instant expiry) {
    return new SessionTokens.Session(keyId, secret, SESSION, Optional.empty(), expiry);
  }

  private static byte[] decode(String token) {
    try {
      return Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
