package dev.docket.it.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import com.amazonaws.services.sqs.model.AmazonSQSException;
import com.amazonaws.services.sqs.model.CancelMessageMoveTaskRequest;
import com.amazonaws.services.sqs.model.Message;
import com.amazonaws.services.sqs.model.MessageAttributeValue;
import com.amazonaws.services.sqs.model.PurgeQueueRequest;
import com.amazonaws.services.sqs.model.ReceiveMessageRequest;
import com.amazonaws.services.sqs.model.SendMessageBatchRequest;
import com.amazonaws.services.sqs.model.SendMessageBatchRequestEntry;
import com.amazonaws.services.sqs.model.SendMessageRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.testing.DocketExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQS answers over awsQuery as AWS recorded them: through the SDK v1 (1.12.583, which speaks
 * awsQuery) and as plain HTTP GETs on a queue URL. Expectations are AWS's recorded answers
 * (LocalStack's AWS-validated SQS tests and snapshots, Apache 2.0).
 */
class SqsQueryAwsAnswersTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static AmazonSQS sqs;
  private static HttpClient http;

  @BeforeAll
  static void clients() {
    sqs = SqsV1.client(docket.endpoint());
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void close() {
    sqs.shutdown();
    http.close();
  }

  /** The SDK v1's view of a failed call: status, code, message. */
  private record Answer(int status, String code, String message) {}

  private static Answer answer(ThrowingCallable call) {
    AmazonSQSException e = catchThrowableOfType(AmazonSQSException.class, call);
    assertThat(e).as("the call should fail with an SQS error").isNotNull();
    return new Answer(e.getStatusCode(), e.getErrorCode(), e.getErrorMessage());
  }

  @Test
  void missingQueueIsWordedForTheWsdlVersion() {
    String url = sqs.createQueue(SqsV1.uniqueName("gone")).getQueueUrl();
    sqs.deleteQueue(url);

    assertThat(answer(() -> sqs.getQueueAttributes(url, List.of("All"))))
        .isEqualTo(
            new Answer(
                400,
                "AWS.SimpleQueueService.NonExistentQueue",
                "The specified queue does not exist for this wsdl version."));
  }

  @Test
  void errorsCarryTheQueryCodeAndAwsMessage() {
    String url = sqs.createQueue(SqsV1.uniqueName("errors")).getQueueUrl();
    String body = "a".repeat(1_048_576 - "kStringx".length() + 1);

    assertThat(answer(() -> sqs.sendMessage(url, "")))
        .isEqualTo(
            new Answer(
                400, "MissingParameter", "The request must contain the parameter MessageBody."));
    assertThat(
            answer(
                () ->
                    sqs.sendMessage(
                        new SendMessageRequest(url, body)
                            .addMessageAttributesEntry(
                                "k",
                                new MessageAttributeValue()
                                    .withDataType("String")
                                    .withStringValue("x")))))
        .isEqualTo(
            new Answer(
                400,
                "InvalidParameterValue",
                "One or more parameters are invalid. Reason: Message must be shorter than 1048576"
                    + " bytes."));
  }

  @Test
  void batchOverTheBatchLimitIsBatchRequestTooLong() {
    String url = sqs.createQueue(SqsV1.uniqueName("long-batch")).getQueueUrl();
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      entries.add(new SendMessageBatchRequestEntry("e" + i, "x".repeat(110_000)));
    }

    assertThat(answer(() -> sqs.sendMessageBatch(new SendMessageBatchRequest(url, entries))))
        .isEqualTo(
            new Answer(
                400,
                "AWS.SimpleQueueService.BatchRequestTooLong",
                "Batch requests cannot be longer than 1048576 bytes. You have sent 1100000"
                    + " bytes."));
  }

  @Test
  void secondPurgeIsForbidden() {
    String name = SqsV1.uniqueName("purge");
    String url = sqs.createQueue(name).getQueueUrl();
    sqs.purgeQueue(new PurgeQueueRequest(url));

    assertThat(answer(() -> sqs.purgeQueue(new PurgeQueueRequest(url))))
        .isEqualTo(
            new Answer(
                403,
                "AWS.SimpleQueueService.PurgeQueueInProgress",
                "Only one PurgeQueue operation on " + name + " is allowed every 60 seconds."));
  }

  @Test
  void unreadableMoveTaskHandleIsInvalidParameterValue() {
    assertThat(
            answer(
                () ->
                    sqs.cancelMessageMoveTask(
                        new CancelMessageMoveTaskRequest().withTaskHandle("foobared"))))
        .isEqualTo(
            new Answer(400, "InvalidParameterValue", "Value for parameter TaskHandle is invalid."));
  }

  @Test
  void moveTaskHandleNamingNoTaskIsResourceNotFoundWithStatus404() {
    String url = sqs.createQueue(SqsV1.uniqueName("task-source")).getQueueUrl();
    String arn = sqs.getQueueAttributes(url, List.of("QueueArn")).getAttributes().get("QueueArn");
    String doc =
        "{\"taskId\":\"10f57157-fc38-4da9-a113-4de7e12d05aa\",\"sourceArn\":\"" + arn + "\"}";
    String handle = Base64.getEncoder().encodeToString(doc.getBytes(StandardCharsets.UTF_8));

    assertThat(
            answer(
                () ->
                    sqs.cancelMessageMoveTask(
                        new CancelMessageMoveTaskRequest().withTaskHandle(handle))))
        .isEqualTo(new Answer(404, "ResourceNotFoundException", "Task does not exist."));
  }

  @Test
  void standardQueueDefaultsAndGroupIdsAndTraceHeaderAsInAws() {
    String url = sqs.createQueue(SqsV1.uniqueName("standard")).getQueueUrl();
    String trace = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1";
    SendMessageRequest traced = new SendMessageRequest(url, "test").withMessageGroupId("test");
    traced.putCustomRequestHeader("X-Amzn-Trace-Id", trace);

    sqs.sendMessage(traced);
    Message message =
        sqs.receiveMessage(new ReceiveMessageRequest(url).withAttributeNames("All"))
            .getMessages()
            .getFirst();

    assertThat(sqs.getQueueAttributes(url, List.of("MaximumMessageSize")).getAttributes())
        .containsEntry("MaximumMessageSize", "1048576");
    assertThat(message.getAttributes())
        .containsEntry("MessageGroupId", "test")
        .containsEntry("AWSTraceHeader", trace);
    assertThat(
            answer(
                () -> sqs.sendMessage(new SendMessageRequest(url, "m").withMessageGroupId("a b"))))
        .isEqualTo(
            new Answer(
                400,
                "InvalidParameterValue",
                "Value a b for parameter MessageGroupId is invalid. Reason: MessageGroupId can only"
                    + " include alphanumeric and punctuation characters. 1 to 128 in length."));
  }

  @Test
  void queueUrlsCarryTheRegionOfTheClient() {
    AmazonSQS frankfurt =
        AmazonSQSClientBuilder.standard()
            .withEndpointConfiguration(
                new com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration(
                    docket.endpoint().toString(), "eu-central-1"))
            .withCredentials(
                new com.amazonaws.auth.AWSStaticCredentialsProvider(
                    new com.amazonaws.auth.BasicAWSCredentials("test", "test")))
            .build();
    try {
      String name = SqsV1.uniqueName("regional");
      String virginia = sqs.createQueue(name).getQueueUrl();
      String central = frankfurt.createQueue(name).getQueueUrl();

      frankfurt.sendMessage(central, "in eu-central-1");

      assertThat(virginia).isEqualTo(docket.endpoint() + "/queue/us-east-1/000000000000/" + name);
      assertThat(central).isEqualTo(docket.endpoint() + "/queue/eu-central-1/000000000000/" + name);
      assertThat(frankfurt.receiveMessage(central).getMessages()).hasSize(1);
      assertThat(sqs.receiveMessage(virginia).getMessages()).isEmpty();
    } finally {
      frankfurt.shutdown();
    }
  }

  @Test
  void createQueueOrListQueuesOnAQueueUrlIsInvalidAction() throws Exception {
    String url = sqs.createQueue(SqsV1.uniqueName("get-invalid")).getQueueUrl();

    HttpResponse<String> create =
        get(url, "Action", "CreateQueue", "QueueName", SqsV1.uniqueName("other"));
    HttpResponse<String> list = get(url, "Action", "ListQueues");

    assertInvalidAction(create, "CreateQueue");
    assertInvalidAction(list, "ListQueues");
  }

  private static void assertInvalidAction(HttpResponse<String> response, String action) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("<Code>InvalidAction</Code>")
        .contains("<Type>Sender</Type>")
        .contains("<Message>The action " + action + " is not valid for this endpoint.</Message>");
  }

  @Test
  void getWithoutAnActionIsUnknownOperationInXmlWithStatus404() throws Exception {
    String url = sqs.createQueue(SqsV1.uniqueName("get-bare")).getQueueUrl();

    HttpResponse<String> plain = get(url);
    HttpResponse<String> askingForJson =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> response : List.of(plain, askingForJson)) {
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).contains("<UnknownOperationException");
    }
  }

  @Test
  void queryGetAskingForJsonIsAnsweredInJson() throws Exception {
    String url = sqs.createQueue(SqsV1.uniqueName("get-json")).getQueueUrl();

    HttpResponse<String> failed =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "?Action=ListQueues"))
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> succeeded =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(url + "?Action=GetQueueAttributes&AttributeName.1=QueueArn"))
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(failed.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(failed.body()).path("Error");
    assertThat(error.path("Code").asText()).isEqualTo("InvalidAction");
    assertThat(error.path("Message").asText())
        .isEqualTo("The action ListQueues is not valid for this endpoint.");
    assertThat(succeeded.statusCode()).isEqualTo(200);
    assertThat(succeeded.headers().firstValue("content-type")).contains("application/json");
    assertThat(
            JSON.readTree(succeeded.body())
                .path("GetQueueAttributesResponse")
                .path("GetQueueAttributesResult")
                .toString())
        .contains("arn:aws:sqs:us-east-1:000000000000:");
  }

  @Test
  void getOnADeletedQueueIsNonExistentQueueForTheWsdlVersion() throws Exception {
    String url = sqs.createQueue(SqsV1.uniqueName("get-deleted")).getQueueUrl();
    sqs.deleteQueue(url);

    HttpResponse<String> response =
        get(url, "Action", "GetQueueAttributes", "AttributeName.1", "QueueArn");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>")
        .contains("<Message>The specified queue does not exist for this wsdl version.</Message>");
  }

  private static HttpResponse<String> get(String url, String... namesAndValues) throws Exception {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      pairs.add(encode(namesAndValues[i]) + "=" + encode(namesAndValues[i + 1]));
    }
    String query = pairs.isEmpty() ? "" : "?" + pairs.stream().collect(Collectors.joining("&"));
    return http.send(
        HttpRequest.newBuilder(URI.create(url + query)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
