package dev.docket.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests signed by the AWS SDK's own SigV4 signer, as the wire layer receives them, with mutable
 * headers so that tests (and the fuzzers) can alter what was signed.
 */
final class Signing {

  private Signing() {}

  /** An awsJson SQS request ({@code AmazonSQS.<operation>}), signed for {@code sqs}. */
  static Mutable json(
      String keyId, String secret, Instant at, String operation, String body, String token) {
    SdkHttpRequest.Builder http =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("http://127.0.0.1:4566/"))
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Target", "AmazonSQS." + operation);
    if (token != null) {
      http.putHeader("X-Amz-Security-Token", token);
    }
    return sign(http.build(), keyId, secret, at, body, "sqs");
  }

  /**
   * An awsQuery GET with {@code query} (already encoded) in its query string, signed for {@code
   * service}.
   */
  static Mutable queryGet(
      String keyId, String secret, Instant at, Map<String, String> query, String service) {
    SdkHttpRequest.Builder http =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(URI.create("http://127.0.0.1:4566/"));
    query.forEach(http::appendRawQueryParameter);
    return sign(http.build(), keyId, secret, at, "", service);
  }

  /**
   * An awsQuery GET presigned in its query string ({@code X-Amz-Signature}), valid for {@code
   * expires}, with the session {@code token} among its parameters when not null.
   */
  static Mutable presignedGet(
      String keyId,
      String secret,
      Instant at,
      Map<String, String> query,
      String service,
      java.time.Duration expires,
      String token) {
    SdkHttpRequest.Builder http =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(URI.create("http://127.0.0.1:4566/"));
    query.forEach(http::appendRawQueryParameter);
    if (token != null) {
      http.appendRawQueryParameter(
          "X-Amz-Security-Token", java.net.URLEncoder.encode(token, StandardCharsets.UTF_8));
    }
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(keyId, secret))
                        .request(http.build())
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(
                            AwsV4HttpSigner.AUTH_LOCATION,
                            AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expires)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
            .request();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    signed.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
    headers.put("host", new ArrayList<>(List.of("127.0.0.1:4566")));
    URI uri = signed.getUri();
    return new Mutable("GET", uri.getRawPath(), uri.getRawQuery(), headers, new byte[0]);
  }

  private static Mutable sign(
      SdkHttpRequest request,
      String keyId,
      String secret,
      Instant at,
      String body,
      String service) {
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(keyId, secret))
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
            .request();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    signed.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
    headers.put("host", new ArrayList<>(List.of("127.0.0.1:4566")));
    URI uri = signed.getUri();
    return new Mutable(
        signed.method().name(),
        uri.getRawPath(),
        uri.getRawQuery() == null ? "" : uri.getRawQuery(),
        headers,
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** A signed request whose parts a test may still change before it is sent. */
  static final class Mutable {
    String method;
    String rawPath;
    String rawQuery;
    final Map<String, List<String>> headers;
    byte[] body;

    Mutable(
        String method,
        String rawPath,
        String rawQuery,
        Map<String, List<String>> headers,
        byte[] body) {
      this.method = method;
      this.rawPath = rawPath;
      this.rawQuery = rawQuery;
      this.headers = headers;
      this.body = body;
    }

    String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.getFirst();
    }

    void header(String name, String value) {
      headers.put(name, new ArrayList<>(List.of(value)));
    }

    Mutable copy() {
      Map<String, List<String>> copied = new LinkedHashMap<>();
      headers.forEach((k, v) -> copied.put(k, new ArrayList<>(v)));
      return new Mutable(method, rawPath, rawQuery, copied, body.clone());
    }

    WireRequest wire() {
      Map<String, List<String>> frozen = new LinkedHashMap<>();
      headers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
      return new WireRequest(
          method,
          rawPath,
          rawQuery,
          name -> frozen.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()),
          body.clone());
    }
  }
}
