package dev.docket.it.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.model.BatchEntryIdsNotDistinctException;
import com.amazonaws.services.sqs.model.CreateQueueRequest;
import com.amazonaws.services.sqs.model.DeleteMessageBatchRequest;
import com.amazonaws.services.sqs.model.DeleteMessageBatchRequestEntry;
import com.amazonaws.services.sqs.model.DeleteMessageBatchResult;
import com.amazonaws.services.sqs.model.Message;
import com.amazonaws.services.sqs.model.MessageAttributeValue;
import com.amazonaws.services.sqs.model.QueueDoesNotExistException;
import com.amazonaws.services.sqs.model.ReceiveMessageRequest;
import com.amazonaws.services.sqs.model.SendMessageBatchRequest;
import com.amazonaws.services.sqs.model.SendMessageBatchRequestEntry;
import com.amazonaws.services.sqs.model.SendMessageBatchResult;
import com.amazonaws.services.sqs.model.SendMessageBatchResultEntry;
import com.amazonaws.services.sqs.model.SendMessageRequest;
import com.amazonaws.services.sqs.model.SendMessageResult;
import dev.docket.testing.DocketExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQS over the awsQuery protocol, driven by the AWS SDK for Java v1: every request is a form posted
 * to the queue URL (or the endpoint), every response XML that the SDK unmarshals, and the SDK
 * checks the MD5 digests of bodies and message attributes on send and receive, failing the call on
 * a mismatch.
 */
class SqsQueryProtocolTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static AmazonSQS sqs;

  @BeforeAll
  static void client() {
    sqs = SqsV1.client(docket.endpoint());
  }

  @AfterAll
  static void shutdown() {
    sqs.shutdown();
  }

  @Test
  void createdQueueIsFoundByGetQueueUrlAndListQueuesWithItsAttributesAndTags() {
    String name = SqsV1.uniqueName("create");

    String url =
        sqs.createQueue(
                new CreateQueueRequest(name)
                    .withAttributes(Map.of("VisibilityTimeout", "45", "DelaySeconds", "2"))
                    .withTags(Map.of("team", "wire")))
            .getQueueUrl();

    assertThat(url).isEqualTo(docket.endpoint() + "/queue/us-east-1/000000000000/" + name);
    assertThat(sqs.getQueueUrl(name).getQueueUrl()).isEqualTo(url);
    assertThat(sqs.listQueues(name).getQueueUrls()).containsExactly(url);
    Map<String, String> attributes = sqs.getQueueAttributes(url, List.of("All")).getAttributes();
    assertThat(attributes)
        .containsEntry("VisibilityTimeout", "45")
        .containsEntry("DelaySeconds", "2")
        .containsEntry("QueueArn", "arn:aws:sqs:us-east-1:000000000000:" + name);
    assertThat(sqs.listQueueTags(url).getTags()).isEqualTo(Map.of("team", "wire"));
  }

  @Test
  void messageWithAttributesPassesTheClientsDigestChecksOnSendAndReceive() {
    String url = createQueue("attrs");
    Map<String, MessageAttributeValue> attributes =
        Map.of(
            "Colour", string("blue & <green>"),
            "Count", new MessageAttributeValue().withDataType("Number").withStringValue("42"),
            "Raw",
                new MessageAttributeValue()
                    .withDataType("Binary")
                    .withBinaryValue(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff})),
            "Unicode", string("grüße \uD83D\uDE80"));

    SendMessageResult sent =
        sqs.sendMessage(
            new SendMessageRequest(url, "hello\r\nworld ✓").withMessageAttributes(attributes));
    Message received = receiveOne(url);

    assertThat(sent.getMD5OfMessageAttributes()).hasSize(32);
    assertThat(received.getMessageId()).isEqualTo(sent.getMessageId());
    assertThat(received.getBody()).isEqualTo("hello\r\nworld ✓");
    assertThat(received.getMD5OfMessageAttributes()).isEqualTo(sent.getMD5OfMessageAttributes());
    assertThat(received.getMessageAttributes()).isEqualTo(attributes);
    assertThat(received.getAttributes())
        .containsEntry("ApproximateReceiveCount", "1")
        .containsKeys("SentTimestamp", "ApproximateFirstReceiveTimestamp", "SenderId");
  }

  @Test
  void batchSentWithAttributesIsReceivedAndDeletedInBatches() {
    String url = createQueue("batch");
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      entries.add(
          new SendMessageBatchRequestEntry("e" + i, "body " + i)
              .withMessageAttributes(Map.of("Index", string(Integer.toString(i)))));
    }

    SendMessageBatchResult sent =
        sqs.sendMessageBatch(new SendMessageBatchRequest(url).withEntries(entries));
    List<Message> received = receiveAtLeast(url, 3);
    List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
    for (Message message : received) {
      deletes.add(
          new DeleteMessageBatchRequestEntry("d" + deletes.size(), message.getReceiptHandle()));
    }
    DeleteMessageBatchResult deleted =
        sqs.deleteMessageBatch(new DeleteMessageBatchRequest(url).withEntries(deletes));

    assertThat(sent.getFailed()).isEmpty();
    assertThat(sent.getSuccessful())
        .extracting(SendMessageBatchResultEntry::getId)
        .containsExactlyInAnyOrder("e0", "e1", "e2");
    assertThat(received)
        .extracting(Message::getBody)
        .containsExactlyInAnyOrder("body 0", "body 1", "body 2");
    assertThat(received).allSatisfy(m -> assertThat(m.getMessageAttributes()).containsKey("Index"));
    assertThat(deleted.getFailed()).isEmpty();
    assertThat(deleted.getSuccessful()).hasSize(3);
    assertThat(sqs.getQueueAttributes(url, List.of("All")).getAttributes())
        .containsEntry("ApproximateNumberOfMessages", "0")
        .containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
  }

  @Test
  void changingVisibilityToZeroMakesAReceivedMessageReceivableAgain() {
    String url = createQueue("visibility");
    String id = sqs.sendMessage(url, "again").getMessageId();
    Message first = receiveOne(url);

    sqs.changeMessageVisibility(url, first.getReceiptHandle(), 0);
    Message second = receiveOne(url);

    assertThat(first.getMessageId()).isEqualTo(id);
    assertThat(second.getMessageId()).isEqualTo(id);
    assertThat(second.getAttributes()).containsEntry("ApproximateReceiveCount", "2");
    assertThat(second.getReceiptHandle()).isNotEqualTo(first.getReceiptHandle());
  }

  @Test
  void tagsGivenAtCreationAreListedAndRemoved() {
    String url =
        sqs.createQueue(
                new CreateQueueRequest(SqsV1.uniqueName("tags"))
                    .withTags(Map.of("env", "test", "owner", "wire")))
            .getQueueUrl();

    sqs.untagQueue(url, List.of("env"));

    assertThat(sqs.listQueueTags(url).getTags()).isEqualTo(Map.of("owner", "wire"));
  }

  /**
   * The v1 SDK sends TagQueue's map as {@code Tags.N.Key}/{@code Tags.N.Value} (the member name),
   * while botocore and the model extract use {@code Tag.N.*} (the map's location name); real SQS
   * accepts both.
   */
  @Test
  void tagQueueAddsTagsSentTheWayTheV1ClientSendsThem() {
    String url = createQueue("tag-queue");

    sqs.tagQueue(url, Map.of("env", "test", "owner", "wire"));

    assertThat(sqs.listQueueTags(url).getTags()).isEqualTo(Map.of("env", "test", "owner", "wire"));
  }

  @Test
  void setQueueAttributesChangesWhatGetQueueAttributesReports() {
    String url = createQueue("set");

    sqs.setQueueAttributes(
        url, Map.of("MessageRetentionPeriod", "3600", "ReceiveMessageWaitTimeSeconds", "3"));

    assertThat(
            sqs.getQueueAttributes(
                    url, List.of("MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds"))
                .getAttributes())
        .isEqualTo(Map.of("MessageRetentionPeriod", "3600", "ReceiveMessageWaitTimeSeconds", "3"));
  }

  @Test
  void missingQueueIsReportedAsQueueDoesNotExist() {
    String missing = SqsV1.uniqueName("missing");

    QueueDoesNotExistException byName =
        catchThrowableOfType(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(missing));
    QueueDoesNotExistException byUrl =
        catchThrowableOfType(
            QueueDoesNotExistException.class,
            () -> sqs.sendMessage(docket.endpoint() + "/000000000000/" + missing, "lost"));

    assertThat(byName).isNotNull();
    assertThat(byName.getErrorCode()).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
    assertThat(byName.getStatusCode()).isEqualTo(400);
    assertThat(byName.getRequestId()).isNotBlank();
    assertThat(byUrl).isNotNull();
    assertThat(byUrl.getErrorCode()).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
  }

  @Test
  void batchWithDuplicateIdsIsRefusedAsAWhole() {
    String url = createQueue("dupes");

    BatchEntryIdsNotDistinctException e =
        catchThrowableOfType(
            BatchEntryIdsNotDistinctException.class,
            () ->
                sqs.sendMessageBatch(
                    new SendMessageBatchRequest(url)
                        .withEntries(
                            new SendMessageBatchRequestEntry("same", "1"),
                            new SendMessageBatchRequestEntry("same", "2"))));

    assertThat(e).isNotNull();
    assertThat(e.getErrorCode()).isEqualTo("AWS.SimpleQueueService.BatchEntryIdsNotDistinct");
    assertThat(e.getStatusCode()).isEqualTo(400);
    assertThat(sqs.getQueueAttributes(url, List.of("ApproximateNumberOfMessages")).getAttributes())
        .containsEntry("ApproximateNumberOfMessages", "0");
  }

  private static String createQueue(String prefix) {
    return sqs.createQueue(SqsV1.uniqueName(prefix)).getQueueUrl();
  }

  private static MessageAttributeValue string(String value) {
    return new MessageAttributeValue().withDataType("String").withStringValue(value);
  }

  private static Message receiveOne(String url) {
    List<Message> messages = receiveAtLeast(url, 1);
    assertThat(messages).hasSize(1);
    return messages.getFirst();
  }

  /** Receives (long polling) until {@code count} messages arrived, failing after 30 seconds. */
  private static List<Message> receiveAtLeast(String url, int count) {
    List<Message> messages = new ArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          while (messages.size() < count) {
            messages.addAll(
                sqs.receiveMessage(
                        new ReceiveMessageRequest(url)
                            .withMaxNumberOfMessages(10)
                            .withWaitTimeSeconds(1)
                            .withVisibilityTimeout(30)
                            .withAttributeNames("All")
                            .withMessageAttributeNames("All"))
                    .getMessages());
          }
        });
    return messages;
  }
}
