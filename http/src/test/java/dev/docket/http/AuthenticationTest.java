package dev.docket.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class AuthenticationTest {

  private static final Set<String> RESTRICTED = Set.of("host", "content-length");
  private final HttpClient client = HttpClient.newHttpClient();
  private final FakeQueues queues = new FakeQueues();

  @Test
  void signedRequestIsServedAsTheKeysAccountAndRegion() throws Exception {
    try (WireServer server = start(true)) {
      HttpResponse<String> response = send(server, "secret", "{\"QueueName\":\"orders\"}");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(queues.lastContext.get().accountId()).isEqualTo("123456789012");
      assertThat(queues.lastContext.get().region()).isEqualTo("eu-west-2");
    }
  }

  @Test
  void badSignatureIsRejectedWhenAuthIsOn() throws Exception {
    try (WireServer server = start(true)) {
      HttpResponse<String> response = send(server, "wrong", "{\"QueueName\":\"orders\"}");

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(new ObjectMapper().readTree(response.body()).get("__type").asText())
          .isEqualTo("SignatureDoesNotMatch");
      assertThat(queues.lastInput.get()).isNull();
    }
  }

  @Test
  void unsignedRequestIsMissingAuthenticationWhenAuthIsOn() throws Exception {
    try (WireServer server = start(true)) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                  .header("X-Amz-Target", "AmazonSQS.ListQueues")
                  .POST(BodyPublishers.ofString("{}"))
                  .build(),
              BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.headers().firstValue("X-Amzn-ErrorType"))
          .contains("MissingAuthenticationTokenException");
    }
  }

  @Test
  void anySignatureIsAcceptedWhenAuthIsOffAndItsScopeStillDispatches() throws Exception {
    try (WireServer server = start(false)) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                  .header(
                      "Authorization",
                      "AWS4-HMAC-SHA256 Credential=NOBODY/20200101/ap-south-1/sqs/aws4_request,"
                          + " SignedHeaders=host, Signature=00")
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(BodyPublishers.ofString("Action=ListQueues"))
                  .build(),
              BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(queues.lastContext.get().accountId()).isEqualTo("000000000000");
      assertThat(queues.lastContext.get().region()).isEqualTo("ap-south-1");
    }
  }

  private WireServer start(boolean auth) {
    HttpConfig config =
        new HttpConfig(
            "127.0.0.1",
            0,
            auth,
            Map.of("AKIDEXAMPLE", new HttpConfig.AccessKey("secret", "123456789012")),
            "000000000000",
            "us-east-1",
            65536);
    return WireServer.start(config, List.of(queues), Clock.systemUTC());
  }

  /** Signs with the AWS SDK's own SigV4 signer and sends what it signed. */
  private HttpResponse<String> send(WireServer server, String secret, String body)
      throws Exception {
    SdkHttpRequest unsigned =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("http://127.0.0.1:" + server.port() + "/"))
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Target", "AmazonSQS.GetQueueUrl")
            .build();
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create("AKIDEXAMPLE", secret))
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sqs")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-2"))
            .request();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(signed.getUri()).POST(BodyPublishers.ofString(body));
    signed
        .headers()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
              }
            });
    return client.send(request.build(), BodyHandlers.ofString());
  }
}
