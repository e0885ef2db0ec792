package dev.docket.it.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.testing.DocketExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * SQS answers through the SDK v2 (awsJson 1.0) as AWS recorded them: the query code the SDK
 * reports, the HTTP status and the message, word for word. Each expectation is AWS's recorded
 * answer (LocalStack's AWS-validated SQS snapshots, Apache 2.0) or AWS's documented behaviour.
 */
class AwsAnswersTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static SqsClient sqs() {
    return docket.sqs();
  }

  /** The SDK's view of a failed call: status, query code, message. */
  private record Answer(int status, String code, String message) {}

  private static Answer answer(ThrowingCallable call) {
    SqsException e = catchThrowableOfType(SqsException.class, call);
    assertThat(e).as("the call should fail with an SQS error").isNotNull();
    return new Answer(
        e.statusCode(), e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
  }

  private static Answer invalidParameter(String message) {
    return new Answer(400, "InvalidParameterValue", message);
  }

  // Item 1 and 2: messages and the JSON error type

  @Test
  void missingQueueIsQueueDoesNotExistWithAwsFixedMessage() {
    String url = Sqs.createQueue(sqs(), "gone");
    sqs().deleteQueue(b -> b.queueUrl(url));

    QueueDoesNotExistException byUrl =
        catchThrowableOfType(
            QueueDoesNotExistException.class, () -> sqs().getQueueAttributes(b -> b.queueUrl(url)));
    QueueDoesNotExistException byName =
        catchThrowableOfType(
            QueueDoesNotExistException.class,
            () -> sqs().getQueueUrl(b -> b.queueName("never-created")));

    for (QueueDoesNotExistException e : List.of(byUrl, byName)) {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode())
          .isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
      assertThat(e.awsErrorDetails().errorMessage())
          .isEqualTo("The specified queue does not exist.");
    }
  }

  @Test
  void jsonErrorTypeIsTheShapeNameWithSqsNamespaceAndTheQueryCodeInItsHeader() throws Exception {
    String url = Sqs.createQueue(sqs(), "json-errors");

    HttpResponse<String> missing = post("GetQueueUrl", "{\"QueueName\":\"no-such-queue\"}");
    HttpResponse<String> invalid =
        post("ReceiveMessage", "{\"QueueUrl\":\"" + url + "\",\"MaxNumberOfMessages\":11}");
    HttpResponse<String> noBody = post("SendMessage", "{\"QueueUrl\":\"" + url + "\"}");

    assertJsonError(
        missing,
        "com.amazonaws.sqs#QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue;Sender",
        "The specified queue does not exist.");
    assertJsonError(
        invalid,
        "com.amazonaws.sqs#InvalidParameterValueException",
        "InvalidParameterValue;Sender",
        "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10,"
            + " if provided.");
    assertJsonError(
        noBody,
        "com.amazonaws.sqs#MissingRequiredParameterException",
        "MissingParameter;Sender",
        "The request must contain the parameter MessageBody.");
  }

  @Test
  void validationMessagesAreAwsTextWithoutAppendedDetails() {
    String url = Sqs.createQueue(sqs(), "messages");

    assertThat(answer(() -> sqs().sendMessage(b -> b.queueUrl(url).messageBody(""))))
        .isEqualTo(
            new Answer(
                400, "MissingParameter", "The request must contain the parameter MessageBody."));
    assertThat(
            answer(
                () ->
                    sqs()
                        .sendMessageBatch(
                            b ->
                                b.queueUrl(url).entries(e -> e.id("not valid!").messageBody("x")))))
        .isEqualTo(
            new Answer(
                400,
                "AWS.SimpleQueueService.InvalidBatchEntryId",
                "A batch entry id can only contain alphanumeric characters, hyphens and"
                    + " underscores. It can be at most 80 letters long."));
    assertThat(answer(() -> sqs().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(21))))
        .isEqualTo(
            invalidParameter(
                "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <="
                    + " 20, if provided."));
    assertThat(
            answer(
                () ->
                    sqs()
                        .sendMessage(
                            b ->
                                b.queueUrl(url)
                                    .messageBody("x")
                                    .messageAttributes(
                                        Map.of(
                                            "ErrorDetails",
                                            MessageAttributeValue.builder()
                                                .dataType("String")
                                                .stringValue("")
                                                .build())))))
        .isEqualTo(
            invalidParameter(
                "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type"
                    + " 'String'."));
    assertThat(answer(() -> sqs().createQueue(b -> b.queueName("no spaces"))))
        .isEqualTo(
            invalidParameter(
                "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in"
                    + " length"));
  }

  @Test
  void permissionLabelsAreRefusedWithAwsText() {
    String url = Sqs.createQueue(sqs(), "permissions");
    sqs()
        .addPermission(
            b -> b.queueUrl(url).label("crossaccount").awsAccountIds("111111111111").actions("*"));

    assertThat(
            answer(
                () ->
                    sqs()
                        .addPermission(
                            b ->
                                b.queueUrl(url)
                                    .label("crossaccount")
                                    .awsAccountIds("111111111111")
                                    .actions("*"))))
        .isEqualTo(
            invalidParameter(
                "Value crossaccount for parameter Label is invalid. Reason: Already exists."));
    assertThat(answer(() -> sqs().removePermission(b -> b.queueUrl(url).label("other"))))
        .isEqualTo(
            invalidParameter(
                "Value other for parameter Label is invalid. Reason: can't find label."));
  }

  @Test
  void secondPurgeWithinAMinuteIsForbiddenWithStatus403() {
    String name = Sqs.uniqueName("purged");
    String url = sqs().createQueue(b -> b.queueName(name)).queueUrl();
    sqs().purgeQueue(b -> b.queueUrl(url));

    assertThat(answer(() -> sqs().purgeQueue(b -> b.queueUrl(url))))
        .isEqualTo(
            new Answer(
                403,
                "AWS.SimpleQueueService.PurgeQueueInProgress",
                "Only one PurgeQueue operation on " + name + " is allowed every 60 seconds."));
  }

  // Item 3: oversized messages

  @Test
  void oversizedMessageIsInvalidParameterValueWithStatus400() {
    String url = Sqs.createQueue(sqs(), "oversized");
    Map<String, MessageAttributeValue> attribute =
        Map.of("k", MessageAttributeValue.builder().dataType("String").stringValue("x").build());
    String body = "a".repeat(1_048_576 - "kStringx".length() + 1);

    assertThat(
            answer(
                () ->
                    sqs()
                        .sendMessage(
                            b -> b.queueUrl(url).messageBody(body).messageAttributes(attribute))))
        .isEqualTo(
            invalidParameter(
                "One or more parameters are invalid. Reason: Message must be shorter than 1048576"
                    + " bytes."));
  }

  @Test
  void messageOverTheQueueMaximumNamesTheQueueMaximum() {
    String url = Sqs.createQueue(sqs(), "small", Map.of("MaximumMessageSize", "1024"));
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("a".repeat(1024)));

    assertThat(answer(() -> sqs().sendMessage(b -> b.queueUrl(url).messageBody("a".repeat(1025)))))
        .isEqualTo(
            invalidParameter(
                "One or more parameters are invalid. Reason: Message must be shorter than 1024"
                    + " bytes."));
  }

  // Item 4: move tasks

  @Test
  void cancellingAnUnreadableTaskHandleIsInvalidParameterValue() {
    assertThat(answer(() -> sqs().cancelMessageMoveTask(b -> b.taskHandle("foobared"))))
        .isEqualTo(invalidParameter("Value for parameter TaskHandle is invalid."));
  }

  @Test
  void taskHandleNamingAMissingSourceOrTaskIsResourceNotFoundWithStatus404() {
    String source = Sqs.arn(sqs(), Sqs.createQueue(sqs(), "task-source"));
    String missingSource =
        handle(
            "10f57157-fc38-4da9-a113-4de7e12d05dd",
            "arn:aws:sqs:us-east-1:000000000000:no-such-queue");
    String missingTask = handle("10f57157-fc38-4da9-a113-4de7e12d05aa", source);

    assertThat(answer(() -> sqs().cancelMessageMoveTask(b -> b.taskHandle(missingSource))))
        .isEqualTo(
            new Answer(
                404,
                "ResourceNotFoundException",
                "The resource that you specified for the SourceArn parameter doesn't exist."));
    assertThat(answer(() -> sqs().cancelMessageMoveTask(b -> b.taskHandle(missingTask))))
        .isEqualTo(new Answer(404, "ResourceNotFoundException", "Task does not exist."));
  }

  @Test
  void moveTaskToAMissingDestinationIsResourceNotFoundWithStatus404() {
    String dlqArn = deadLetterQueueWithMessages("dest-missing", 1);

    assertThat(
            answer(
                () ->
                    sqs()
                        .startMessageMoveTask(
                            b ->
                                b.sourceArn(dlqArn)
                                    .destinationArn(
                                        "arn:aws:sqs:us-east-1:000000000000:no-such-queue"))))
        .isEqualTo(
            new Answer(
                404,
                "ResourceNotFoundException",
                "The resource that you specified for the DestinationArn parameter doesn't"
                    + " exist."));
    assertThat(
            answer(
                () ->
                    sqs()
                        .startMessageMoveTask(
                            b -> b.sourceArn(Sqs.arn(sqs(), Sqs.createQueue(sqs(), "no-dlq"))))))
        .isEqualTo(invalidParameter("Source queue must be configured as a Dead Letter Queue."));
  }

  @Test
  void moveTaskWhoseDestinationIsDeletedWhileRunningEndsFailed() {
    String dlqArn = deadLetterQueueWithMessages("dest-deleted", 10);
    String destination = Sqs.createQueue(sqs(), "doomed");
    String destinationArn = Sqs.arn(sqs(), destination);
    sqs()
        .startMessageMoveTask(
            b ->
                b.sourceArn(dlqArn).destinationArn(destinationArn).maxNumberOfMessagesPerSecond(1));

    sqs().deleteQueue(b -> b.queueUrl(destination));

    Sqs.awaitUntil(() -> !task(dlqArn).status().equals("RUNNING"));
    ListMessageMoveTasksResultEntry task = task(dlqArn);
    assertThat(task.status()).isEqualTo("FAILED");
    assertThat(task.failureReason()).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
    assertThat(task.approximateNumberOfMessagesMoved()).isLessThan(10);
  }

  // Item 14, 16, 17, 19: standard queues

  @Test
  void defaultMaximumMessageSizeIsOneMebibyte() {
    String url = Sqs.createQueue(sqs(), "default-size");

    assertThat(Sqs.attribute(sqs(), url, QueueAttributeName.MAXIMUM_MESSAGE_SIZE))
        .isEqualTo("1048576");
  }

  @Test
  void messageGroupIdOnAStandardQueueIsValidated() {
    String url = Sqs.createQueue(sqs(), "fair-invalid");

    for (String group : List.of("", "group 123", "a".repeat(129))) {
      assertThat(
              answer(
                  () ->
                      sqs()
                          .sendMessage(
                              b -> b.queueUrl(url).messageBody("m").messageGroupId(group))))
          .isEqualTo(
              invalidParameter(
                  "Value "
                      + group
                      + " for parameter MessageGroupId is invalid. Reason: MessageGroupId can only"
                      + " include alphanumeric and punctuation characters. 1 to 128 in length."));
    }
  }

  @Test
  void messageGroupIdOnAStandardQueueIsReturnedAsASystemAttribute() {
    String url = Sqs.createQueue(sqs(), "fair");
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("message").messageGroupId("test"));

    Message message =
        sqs()
            .receiveMessage(
                b -> b.queueUrl(url).messageSystemAttributeNames(MessageSystemAttributeName.ALL))
            .messages()
            .getFirst();

    assertThat(message.attributes())
        .containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "test");
  }

  @Test
  void bareQueueNameIsAcceptedAsQueueUrl() {
    String name = Sqs.uniqueName("bare");
    String url = sqs().createQueue(b -> b.queueName(name)).queueUrl();

    sqs().sendMessage(b -> b.queueUrl(name).messageBody("by name"));

    assertThat(sqs().receiveMessage(b -> b.queueUrl(url)).messages())
        .extracting(Message::body)
        .containsExactly("by name");
  }

  @Test
  void traceHeaderOfSendMessageBecomesTheAwsTraceHeaderAttribute() {
    String url = Sqs.createQueue(sqs(), "traced");
    String trace = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1";

    sqs()
        .sendMessage(
            b ->
                b.queueUrl(url)
                    .messageBody("test")
                    .overrideConfiguration(o -> o.putHeader("X-Amzn-Trace-Id", trace)));
    Message message =
        sqs()
            .receiveMessage(
                b ->
                    b.queueUrl(url)
                        .messageSystemAttributeNames(MessageSystemAttributeName.AWS_TRACE_HEADER))
            .messages()
            .getFirst();

    assertThat(message.attributes())
        .containsEntry(MessageSystemAttributeName.AWS_TRACE_HEADER, trace);
  }

  // Item 18: regions

  @Test
  void theSameNameInTwoRegionsIsTwoQueuesWithRegionalUrls() {
    String name = Sqs.uniqueName("regional");
    try (SqsClient frankfurt = docket.sqsBuilder().region(Region.EU_CENTRAL_1).build()) {
      String virginiaUrl = sqs().createQueue(b -> b.queueName(name)).queueUrl();
      String frankfurtUrl = frankfurt.createQueue(b -> b.queueName(name)).queueUrl();
      sqs().sendMessage(b -> b.queueUrl(virginiaUrl).messageBody("in us-east-1"));

      assertThat(virginiaUrl).contains("us-east-1").doesNotContain("eu-central-1");
      assertThat(frankfurtUrl).contains("eu-central-1").doesNotContain("us-east-1");
      assertThat(sqs().getQueueUrl(b -> b.queueName(name)).queueUrl()).isEqualTo(virginiaUrl);
      assertThat(frankfurt.getQueueUrl(b -> b.queueName(name)).queueUrl()).isEqualTo(frankfurtUrl);
      assertThat(sqs().listQueues(b -> b.queueNamePrefix(name)).queueUrls())
          .containsExactly(virginiaUrl);
      assertThat(frankfurt.listQueues(b -> b.queueNamePrefix(name)).queueUrls())
          .containsExactly(frankfurtUrl);
      assertThat(Sqs.arn(frankfurt, frankfurtUrl))
          .isEqualTo("arn:aws:sqs:eu-central-1:000000000000:" + name);
      assertThat(frankfurt.receiveMessage(b -> b.queueUrl(frankfurtUrl)).messages()).isEmpty();
      assertThat(sqs().receiveMessage(b -> b.queueUrl(virginiaUrl)).messages()).hasSize(1);
    }
  }

  @Test
  void theUrlFormWithoutRegionStillNamesTheQueueInTheRequestRegion() {
    String name = Sqs.uniqueName("old-form");
    sqs().createQueue(b -> b.queueName(name));
    String oldForm = docket.endpoint() + "/000000000000/" + name;

    sqs().sendMessage(b -> b.queueUrl(oldForm).messageBody("old form"));

    assertThat(sqs().receiveMessage(b -> b.queueUrl(oldForm)).messages())
        .extracting(Message::body)
        .containsExactly("old form");
  }

  private static ListMessageMoveTasksResultEntry task(String sourceArn) {
    return sqs().listMessageMoveTasks(b -> b.sourceArn(sourceArn)).results().getFirst();
  }

  /** A dead-letter queue (some queue's redrive target) holding {@code count} messages. */
  private static String deadLetterQueueWithMessages(String prefix, int count) {
    String dlq = Sqs.createQueue(sqs(), prefix + "-dlq");
    String dlqArn = Sqs.arn(sqs(), dlq);
    Sqs.createQueue(
        sqs(),
        prefix + "-source",
        Map.of(
            "RedrivePolicy",
            "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"1\"}"));
    for (int i = 0; i < count; i++) {
      int n = i;
      sqs().sendMessage(b -> b.queueUrl(dlq).messageBody("dead " + n));
    }
    return dlqArn;
  }

  /** A move task handle spelled as AWS spells one: base64 of {"taskId":…,"sourceArn":…}. */
  private static String handle(String taskId, String sourceArn) {
    String doc = "{\"taskId\":\"" + taskId + "\",\"sourceArn\":\"" + sourceArn + "\"}";
    return Base64.getEncoder().encodeToString(doc.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> post(String operation, String body) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create(docket.endpoint() + "/"))
              .header("Content-Type", "application/x-amz-json-1.0")
              .header("X-Amz-Target", "AmazonSQS." + operation)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private static void assertJsonError(
      HttpResponse<String> response, String type, String queryError, String message)
      throws Exception {
    JsonNode body = JSON.readTree(response.body());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(body.path("__type").asText()).isEqualTo(type);
    assertThat(body.path("message").asText()).isEqualTo(message);
    assertThat(response.headers().firstValue("x-amzn-query-error")).contains(queryError);
  }
}
