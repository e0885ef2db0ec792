package dev.docket.it.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.model.ReceiveMessageRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.testing.DocketExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * SigV4 with authentication on, black box: clients of both SDK generations sign with the configured
 * secret and are served (as the key's account); a wrong secret, an unknown access key and an
 * unsigned request are refused with AWS's 403 errors, in the protocol the request used.
 */
class SigV4AuthTest {

  private static final String KEY = "AKIDWIREPROOF0000001";
  private static final String SECRET = "wire/proof+secret=1";
  private static final String OTHER_KEY = "AKIDWIREPROOF0000002";
  private static final String OTHER_SECRET = "another-secret";
  private static final String OTHER_ACCOUNT = "111122223333";

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .accessKey(KEY, SECRET)
          .accessKey(OTHER_KEY, OTHER_SECRET, OTHER_ACCOUNT)
          .build();

  private static HttpClient http;

  @BeforeAll
  static void client() {
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void close() {
    http.close();
  }

  @Test
  void clientSigningWithTheRightSecretIsServed() {
    String name = SqsV1.uniqueName("signed");

    String url = docket.sqs().createQueue(b -> b.queueName(name)).queueUrl();

    assertThat(docket.sqs().listQueues(b -> b.queueNamePrefix(name)).queueUrls())
        .containsExactly(url);
  }

  @Test
  void requestsActAsTheAccountOfTheirAccessKey() {
    String name = SqsV1.uniqueName("account");

    try (SqsClient other = client(OTHER_KEY, OTHER_SECRET)) {
      String url = other.createQueue(b -> b.queueName(name)).queueUrl();

      assertThat(url)
          .isEqualTo(docket.endpoint() + "/queue/us-east-1/" + OTHER_ACCOUNT + "/" + name);
    }
  }

  @Test
  void wrongSecretIsRefusedWithSignatureDoesNotMatch() {
    try (SqsClient wrong = client(KEY, "not-the-secret")) {

      SqsException e = catchThrowableOfType(SqsException.class, wrong::listQueues);

      assertThat(e).isNotNull();
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
    }
  }

  @Test
  void unknownAccessKeyIsRefusedAsAnUnrecognizedClient() {
    try (SqsClient stranger = client("AKIDNOBODYKNOWS00000", SECRET)) {

      SqsException e = catchThrowableOfType(SqsException.class, stranger::listQueues);

      assertThat(e).isNotNull();
      assertThat(e.statusCode()).isEqualTo(403);
      // SQS reports the awsQuery code, which the SDK reads from x-amzn-query-error
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
    }
  }

  @Test
  void queryProtocolClientSigningTheFormIsServed() {
    AmazonSQS v1 = SqsV1.client(docket.endpoint(), KEY, SECRET);
    try {
      String url = v1.createQueue(SqsV1.uniqueName("v1-signed")).getQueueUrl();

      String messageId = v1.sendMessage(url, "signed form body ✓").getMessageId();

      assertThat(messageId).isNotBlank();
      assertThat(
              v1.receiveMessage(new ReceiveMessageRequest(url).withWaitTimeSeconds(5))
                  .getMessages())
          .singleElement()
          .satisfies(m -> assertThat(m.getBody()).isEqualTo("signed form body ✓"));
    } finally {
      v1.shutdown();
    }
  }

  @Test
  void queryProtocolClientWithTheWrongSecretGetsAnXmlSignatureDoesNotMatch() {
    AmazonSQS v1 = SqsV1.client(docket.endpoint(), KEY, "not-the-secret");
    try {

      AmazonServiceException e =
          catchThrowableOfType(AmazonServiceException.class, () -> v1.listQueues());

      assertThat(e).isNotNull();
      assertThat(e.getStatusCode()).isEqualTo(403);
      assertThat(e.getErrorCode()).isEqualTo("SignatureDoesNotMatch");
      assertThat(e.getErrorType()).isEqualTo(AmazonServiceException.ErrorType.Client);
    } finally {
      v1.shutdown();
    }
  }

  @Test
  void unsignedJsonRequestIsRefusedWithMissingAuthenticationToken() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(docket.endpoint())
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "AmazonSQS.ListQueues")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertThat(body.path("__type").asText()).isEqualTo("MissingAuthenticationTokenException");
    assertThat(response.headers().firstValue("X-Amzn-ErrorType"))
        .hasValue("MissingAuthenticationTokenException");
  }

  @Test
  void unsignedQueryFormIsRefusedWithAnXmlError() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(docket.endpoint())
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "Action=ListQueues&Version=2012-11-05", StandardCharsets.UTF_8))
            .build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/xml"));
    assertThat(response.body())
        .contains("<ErrorResponse")
        .contains("<Type>Sender</Type>")
        .contains("<Code>MissingAuthenticationToken</Code>");
  }

  private static SqsClient client(String accessKey, String secretKey) {
    return docket
        .sqsBuilder()
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
