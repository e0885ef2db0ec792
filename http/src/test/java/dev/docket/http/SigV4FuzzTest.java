package dev.docket.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.model.SessionTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hostile input for the SigV4 verifier: a request signed by the AWS SDK, then altered in one way
 * per input (truncated, duplicated and garbled Authorization headers, skewed and malformed {@code
 * X-Amz-Date}, wrong encodings, oversized headers, a changed body, target, scope, path or query),
 * and a presigned request (signed in its query string) whose query string is truncated, garbled,
 * missing or repeating parameters, or carries another expiry, date or content. Every answer must be
 * an AWS authentication error (never a 500), and a request is only ever served when what it asks
 * for is exactly what was signed: no forgery is accepted. The seed is fixed so a failure
 * reproduces; the counts are printed for the closing note.
 */
class SigV4FuzzTest {

  private static final int INPUTS = 12_000;
  private static final long SEED = 0x5167_4f75_7a7aL;
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String BODY = "{\"QueueName\":\"orders\"}";
  private static final String HOSTILE =
      "AZaz09/=,; \t\r\n\u0000\u007f%+-_.~é€\uD83D\uDE00\uD800\"'<>&\\";
  private static final Set<String> AUTH_ERRORS =
      Set.of(
          "IncompleteSignatureException",
          "SignatureDoesNotMatch",
          "InvalidSignatureException",
          "UnrecognizedClientException",
          "MissingAuthenticationTokenException",
          // the same two over awsQuery
          "InvalidClientTokenId",
          "MissingAuthenticationToken");

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
          SessionTokens.random(),
          Clock.fixed(NOW, ZoneOffset.UTC),
          () -> "http://127.0.0.1:4566");

  @Test
  void malformedSignaturesAreRefusedWithAwsErrorsAndNoForgeryIsServed() {
    Signing.Mutable base = Signing.json("AKIDEXAMPLE", "secret", NOW, "GetQueueUrl", BODY, null);
    assertThat(handler.handle(base.wire()).status()).isEqualTo(200);
    Random random = new Random(SEED);
    FuzzStats stats = new FuzzStats();
    int served = 0;

    Signing.Mutable presigned =
        Signing.presignedGet(
            "AKIDEXAMPLE",
            "secret",
            NOW,
            Map.of("Action", "GetQueueUrl", "QueueName", "orders"),
            "sqs",
            java.time.Duration.ofMinutes(15),
            null);
    assertThat(handler.handle(presigned.wire()).status()).isEqualTo(200);

    for (int i = 0; i < INPUTS; i++) {
      boolean inQuery = random.nextInt(5) == 0;
      Signing.Mutable original = inQuery ? presigned : base;
      Signing.Mutable request = original.copy();
      String mutation =
          inQuery ? "presigned-" + mutatePresigned(request, random) : mutate(request, random);

      WireResponse response = handler.handle(request.wire());

      stats.record(mutation, response);
      String code = FuzzStats.code(response);
      assertThat(response.status())
          .as("input %d (%s, seed %d) answered %s", i, mutation, SEED, code)
          .isNotEqualTo(500);
      if (response.status() == 200) {
        served++;
        assertThat(sameContent(original, request))
            .as("input %d (%s) was served though it is not what was signed", i, mutation)
            .isTrue();
      } else if (response.status() == 404) {
        // a GET that no longer names an Action is answered as SQS answers one, before any auth
        assertThat(request.method).isEqualTo("GET");
        assertThat(request.rawQuery).as("input %d (%s)", i, mutation).doesNotContain("Action=");
      } else {
        assertThat(response.status()).as("input %d (%s)", i, mutation).isEqualTo(403);
        assertThat(AUTH_ERRORS).as("input %d (%s)", i, mutation).contains(code);
      }
    }

    System.out.println(stats.report("SigV4 fuzz (" + served + " served unaltered)"));
    assertThat(stats.inputs()).isGreaterThanOrEqualTo(10_000);
  }

  /** Alters the request one way; returns the name of the mutation. */
  private static String mutate(Signing.Mutable r, Random random) {
    String auth = r.header("authorization");
    switch (random.nextInt(20)) {
      case 0 -> {
        r.header("authorization", auth.substring(0, random.nextInt(auth.length())));
        return "truncated-authorization";
      }
      case 1 -> {
        r.headers.get("authorization").add(random.nextBoolean() ? auth : garble(auth, random));
        return "duplicated-authorization-header";
      }
      case 2 -> {
        String[] parts = {
          "Credential=AKIDOTHER/20261201/us-east-1/sqs/aws4_request",
          "SignedHeaders=host",
          "Signature=" + "0".repeat(64),
          auth.substring(auth.indexOf(' ') + 1)
        };
        r.header("authorization", auth + ", " + parts[random.nextInt(parts.length)]);
        return "duplicated-authorization-part";
      }
      case 3 -> {
        r.header("authorization", garble(auth, random));
        return "garbled-authorization";
      }
      case 4 -> {
        long skew = (random.nextLong(20 * 86_400L) - 10 * 86_400L);
        r.header("x-amz-date", AMZ_DATE.format(NOW.plusSeconds(skew)));
        return "skewed-date";
      }
      case 5 -> {
        String date = r.header("x-amz-date");
        String[] bad = {
          date.substring(0, random.nextInt(date.length())),
          garble(date, random),
          "20261301T250000Z",
          "2026-12-01T12:00:00Z",
          "Tue, 01 Dec 2026 12:00:00 GMT",
          "٢٠٢٦١٢٠١T120000Z",
          "99999999T999999Z",
          ""
        };
        r.header("x-amz-date", bad[random.nextInt(bad.length)]);
        return "malformed-date";
      }
      case 6 -> {
        r.headers.remove("x-amz-date");
        if (random.nextBoolean()) {
          r.header(
              "date",
              random.nextBoolean()
                  ? "Tue, 01 Dec 2026 12:00:00 GMT"
                  : garble("Tue, 01 Dec 2026 12:00:00 GMT", random));
        }
        return "missing-date";
      }
      case 7 -> {
        int size = 1_000 + random.nextInt(200_000);
        String huge =
            switch (random.nextInt(3)) {
              case 0 -> auth.replace("SignedHeaders=", "SignedHeaders=" + "x-a;".repeat(size / 4));
              case 1 -> auth.replace("Credential=", "Credential=" + "A".repeat(size));
              default -> auth + ", Signature=" + "f".repeat(size);
            };
        r.header("authorization", huge);
        return "oversized-authorization";
      }
      case 8 -> {
        String encoded =
            switch (random.nextInt(4)) {
              case 0 ->
                  new String(auth.getBytes(StandardCharsets.UTF_16), StandardCharsets.ISO_8859_1);
              case 1 -> auth.replace("/", "%2F");
              case 2 -> auth.replace("AKIDEXAMPLE", "ＡKIDEXAMPLE");
              default -> auth.replace(",", "\u0000,");
            };
        r.header("authorization", encoded);
        return "wrong-encoding";
      }
      case 9 -> {
        int sig = auth.indexOf("Signature=") + "Signature=".length();
        String signature =
            switch (random.nextInt(4)) {
              case 0 -> randomHex(random, random.nextInt(80));
              case 1 -> auth.substring(sig).toUpperCase();
              case 2 -> auth.substring(sig, sig + 63);
              default -> garble(auth.substring(sig), random);
            };
        r.header("authorization", auth.substring(0, sig) + signature);
        return "altered-signature";
      }
      case 10 -> {
        r.body = r.body.clone();
        int at = random.nextInt(r.body.length);
        r.body[at] ^= (byte) (1 + random.nextInt(255));
        return "tampered-body";
      }
      case 11 -> {
        String[] targets = {
          "AmazonSQS.DeleteQueue", "AmazonSQS.CreateQueue", "AmazonSQS.PurgeQueue", "x"
        };
        r.header("x-amz-target", targets[random.nextInt(targets.length)]);
        return "changed-target";
      }
      case 12 -> {
        String[] hashes = {"UNSIGNED-PAYLOAD", randomHex(random, 64), "zz", garble("abc", random)};
        r.header("x-amz-content-sha256", hashes[random.nextInt(hashes.length)]);
        return "payload-hash";
      }
      case 13 -> {
        String[][] swaps = {
          {"/us-east-1/", "/eu-west-1/"},
          {"/sqs/", "/sts/"},
          {"/sqs/", "/events/"},
          {"AKIDEXAMPLE/", "AKIDOTHER/"},
          {"/20261201/", "/20261202/"},
          {"aws4_request", "aws4_reques"},
          {"AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512"}
        };
        String[] swap = swaps[random.nextInt(swaps.length)];
        r.header("authorization", auth.replace(swap[0], swap[1]));
        return "changed-scope";
      }
      case 14 -> {
        String[][] swaps = {
          {"SignedHeaders=", "SignedHeaders=x-absent;"},
          {";x-amz-date", ""},
          {"host;", ""},
          {"SignedHeaders=", "SignedHeaders=;;"},
          {"SignedHeaders=", "SignedHeaders=HOST;"}
        };
        String[] swap = swaps[random.nextInt(swaps.length)];
        r.header("authorization", auth.replace(swap[0], swap[1]));
        return "changed-signed-headers";
      }
      case 15 -> {
        String[] queries = {
          "a=b",
          "%zz=%",
          "Action=DeleteQueue",
          "&&&=",
          garble("x=y&z", random),
          "a=" + "%E2%82".repeat(3)
        };
        r.rawQuery = queries[random.nextInt(queries.length)];
        return "added-query";
      }
      case 16 -> {
        String[] paths = {
          "/%zz", "//", "/123456789012/orders", "/" + garble("path", random), "/..%2F.."
        };
        r.rawPath = paths[random.nextInt(paths.length)];
        return "changed-path";
      }
      case 17 -> {
        r.headers
            .get("x-amz-date")
            .add(random.nextBoolean() ? r.header("x-amz-date") : "20261201T120001Z");
        return "duplicated-signed-header";
      }
      case 18 -> {
        r.headers.remove("authorization");
        return "no-authorization";
      }
      default -> {
        byte[] bytes = new byte[random.nextInt(400)];
        random.nextBytes(bytes);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        r.header("authorization", random.nextBoolean() ? "AWS4-HMAC-SHA256 " + text : text);
        return "random-authorization";
      }
    }
  }

  /** Alters a presigned request's query string one way; returns the name of the mutation. */
  private static String mutatePresigned(Signing.Mutable r, Random random) {
    String query = r.rawQuery;
    switch (random.nextInt(8)) {
      case 0 -> {
        r.rawQuery = query.substring(0, random.nextInt(query.length()));
        return "truncated";
      }
      case 1 -> {
        r.rawQuery = garble(query, random);
        return "garbled";
      }
      case 2 -> {
        List<String> parts = new ArrayList<>(List.of(query.split("&")));
        parts.remove(random.nextInt(parts.size()));
        r.rawQuery = String.join("&", parts);
        return "parameter-dropped";
      }
      case 3 -> {
        String[] extra = {
          "X-Amz-Signature=" + randomHex(random, 64),
          "X-Amz-Credential=AKIDOTHER%2F20261201%2Fus-east-1%2Fsqs%2Faws4_request",
          "X-Amz-Expires=604800",
          "Action=DeleteQueue"
        };
        String e = extra[random.nextInt(extra.length)];
        r.rawQuery = random.nextBoolean() ? e + "&" + query : query + "&" + e;
        return "parameter-duplicated";
      }
      case 4 -> {
        String[] expires = {"0", "-1", "604801", "99999999999999999999", "abc", "", "900"};
        r.rawQuery =
            query.replaceAll(
                "X-Amz-Expires=[^&]*", "X-Amz-Expires=" + expires[random.nextInt(expires.length)]);
        return "expires-changed";
      }
      case 5 -> {
        long skew = random.nextLong(20 * 86_400L) - 10 * 86_400L;
        String date =
            random.nextBoolean()
                ? AMZ_DATE.format(NOW.plusSeconds(skew))
                : garble("20261201T120000Z", random);
        r.rawQuery = query.replaceAll("X-Amz-Date=[^&]*", "X-Amz-Date=" + date);
        return "date-changed";
      }
      case 6 -> {
        r.header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/sqs/aws4_request,"
                + " SignedHeaders=host, Signature="
                + randomHex(random, 64));
        return "also-authorization-header";
      }
      default -> {
        r.rawQuery = query.replace("QueueName=orders", "QueueName=" + garble("orders", random));
        return "content-changed";
      }
    }
  }

  /** Whether the request asks for exactly what the base request signed. */
  private static boolean sameContent(Signing.Mutable base, Signing.Mutable request) {
    return Arrays.equals(base.body, request.body)
        && base.method.equals(request.method)
        && base.rawPath.equals(request.rawPath)
        && SigV4Verifier.canonicalQuery(base.rawQuery, "X-Amz-Signature")
            .equals(SigV4Verifier.canonicalQuery(request.rawQuery, "X-Amz-Signature"))
        && Objects.equals(base.header("x-amz-target"), request.header("x-amz-target"))
        && Objects.equals(base.header("content-type"), request.header("content-type"));
  }

  private static String garble(String text, Random random) {
    if (text.isEmpty()) {
      return String.valueOf(HOSTILE.charAt(random.nextInt(HOSTILE.length())));
    }
    StringBuilder out = new StringBuilder(text);
    int changes = 1 + random.nextInt(5);
    for (int i = 0; i < changes; i++) {
      int at = random.nextInt(out.length());
      char c = HOSTILE.charAt(random.nextInt(HOSTILE.length()));
      switch (random.nextInt(3)) {
        case 0 -> out.setCharAt(at, c);
        case 1 -> out.insert(at, c);
        default -> out.deleteCharAt(at);
      }
      if (out.isEmpty()) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String randomHex(Random random, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = "0123456789abcdef".charAt(random.nextInt(16));
    }
    return new String(out);
  }

  @SuppressWarnings("unused")
  private static List<String> list(String... values) {
    return new ArrayList<>(List.of(values));
  }
}
