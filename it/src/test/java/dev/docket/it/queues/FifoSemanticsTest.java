package dev.docket.it.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.docket.schedule.ManualClock;
import dev.docket.testing.DocketExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * FIFO queues answering as SQS does, each case stating the answer AWS recorded: a receive serves
 * one group's messages together; a message that is not visible holds back only the messages after
 * it; a group just received from goes behind groups that waited; and the FIFO rules of sends,
 * deletes, deduplication, purge and the FIFO attributes. Time moves on a manual clock.
 */
class FifoSemanticsTest {

  private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @RegisterExtension static DocketExtension docket = DocketExtension.builder().clock(CLOCK).build();

  private static SqsClient sqs() {
    return docket.sqs();
  }

  private static String fifo(Map<String, String> extra) {
    Map<String, String> attributes = new HashMap<>(extra);
    attributes.put("FifoQueue", "true");
    attributes.putIfAbsent("ContentBasedDeduplication", "true");
    return Sqs.createQueue(sqs(), "semantics-fifo", attributes);
  }

  /** Sends, then lets a millisecond pass, as it would between calls against AWS. */
  private static void send(String url, String group, String body) {
    sqs().sendMessage(b -> b.queueUrl(url).messageGroupId(group).messageBody(body));
    CLOCK.advance(Duration.ofMillis(1));
  }

  private static List<Message> receive(String url, int max) {
    return sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max)).messages();
  }

  private static List<Message> receive(String url, int max, int visibilityTimeout) {
    return sqs()
        .receiveMessage(
            b -> b.queueUrl(url).maxNumberOfMessages(max).visibilityTimeout(visibilityTimeout))
        .messages();
  }

  private static List<String> bodies(List<Message> messages) {
    return messages.stream().map(Message::body).toList();
  }

  private static SqsException failure(Runnable call) {
    SqsException e = catchThrowableOfType(SqsException.class, call::run);
    assertThat(e).as("the call should fail").isNotNull();
    return e;
  }

  @Test
  void receiveReturnsOneGroupsMessagesTogether() {
    String url = fifo(Map.of());
    send(url, "group-1", "g1-m1");
    send(url, "group-2", "g2-m1");
    send(url, "group-1", "g1-m2");
    send(url, "group-1", "g1-m3");

    List<Message> messages = receive(url, 10);

    assertThat(bodies(messages)).containsExactly("g1-m1", "g1-m2", "g1-m3", "g2-m1");
  }

  @Test
  void groupReceivedWithZeroVisibilityGoesBehindGroupsThatWaited() {
    String url = fifo(Map.of());
    send(url, "group-1", "g1-m1");
    send(url, "group-2", "g2-m1");
    send(url, "group-2", "g2-m2");
    send(url, "group-3", "g3-m1");
    send(url, "group-1", "g1-m2");

    List<Message> first = receive(url, 3, 0);
    CLOCK.advance(Duration.ofMillis(10));
    List<Message> second = receive(url, 10, 0);

    assertThat(bodies(first)).containsExactly("g1-m1", "g1-m2", "g2-m1");
    assertThat(bodies(second)).containsExactly("g3-m1", "g1-m1", "g1-m2", "g2-m1", "g2-m2");
  }

  @Test
  void groupsWhoseVisibilityExpiredComeAfterAGroupThatWaited() {
    String url = fifo(Map.of("VisibilityTimeout", "1"));
    for (int i = 1; i <= 4; i++) {
      send(url, "group-1", "g1-m" + i);
    }
    send(url, "group-2", "g2-m1");
    send(url, "group-3", "g3-m1");

    List<Message> first = receive(url, 2);
    List<Message> second = receive(url, 1);
    CLOCK.advance(Duration.ofSeconds(2));
    List<Message> all = receive(url, 10, 0);

    assertThat(bodies(first)).containsExactly("g1-m1", "g1-m2");
    assertThat(bodies(second)).containsExactly("g2-m1");
    assertThat(bodies(all)).containsExactly("g3-m1", "g1-m1", "g1-m2", "g1-m3", "g1-m4", "g2-m1");
  }

  @Test
  void terminatingOneMessagesVisibilityReturnsItButNotTheInFlightOneAfterIt() {
    String url = fifo(Map.of("VisibilityTimeout", "30"));
    send(url, "group-1", "g1-m1");
    send(url, "group-1", "g1-m2");
    send(url, "group-2", "g2-m1");
    List<Message> first = receive(url, 2);

    sqs()
        .changeMessageVisibility(
            b ->
                b.queueUrl(url)
                    .receiptHandle(first.getFirst().receiptHandle())
                    .visibilityTimeout(0));
    List<Message> next = receive(url, 3);

    assertThat(bodies(first)).containsExactly("g1-m1", "g1-m2");
    assertThat(bodies(next)).containsExactly("g2-m1", "g1-m1");
  }

  @Test
  void aMessageWhoseVisibilityWasExtendedHoldsBackOnlyTheMessagesAfterIt() {
    String url = fifo(Map.of("VisibilityTimeout", "1"));
    send(url, "1", "foo");
    send(url, "1", "bar");
    send(url, "1", "baz");
    List<Message> all = receive(url, 5);

    sqs()
        .changeMessageVisibility(
            b -> b.queueUrl(url).receiptHandle(all.get(1).receiptHandle()).visibilityTimeout(4));
    CLOCK.advance(Duration.ofMillis(2500));
    List<Message> visible = receive(url, 5);

    assertThat(bodies(all)).containsExactly("foo", "bar", "baz");
    assertThat(bodies(visible)).containsExactly("foo");
  }

  @Test
  void deletingAGroupsInFlightMessagesReleasesTheRestInSendOrderAcrossGroups() {
    String url = fifo(Map.of());
    send(url, "group-1", "g1-m1");
    send(url, "group-2", "g2-m1");
    send(url, "group-1", "g1-m2");
    send(url, "group-2", "g2-m2");
    send(url, "group-1", "g1-m2"); // a duplicate by content: not stored
    send(url, "group-1", "g1-m3");
    send(url, "group-1", "g1-m4");
    send(url, "group-3", "g3-m1");
    List<Message> first = receive(url, 2);

    first.forEach(m -> sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
    List<Message> rest = receive(url, 10);

    assertThat(bodies(first)).containsExactly("g1-m1", "g1-m2");
    assertThat(bodies(rest)).containsExactly("g2-m1", "g2-m2", "g1-m3", "g1-m4", "g3-m1");
  }

  @Test
  void aPartialDeleteKeepsTheGroupInFlight() {
    String url = fifo(Map.of());
    send(url, "group-1", "g1-m1");
    send(url, "group-2", "g2-m1");
    send(url, "group-1", "g1-m2");
    send(url, "group-2", "g2-m2");
    send(url, "group-1", "g1-m3");
    send(url, "group-3", "g3-m1");
    List<Message> first = receive(url, 2);

    sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(first.getFirst().receiptHandle()));
    List<Message> rest = receive(url, 10);

    assertThat(bodies(rest)).containsExactly("g2-m1", "g2-m2", "g3-m1");
  }

  @Test
  void messagesOfAGroupComeBackInOrderAfterTheirVisibilityExpires() {
    String url = fifo(Map.of("VisibilityTimeout", "1"));
    send(url, "1", "message-0");
    send(url, "1", "message-1");
    send(url, "1", "message-2");

    List<Message> first = receive(url, 10);
    CLOCK.advance(Duration.ofSeconds(2));
    List<Message> again = receive(url, 10);

    assertThat(bodies(first)).containsExactly("message-0", "message-1", "message-2");
    assertThat(bodies(again)).containsExactly("message-0", "message-1", "message-2");
  }

  @Test
  void zeroDelaySecondsIsAcceptedOnAFifoQueueAndTheQueueDelayApplies() {
    String url = fifo(Map.of("DelaySeconds", "2"));

    sqs().sendMessage(b -> b.queueUrl(url).messageGroupId("1").messageBody("m").delaySeconds(0));
    List<Message> early = receive(url, 1);
    CLOCK.advance(Duration.ofSeconds(3));
    List<Message> late = receive(url, 1);

    assertThat(early).isEmpty();
    assertThat(bodies(late)).containsExactly("m");
  }

  @Test
  void nonZeroDelaySecondsOnAFifoMessageIsRefusedWithSqsMessage() {
    String url = fifo(Map.of());

    SqsException e =
        failure(
            () ->
                sqs()
                    .sendMessage(
                        b -> b.queueUrl(url).messageGroupId("1").messageBody("m").delaySeconds(2)));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter"
                + " that is not valid for this queue type.");
  }

  @Test
  void aBatchEntryWithoutDeduplicationIdFailsTheWholeBatch() {
    String url = fifo(Map.of("ContentBasedDeduplication", "false"));

    SqsException e =
        failure(
            () ->
                sqs()
                    .sendMessageBatch(
                        b ->
                            b.queueUrl(url)
                                .entries(
                                    SendMessageBatchRequestEntry.builder()
                                        .id("a")
                                        .messageBody("x")
                                        .messageGroupId("g")
                                        .messageDeduplicationId("d")
                                        .build(),
                                    SendMessageBatchRequestEntry.builder()
                                        .id("b")
                                        .messageBody("x")
                                        .messageGroupId("g")
                                        .build())));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "The queue should either have ContentBasedDeduplication enabled or"
                + " MessageDeduplicationId provided explicitly");
    assertThat(receive(url, 10)).isEmpty();
  }

  @Test
  void aBatchEntryWithoutMessageGroupIdFailsTheWholeBatch() {
    String url = fifo(Map.of("ContentBasedDeduplication", "false"));

    SqsException e =
        failure(
            () ->
                sqs()
                    .sendMessageBatch(
                        b ->
                            b.queueUrl(url)
                                .entries(
                                    SendMessageBatchRequestEntry.builder()
                                        .id("a")
                                        .messageBody("x")
                                        .messageGroupId("g")
                                        .messageDeduplicationId("d1")
                                        .build(),
                                    SendMessageBatchRequestEntry.builder()
                                        .id("b")
                                        .messageBody("x")
                                        .messageDeduplicationId("d2")
                                        .build())));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("The request must contain the parameter MessageGroupId.");
    assertThat(receive(url, 10)).isEmpty();
  }

  @Test
  void deletingWithAnExpiredReceiptHandleIsRefusedOnAFifoQueue() {
    String url = fifo(Map.of("VisibilityTimeout", "1"));
    send(url, "1", "g1-m1");
    String handle = receive(url, 1).getFirst().receiptHandle();
    CLOCK.advance(Duration.ofSeconds(2));

    SqsException e = failure(() -> sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(handle)));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The receipt handle has expired.");
    assertThat(bodies(receive(url, 1))).containsExactly("g1-m1");
  }

  @Test
  void sameDeduplicationIdInAnotherGroupIsADuplicateWithQueueScope() {
    String url = fifo(Map.of("ContentBasedDeduplication", "false"));
    sqs()
        .sendMessage(
            b ->
                b.queueUrl(url)
                    .messageBody("Test")
                    .messageGroupId("group1")
                    .messageDeduplicationId("same-dedup"));
    Message first = receive(url, 1).getFirst();
    sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(first.receiptHandle()));

    sqs()
        .sendMessage(
            b ->
                b.queueUrl(url)
                    .messageBody("Test")
                    .messageGroupId("group2")
                    .messageDeduplicationId("same-dedup"));

    assertThat(receive(url, 1)).isEmpty();
  }

  @Test
  void sameContentInAnotherGroupIsDeliveredWithMessageGroupScope() {
    String url = fifo(Map.of("DeduplicationScope", "messageGroup"));
    send(url, "group1", "Test");
    Message first = receive(url, 1).getFirst();
    sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(first.receiptHandle()));

    send(url, "group2", "Test");
    send(url, "group2", "Test");

    assertThat(bodies(receive(url, 10))).containsExactly("Test");
  }

  @Test
  void purgeClearsTheDeduplicationCache() {
    String url = fifo(Map.of("ContentBasedDeduplication", "false"));
    sqs()
        .sendMessage(
            b ->
                b.queueUrl(url)
                    .messageBody("message-1")
                    .messageGroupId("g")
                    .messageDeduplicationId("d"));

    sqs().purgeQueue(b -> b.queueUrl(url));
    sqs()
        .sendMessage(
            b ->
                b.queueUrl(url)
                    .messageBody("message-2")
                    .messageGroupId("g")
                    .messageDeduplicationId("d"));

    assertThat(bodies(receive(url, 10))).containsExactly("message-2");
  }

  @Test
  void fifoAttributesOnAStandardQueueAreRefusedWithSqsMessages() {
    Map<String, String> expected =
        Map.of(
            "FifoQueue", "Unknown Attribute FifoQueue.",
            "ContentBasedDeduplication", "Unknown Attribute ContentBasedDeduplication.",
            "DeduplicationScope",
                "You can specify the DeduplicationScope only when FifoQueue is set to true.",
            "FifoThroughputLimit",
                "You can specify the FifoThroughputLimit only when FifoQueue is set to true.");
    Map<String, String> values =
        Map.of(
            "FifoQueue", "false",
            "ContentBasedDeduplication", "false",
            "DeduplicationScope", "queue",
            "FifoThroughputLimit", "perQueue");

    expected.forEach(
        (name, message) -> {
          SqsException e =
              failure(
                  () ->
                      sqs()
                          .createQueue(
                              b ->
                                  b.queueName(Sqs.uniqueName("standard"))
                                      .attributesWithStrings(Map.of(name, values.get(name)))));
          assertThat(e.awsErrorDetails().errorCode()).as(name).isEqualTo("InvalidAttributeName");
          assertThat(e.awsErrorDetails().errorMessage()).as(name).isEqualTo(message);
        });
  }

  @Test
  void fifoQueueAttributeCannotChangeTheQueueType() {
    String standard = Sqs.createQueue(sqs(), "standard");
    String fifo = fifo(Map.of());

    SqsException onStandard =
        failure(
            () ->
                sqs()
                    .setQueueAttributes(
                        b ->
                            b.queueUrl(standard)
                                .attributesWithStrings(Map.of("FifoQueue", "true"))));
    sqs()
        .setQueueAttributes(
            b -> b.queueUrl(fifo).attributesWithStrings(Map.of("FifoQueue", "true")));
    SqsException onFifo =
        failure(
            () ->
                sqs()
                    .setQueueAttributes(
                        b -> b.queueUrl(fifo).attributesWithStrings(Map.of("FifoQueue", "false"))));

    assertThat(onStandard.awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeName");
    assertThat(onStandard.awsErrorDetails().errorMessage())
        .isEqualTo("Unknown Attribute FifoQueue.");
    assertThat(onFifo.awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeValue");
    assertThat(onFifo.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not"
                + " supported.");
  }
}
