package dev.docket.it.states;

import static dev.docket.it.states.StatesIt.awaitEnd;
import static dev.docket.it.states.StatesIt.machine;
import static dev.docket.it.states.StatesIt.parse;
import static dev.docket.it.states.StatesIt.receiveOne;
import static dev.docket.it.states.StatesIt.runToSuccess;
import static dev.docket.it.states.StatesIt.start;
import static dev.docket.it.states.StatesIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.testing.DocketExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * {@code arn:aws:states:::sqs:sendMessage} through the SDK: the task's result is SQS's answer for
 * the message the queue then delivers, and {@code .waitForTaskToken} parks the execution until a
 * consumer of the message calls SendTaskSuccess or SendTaskFailure with the token.
 */
class SqsTasksTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static SfnClient sfn;
  private static SqsClient sqs;

  @BeforeAll
  static void clients() {
    sfn = StatesIt.sfn(docket);
    sqs = docket.sqs();
  }

  @AfterAll
  static void close() {
    sfn.close();
  }

  @Test
  void sendMessageAnswersTheIdAndDigestOfTheMessageTheQueueDelivers() {
    String url = sqs.createQueue(b -> b.queueName(uniqueName("sfn-orders"))).queueUrl();
    String machine =
        machine(
            sfn,
            "send",
            """
            {"StartAt": "Send", "States": {"Send": {
              "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
              "Parameters": {"QueueUrl": "%s", "MessageBody.$": "$.order"},
              "End": true}}}
            """
                .formatted(url));

    JsonNode result = runToSuccess(sfn, machine, "{\"order\": {\"id\": 7, \"item\": \"tea\"}}");

    Message message = receiveOne(sqs, url);
    assertThat(parse(message.body())).isEqualTo(parse("{\"id\": 7, \"item\": \"tea\"}"));
    assertThat(result.path("MessageId").asText()).isEqualTo(message.messageId());
    assertThat(result.path("MD5OfMessageBody").asText()).isEqualTo(message.md5OfBody());
    assertThat(result.has("SequenceNumber")).isFalse();
  }

  @Test
  void sendMessageSendsTheTasksMessageAttributesAndAnswersTheirDigest() {
    String url = sqs.createQueue(b -> b.queueName(uniqueName("sfn-attributes"))).queueUrl();
    String machine =
        machine(
            sfn,
            "send-attributes",
            """
            {"StartAt": "Send", "States": {"Send": {
              "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
              "Parameters": {"QueueUrl": "%s", "MessageBody": "with attributes",
                             "MessageAttributes": {
                               "customer": {"DataType": "String", "StringValue.$": "$.customer"},
                               "priority": {"DataType": "Number", "StringValue": "3"}}},
              "End": true}}}
            """
                .formatted(url));

    JsonNode result = runToSuccess(sfn, machine, "{\"customer\": \"c-9\"}");

    Message message =
        sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("All").waitTimeSeconds(5))
            .messages()
            .getFirst();
    assertThat(message.messageAttributes().get("customer").stringValue()).isEqualTo("c-9");
    assertThat(message.messageAttributes().get("priority").dataType()).isEqualTo("Number");
    assertThat(result.path("MessageId").asText()).isEqualTo(message.messageId());
    assertThat(result.path("MD5OfMessageAttributes").asText())
        .isEqualTo(message.md5OfMessageAttributes());
    assertThat(result.path("SdkHttpMetadata").path("HttpStatusCode").asInt()).isEqualTo(200);
    assertThat(result.path("SdkResponseMetadata").path("RequestId").asText()).isNotEmpty();
  }

  @Test
  void eachMapIterationSendsItsOwnMessageAndAnswersItsId() {
    String url = sqs.createQueue(b -> b.queueName(uniqueName("sfn-map"))).queueUrl();
    String machine =
        machine(
            sfn,
            "send-map",
            """
            {"StartAt": "Each", "States": {"Each": {
              "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
              "ItemProcessor": {"StartAt": "Send", "States": {"Send": {
                "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {"QueueUrl": "%s", "MessageBody.$": "$"},
                "ResultSelector": {"id.$": "$.MessageId"},
                "End": true}}},
              "End": true}}}
            """
                .formatted(url));

    JsonNode result = runToSuccess(sfn, machine, "{\"items\": [\"a\", \"b\", \"c\"]}");

    Map<String, String> idsByBody = new java.util.HashMap<>();
    for (int i = 0; i < 3; i++) {
      Message message = receiveOne(sqs, url);
      idsByBody.put(message.body(), message.messageId());
    }
    assertThat(result).hasSize(3);
    assertThat(result.get(0).path("id").asText()).isEqualTo(idsByBody.get("a"));
    assertThat(result.get(1).path("id").asText()).isEqualTo(idsByBody.get("b"));
    assertThat(result.get(2).path("id").asText()).isEqualTo(idsByBody.get("c"));
  }

  @Test
  void anExpressExecutionStartedSynchronouslyAnswersTheSentMessage() {
    String url = sqs.createQueue(b -> b.queueName(uniqueName("sfn-express"))).queueUrl();
    String machine =
        sfn.createStateMachine(
                b ->
                    b.name(uniqueName("send-express"))
                        .type(StateMachineType.EXPRESS)
                        .roleArn(StatesIt.ROLE)
                        .definition(
                            """
                            {"StartAt": "Send", "States": {"Send": {
                              "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                              "Parameters": {"QueueUrl": "%s", "MessageBody": "express"},
                              "End": true}}}
                            """
                                .formatted(url)))
            .stateMachineArn();

    StartSyncExecutionResponse response =
        sfn.startSyncExecution(b -> b.stateMachineArn(machine).input("{}"));

    assertThat(response.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
    Message message = receiveOne(sqs, url);
    assertThat(parse(response.output()).path("MessageId").asText()).isEqualTo(message.messageId());
  }

  @Test
  void sendMessageToAFifoQueueAnswersTheStoredMessagesSequenceNumber() {
    String url =
        sqs.createQueue(
                b ->
                    b.queueName(uniqueName("sfn-orders") + ".fifo")
                        .attributesWithStrings(Map.of("FifoQueue", "true")))
            .queueUrl();
    String machine =
        machine(
            sfn,
            "send-fifo",
            """
            {"StartAt": "Send", "States": {"Send": {
              "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
              "Parameters": {"QueueUrl": "%s", "MessageBody": "hello",
                             "MessageGroupId": "customer-1", "MessageDeduplicationId": "d-1"},
              "End": true}}}
            """
                .formatted(url));

    JsonNode first = runToSuccess(sfn, machine, "{}");
    JsonNode duplicate = runToSuccess(sfn, machine, "{}");

    Message message = receiveOne(sqs, url);
    assertThat(first.path("MessageId").asText()).isEqualTo(message.messageId());
    assertThat(first.path("SequenceNumber").asText())
        .isEqualTo(message.attributes().get(MessageSystemAttributeName.SEQUENCE_NUMBER));
    // a duplicate within the deduplication interval answers the stored message, as SQS does
    assertThat(duplicate.path("MessageId")).isEqualTo(first.path("MessageId"));
    assertThat(duplicate.path("SequenceNumber")).isEqualTo(first.path("SequenceNumber"));
  }

  @Test
  void waitForTaskTokenContinuesWithTheOutputAConsumerSendsBack() {
    String url = sqs.createQueue(b -> b.queueName(uniqueName("sfn-approvals"))).queueUrl();
    String machine = approvalMachine(url);

    String execution = start(sfn, machine, "{\"order\": 42}");
    JsonNode body = parse(receiveOne(sqs, url).body());
    assertThat(body.path("order").asInt()).isEqualTo(42);
    String token = body.path("token").asText();
    assertThat(token).isNotEmpty();
    assertThat(sfn.describeExecution(b -> b.executionArn(execution)).status())
        .isEqualTo(ExecutionStatus.RUNNING);

    sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"approved\": true, \"by\": \"ana\"}"));

    DescribeExecutionResponse end = awaitEnd(sfn, execution);
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(parse(end.output()))
        .isEqualTo(parse("{\"order\": 42, \"approval\": {\"approved\": true, \"by\": \"ana\"}}"));
  }

  @Test
  void waitForTaskTokenRunsTheCatchWhenTheConsumerSendsAFailure() {
    String url = sqs.createQueue(b -> b.queueName(uniqueName("sfn-approvals"))).queueUrl();
    String machine = approvalMachine(url);

    String execution = start(sfn, machine, "{\"order\": 43}");
    String token = parse(receiveOne(sqs, url).body()).path("token").asText();
    sfn.sendTaskFailure(b -> b.taskToken(token).error("OutOfStock").cause("no tea left"));

    DescribeExecutionResponse end = awaitEnd(sfn, execution);
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(parse(end.output()))
        .isEqualTo(
            parse(
                """
                {"order": 43, "refusal": {"Error": "OutOfStock", "Cause": "no tea left"},
                 "outcome": "rejected"}
                """));
  }

  @Test
  void parallelBranchesWaitingForTokensAnsweredOutOfOrderKeepTheirBranchOrder() {
    String url = sqs.createQueue(b -> b.queueName(uniqueName("sfn-parallel"))).queueUrl();
    String branch =
        """
        {"StartAt": "Ask %2$s", "States": {"Ask %2$s": {
          "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters": {"QueueUrl": "%1$s",
                         "MessageBody": {"branch": "%2$s", "token.$": "$$.Task.Token"}},
          "HeartbeatSeconds": 60, "End": true}}}
        """;
    String machine =
        machine(
            sfn,
            "parallel-tokens",
            """
            {"StartAt": "Both", "States": {"Both": {
              "Type": "Parallel", "Branches": [%s, %s], "End": true}}}
            """
                .formatted(branch.formatted(url, "first"), branch.formatted(url, "second")));

    String execution = start(sfn, machine, "{}");
    Map<String, String> tokens = new java.util.HashMap<>();
    for (int i = 0; i < 2; i++) {
      JsonNode body = parse(receiveOne(sqs, url).body());
      tokens.put(body.path("branch").asText(), body.path("token").asText());
    }
    sfn.sendTaskHeartbeat(b -> b.taskToken(tokens.get("first")));
    sfn.sendTaskSuccess(b -> b.taskToken(tokens.get("second")).output("{\"n\": 2}"));
    sfn.sendTaskSuccess(b -> b.taskToken(tokens.get("first")).output("{\"n\": 1}"));

    DescribeExecutionResponse end = awaitEnd(sfn, execution);
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(parse(end.output())).isEqualTo(parse("[{\"n\": 1}, {\"n\": 2}]"));
  }

  @Test
  void aTokenAlreadyAnsweredIsRefusedWithTaskTimedOut() {
    String url = sqs.createQueue(b -> b.queueName(uniqueName("sfn-approvals"))).queueUrl();
    String machine = approvalMachine(url);
    String execution = start(sfn, machine, "{\"order\": 44}");
    String token = parse(receiveOne(sqs, url).body()).path("token").asText();
    sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}"));
    assertThat(awaitEnd(sfn, execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

    SfnException refused =
        catchThrowableOfType(
            SfnException.class, () -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")));

    assertThat(refused).isNotNull();
    assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("TaskTimedOut");
    assertThat(refused.awsErrorDetails().errorMessage())
        .isEqualTo("Task Timed Out: 'Provided task does not exist anymore'");
  }

  @Test
  void aTokenNobodyAnswersTimesTheTaskOutWithStatesTimeout() {
    String url = sqs.createQueue(b -> b.queueName(uniqueName("sfn-unanswered"))).queueUrl();
    String machine =
        machine(
            sfn,
            "unanswered",
            """
            {"StartAt": "Ask", "States": {"Ask": {
              "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {"QueueUrl": "%s", "MessageBody": {"token.$": "$$.Task.Token"}},
              "TimeoutSeconds": 1, "End": true}}}
            """
                .formatted(url));

    String execution = start(sfn, machine, "{}");
    receiveOne(sqs, url);
    DescribeExecutionResponse end = awaitEnd(sfn, execution);

    assertThat(end.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(end.error()).isEqualTo("States.Timeout");
  }

  /** Sends the order and the task token to the queue and waits for the answer. */
  private static String approvalMachine(String url) {
    return machine(
        sfn,
        "approve",
        """
        {"StartAt": "Ask", "States": {
          "Ask": {
            "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "%s",
                           "MessageBody": {"order.$": "$.order", "token.$": "$$.Task.Token"}},
            "ResultPath": "$.approval",
            "Catch": [{"ErrorEquals": ["OutOfStock"], "ResultPath": "$.refusal",
                       "Next": "Rejected"}],
            "End": true},
          "Rejected": {"Type": "Pass", "Result": "rejected", "ResultPath": "$.outcome",
                       "End": true}}}
        """
            .formatted(url));
  }
}
