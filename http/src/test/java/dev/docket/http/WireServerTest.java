package dev.docket.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireServerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private final FakeQueues queues = new FakeQueues();
  private WireServer server;

  @BeforeAll
  void start() {
    HttpConfig config =
        new HttpConfig("127.0.0.1", 0, false, Map.of(), "000000000000", "us-east-1", 4096);
    server = WireServer.start(config, List.of(queues), Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void jsonRequestIsDispatchedByTargetAndAnsweredInJson() throws Exception {
    HttpResponse<String> response = json("AmazonSQS.GetQueueUrl", "{\"QueueName\":\"orders\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/x-amz-json-1.0");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(response.headers().allValues("Date")).hasSize(1);
    assertThat(tree(response).get("QueueUrl").asText())
        .isEqualTo("http://127.0.0.1:" + server.port() + "/000000000000/orders");
  }

  @Test
  void serviceErrorIsWrittenWithTypeMessageAndQueryErrorHeader() throws Exception {
    HttpResponse<String> response = json("AmazonSQS.DeleteQueue", "{\"QueueUrl\":\"http://q\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(tree(response).get("__type").asText()).isEqualTo("QueueDoesNotExist");
    assertThat(tree(response).get("message").asText()).isEqualTo("Queue 'q' does not exist");
    assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("QueueDoesNotExist");
    assertThat(response.headers().firstValue("x-amzn-query-error"))
        .contains("AWS.SimpleQueueService.NonExistentQueue;Sender");
  }

  @Test
  void unknownOperationIsAnUnknownOperationException() throws Exception {
    HttpResponse<String> response = json("AmazonSQS.Frobnicate", "{}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(tree(response).get("__type").asText()).isEqualTo("UnknownOperationException");
  }

  @Test
  void requestNoServiceAnswersIsAnUnknownOperationException() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri("/nowhere"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(tree(response).get("__type").asText()).isEqualTo("UnknownOperationException");
  }

  @Test
  void getWithoutAnActionIsAnXmlUnknownOperationExceptionWithStatus404() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri("/000000000000/some-queue"))
                .header("Accept", "application/json")
                .GET()
                .build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("<UnknownOperationException/>");
  }

  @Test
  void malformedJsonIsASerializationException() throws Exception {
    assertThat(tree(json("AmazonSQS.GetQueueUrl", "{\"QueueName\":")).get("__type").asText())
        .isEqualTo("SerializationException");
    assertThat(tree(json("AmazonSQS.GetQueueUrl", "[1,2]")).get("__type").asText())
        .isEqualTo("SerializationException");
  }

  @Test
  void invalidUtf8InJsonIsASerializationException() throws Exception {
    byte[] body = {
      '{', '"', 'Q', 'u', 'e', 'u', 'e', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, '"', '}'
    };

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri("/"))
                .header("X-Amz-Target", "AmazonSQS.GetQueueUrl")
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(BodyPublishers.ofByteArray(body))
                .build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(tree(response).get("__type").asText()).isEqualTo("SerializationException");
  }

  @Test
  void bodyOverTheLimitIsRejectedWith413() throws Exception {
    String big = "{\"QueueName\":\"" + "x".repeat(5000) + "\"}";

    HttpResponse<String> response = json("AmazonSQS.GetQueueUrl", big);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(tree(response).get("__type").asText()).isEqualTo("RequestEntityTooLarge");
  }

  @Test
  void invalidInputIsReportedThroughTheServicesValidationError() throws Exception {
    queues.lastInput.set(null);

    HttpResponse<String> response = json("AmazonSQS.SendMessage", "{\"QueueUrl\":\"http://q\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(tree(response).get("__type").asText()).isEqualTo("ValidationException");
    assertThat(tree(response).get("message").asText())
        .isEqualTo(
            "1 validation error detected: Value null at 'messageBody' failed to satisfy"
                + " constraint: Member must not be null");
    assertThat(queues.lastInput.get()).isNull();
  }

  @Test
  void unexpectedExceptionIsAnInternalFailureWithoutDetails() throws Exception {
    HttpResponse<String> response = json("AmazonSQS.PurgeQueue", "{\"QueueUrl\":\"http://q\"}");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(tree(response).get("__type").asText()).isEqualTo("InternalFailure");
    assertThat(response.body()).doesNotContain("boom").doesNotContain("IllegalStateException");
  }

  @Test
  void aFailureCausedByAnUnreachableDependencyIsServiceUnavailable() throws Exception {
    HttpResponse<String> response = json("AmazonSQS.ListQueueTags", "{\"QueueUrl\":\"http://q\"}");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(tree(response).get("__type").asText()).isEqualTo("ServiceUnavailable");
    assertThat(tree(response).get("message").asText())
        .isEqualTo("The request has failed due to a temporary failure of the server.");
    assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("ServiceUnavailable");
    assertThat(response.headers().firstValue("x-amzn-query-error"))
        .contains("ServiceUnavailable;Receiver");
    assertThat(response.body()).doesNotContain("secret");
  }

  @Test
  void startingOnAPortAlreadyInUseFails() {
    HttpConfig taken =
        new HttpConfig(
            "127.0.0.1", server.port(), false, Map.of(), "000000000000", "us-east-1", 4096);

    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> WireServer.start(taken, List.of(queues), Clock.systemUTC()).close());

    org.assertj.core.api.Assertions.assertThat(failure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:" + server.port());
  }

  @Test
  void healthEndpointAnswersUp() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri("/_docket/health")).GET().build(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  private HttpResponse<String> json(String target, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri("/"))
            .header("X-Amz-Target", target)
            .header("Content-Type", "application/x-amz-json-1.0")
            .POST(BodyPublishers.ofString(body))
            .build(),
        BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static JsonNode tree(HttpResponse<String> response) throws Exception {
    return MAPPER.readTree(response.body());
  }
}
