package dev.docket.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.model.CommonError;
import dev.docket.model.ServiceException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class SigV4VerifierTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final String BODY = "{\"QueueName\":\"orders\"}";
  private static final Map<String, HttpConfig.AccessKey> KEYS =
      Map.of("AKIDEXAMPLE", new HttpConfig.AccessKey("secret", "123456789012"));

  @Test
  void requestSignedByTheAwsSdkVerifies() {
    SignedRequest signed = sign("secret", BODY, NOW, "/", Map.of());
    SigV4Verifier verifier = new SigV4Verifier(KEYS, Clock.fixed(NOW, ZoneOffset.UTC));

    HttpConfig.AccessKey key = verifier.verify(wire(signed, BODY), credential(signed));

    assertThat(key.accountId()).isEqualTo("123456789012");
  }

  @Test
  void queryStringAndEncodedPathAreCanonicalizedAsTheSdkDoes() {
    Map<String, String> query = Map.of("Action", "ListQueues", "QueueNamePrefix", "a b+c/d");
    SignedRequest signed = sign("secret", "", NOW, "/000000000000/my%20queue", query);
    SigV4Verifier verifier = new SigV4Verifier(KEYS, Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(verifier.verify(wire(signed, ""), credential(signed)).accountId())
        .isEqualTo("123456789012");
  }

  @Test
  void tamperedBodyFailsWithSignatureDoesNotMatch() {
    SignedRequest signed = sign("secret", BODY, NOW, "/", Map.of());
    SigV4Verifier verifier = new SigV4Verifier(KEYS, Clock.fixed(NOW, ZoneOffset.UTC));

    assertThatThrownBy(
            () ->
                verifier.verify(wire(signed, BODY.replace("orders", "0rders")), credential(signed)))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> assertThat(e.code()).isEqualTo(CommonError.SIGNATURE_DOES_NOT_MATCH));
  }

  @Test
  void wrongSecretFailsWithSignatureDoesNotMatch() {
    SignedRequest signed = sign("not-the-secret", BODY, NOW, "/", Map.of());
    SigV4Verifier verifier = new SigV4Verifier(KEYS, Clock.fixed(NOW, ZoneOffset.UTC));

    assertThatThrownBy(() -> verifier.verify(wire(signed, BODY), credential(signed)))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> assertThat(e.code()).isEqualTo(CommonError.SIGNATURE_DOES_NOT_MATCH));
  }

  @Test
  void requestSignedMoreThanFiveMinutesAgoHasExpired() {
    SignedRequest signed = sign("secret", BODY, NOW, "/", Map.of());
    Clock later = Clock.fixed(NOW.plus(Duration.ofMinutes(6)), ZoneOffset.UTC);
    SigV4Verifier verifier = new SigV4Verifier(KEYS, later);

    assertThatThrownBy(() -> verifier.verify(wire(signed, BODY), credential(signed)))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> {
              assertThat(e.code()).isEqualTo(CommonError.INVALID_SIGNATURE);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Signature expired: 20260101T120000Z is now earlier than 20260101T120100Z"
                          + " (20260101T120600Z - 5 min.)");
            });
  }

  @Test
  void unknownAccessKeyIsAnUnrecognizedClient() {
    SignedRequest signed = sign("secret", BODY, NOW, "/", Map.of());
    SigV4Verifier verifier = new SigV4Verifier(Map.of(), Clock.fixed(NOW, ZoneOffset.UTC));

    assertThatThrownBy(() -> verifier.verify(wire(signed, BODY), credential(signed)))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> assertThat(e.code()).isEqualTo(CommonError.UNRECOGNIZED_CLIENT));
  }

  @Test
  void missingAuthorizationIsAMissingToken() {
    SigV4Verifier verifier = new SigV4Verifier(KEYS, Clock.fixed(NOW, ZoneOffset.UTC));
    WireRequest request =
        new WireRequest("POST", "/", "", WireRequest.Headers.of(Map.of()), new byte[0]);

    assertThatThrownBy(() -> verifier.verify(request, null))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> assertThat(e.code()).isEqualTo(CommonError.MISSING_AUTHENTICATION_TOKEN));
  }

  @Test
  void malformedAuthorizationIsAnIncompleteSignature() {
    assertThatThrownBy(() -> Credential.parse("AWS4-HMAC-SHA256 Credential=AK/20260101/sqs"))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> assertThat(e.code()).isEqualTo(CommonError.INCOMPLETE_SIGNATURE));
  }

  static SignedRequest sign(
      String secret, String body, Instant at, String path, Map<String, String> query) {
    SdkHttpRequest.Builder http =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("http://127.0.0.1:4566" + path))
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Target", "AmazonSQS.CreateQueue");
    query.forEach(http::appendRawQueryParameter);
    return AwsV4HttpSigner.create()
        .sign(
            r ->
                r.identity(AwsCredentialsIdentity.create("AKIDEXAMPLE", secret))
                    .request(http.build())
                    .payload(ContentStreamProvider.fromUtf8String(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sqs")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
  }

  /** The request as the server receives it: the path and query as encoded on the wire. */
  static WireRequest wire(SignedRequest signed, String body) {
    SdkHttpRequest request = signed.request();
    Map<String, List<String>> headers = new HashMap<>();
    request.headers().forEach((k, v) -> headers.put(k.toLowerCase(), v));
    headers.put("host", List.of(request.host() + ":" + request.port()));
    URI uri = request.getUri();
    String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    return new WireRequest(
        "POST",
        uri.getRawPath(),
        rawQuery,
        name -> headers.getOrDefault(name.toLowerCase(), List.of()),
        body.getBytes(StandardCharsets.UTF_8));
  }

  static Credential credential(SignedRequest signed) {
    return Credential.parse(signed.request().firstMatchingHeader("Authorization").orElseThrow())
        .orElseThrow();
  }
}
