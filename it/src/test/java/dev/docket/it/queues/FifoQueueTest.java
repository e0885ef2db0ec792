package dev.docket.it.queues;

import static dev.docket.it.queues.Sqs.errorCodeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

class FifoQueueTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static SqsClient sqs() {
    return docket.sqs();
  }

  private static String fifoQueue(Map<String, String> extra) {
    Map<String, String> attributes = new java.util.HashMap<>(extra);
    attributes.put("FifoQueue", "true");
    return Sqs.createQueue(sqs(), "orders-fifo", attributes);
  }

  private static SendMessageResponse send(String url, String group, String dedup, String body) {
    return sqs()
        .sendMessage(
            b ->
                b.queueUrl(url)
                    .messageBody(body)
                    .messageGroupId(group)
                    .messageDeduplicationId(dedup));
  }

  private static List<Message> receive(String url) {
    return sqs()
        .receiveMessage(
            b ->
                b.queueUrl(url)
                    .maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
        .messages();
  }

  @Test
  void fifoQueueNameMustEndInFifo() {
    String code =
        errorCodeOf(
            () ->
                sqs()
                    .createQueue(
                        b ->
                            b.queueName("orders")
                                .attributesWithStrings(Map.of("FifoQueue", "true"))));

    assertThat(code).isEqualTo("InvalidParameterValue");
  }

  @Test
  void fifoQueueReportsItsFifoAttributes() {
    String url = fifoQueue(Map.of());

    Map<String, String> attributes =
        sqs()
            .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
            .attributesAsStrings();

    assertThat(attributes)
        .containsEntry("FifoQueue", "true")
        .containsEntry("ContentBasedDeduplication", "false")
        .containsEntry("DeduplicationScope", "queue")
        .containsEntry("FifoThroughputLimit", "perQueue");
  }

  @Test
  void messagesOfAGroupArriveInOrderAndTheGroupWaitsWhileOneIsInFlight() {
    String url = fifoQueue(Map.of());
    SendMessageResponse first = send(url, "g", "1", "first");
    SendMessageResponse second = send(url, "g", "2", "second");
    send(url, "g", "3", "third");

    List<Message> batch = receive(url);
    List<Message> whileInFlight = receive(url);

    assertThat(batch).extracting(Message::body).containsExactly("first", "second", "third");
    assertThat(whileInFlight).isEmpty();
    assertThat(new BigInteger(second.sequenceNumber()))
        .isGreaterThan(new BigInteger(first.sequenceNumber()));
    assertThat(batch.getFirst().attributesAsStrings())
        .containsEntry("MessageGroupId", "g")
        .containsEntry("MessageDeduplicationId", "1")
        .containsEntry("SequenceNumber", first.sequenceNumber());
  }

  @Test
  void anInFlightGroupDoesNotHoldBackOtherGroups() {
    String url = fifoQueue(Map.of());
    send(url, "a", "a1", "a1");
    List<Message> groupA = receive(url);
    send(url, "a", "a2", "a2");
    send(url, "b", "b1", "b1");

    List<Message> next = receive(url);
    sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(groupA.getFirst().receiptHandle()));
    List<Message> afterDelete = receive(url);

    assertThat(next).extracting(Message::body).containsExactly("b1");
    assertThat(afterDelete).extracting(Message::body).containsExactly("a2");
  }

  @Test
  void duplicateWithinTheWindowIsAcceptedButNotStoredAgain() {
    String url = fifoQueue(Map.of());

    SendMessageResponse original = send(url, "g", "same", "body");
    SendMessageResponse duplicate = send(url, "g", "same", "other body");

    assertThat(duplicate.messageId()).isEqualTo(original.messageId());
    assertThat(receive(url)).extracting(Message::body).containsExactly("body");
  }

  @Test
  void contentBasedDeduplicationUsesTheBody() {
    String url = fifoQueue(Map.of("ContentBasedDeduplication", "true"));

    SendMessageResponse original =
        sqs().sendMessage(b -> b.queueUrl(url).messageBody("same").messageGroupId("g"));
    SendMessageResponse duplicate =
        sqs().sendMessage(b -> b.queueUrl(url).messageBody("same").messageGroupId("g"));
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("different").messageGroupId("g"));

    assertThat(duplicate.messageId()).isEqualTo(original.messageId());
    assertThat(receive(url)).extracting(Message::body).containsExactly("same", "different");
  }

  @Test
  void fifoSendsNeedAGroupAndADeduplicationIdAndRefuseADelay() {
    String url = fifoQueue(Map.of());

    String noGroup =
        errorCodeOf(
            () ->
                sqs()
                    .sendMessage(
                        b -> b.queueUrl(url).messageBody("x").messageDeduplicationId("d")));
    String noDedup =
        errorCodeOf(
            () -> sqs().sendMessage(b -> b.queueUrl(url).messageBody("x").messageGroupId("g")));
    String delay =
        errorCodeOf(
            () ->
                sqs()
                    .sendMessage(
                        b ->
                            b.queueUrl(url)
                                .messageBody("x")
                                .messageGroupId("g")
                                .messageDeduplicationId("d")
                                .delaySeconds(5)));

    assertThat(noGroup).isEqualTo("MissingParameter");
    assertThat(noDedup).isEqualTo("InvalidParameterValue");
    assertThat(delay).isEqualTo("InvalidParameterValue");
  }

  @Test
  void retriedReceiveWithTheSameAttemptIdAnswersTheSameMessages() {
    String url = fifoQueue(Map.of());
    send(url, "g", "1", "only");

    List<Message> first =
        sqs().receiveMessage(b -> b.queueUrl(url).receiveRequestAttemptId("attempt-1")).messages();
    List<Message> retry =
        sqs().receiveMessage(b -> b.queueUrl(url).receiveRequestAttemptId("attempt-1")).messages();
    List<Message> other =
        sqs().receiveMessage(b -> b.queueUrl(url).receiveRequestAttemptId("attempt-2")).messages();

    assertThat(first).hasSize(1);
    assertThat(retry).isEqualTo(first);
    assertThat(other).isEmpty();
  }

  @Test
  void standardQueueRefusesADeduplicationId() {
    String url = Sqs.createQueue(sqs(), "standard");

    String code =
        errorCodeOf(
            () ->
                sqs()
                    .sendMessage(
                        b -> b.queueUrl(url).messageBody("x").messageDeduplicationId("d")));

    assertThat(code).isEqualTo("InvalidParameterValue");
  }
}
