package dev.docket.it.queues;

import static dev.docket.it.queues.Sqs.errorCodeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.testing.DocketExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

class MessagesTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static SqsClient sqs() {
    return docket.sqs();
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static String md5Hex(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("MD5")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Message> receive(String url, int max) {
    return sqs()
        .receiveMessage(
            b ->
                b.queueUrl(url)
                    .maxNumberOfMessages(max)
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
        .messages();
  }

  @Test
  void sentMessageIsReceivedWithBodyAttributesAndMatchingDigests() {
    String url = Sqs.createQueue(sqs(), "roundtrip");
    Map<String, MessageAttributeValue> attributes =
        Map.of(
            "colour", string("blue"),
            "count",
                MessageAttributeValue.builder().dataType("Number.int").stringValue("42").build(),
            "blob",
                MessageAttributeValue.builder()
                    .dataType("Binary")
                    .binaryValue(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255}))
                    .build());

    SendMessageResponse sent =
        sqs()
            .sendMessage(
                b -> b.queueUrl(url).messageBody("Héllo 😀").messageAttributes(attributes));
    List<Message> received = receive(url, 10);

    assertThat(sent.md5OfMessageBody()).isEqualTo(md5Hex("Héllo 😀"));
    assertThat(received).hasSize(1);
    Message message = received.getFirst();
    assertThat(message.messageId()).isEqualTo(sent.messageId());
    assertThat(message.body()).isEqualTo("Héllo 😀");
    assertThat(message.md5OfBody()).isEqualTo(sent.md5OfMessageBody());
    assertThat(message.md5OfMessageAttributes()).isEqualTo(sent.md5OfMessageAttributes());
    assertThat(message.messageAttributes()).isEqualTo(attributes);
  }

  @Test
  void receiveAnswersOnlyTheMessageAttributesAskedForByNameOrPrefix() {
    String url = Sqs.createQueue(sqs(), "selective");
    sqs()
        .sendMessage(
            b ->
                b.queueUrl(url)
                    .messageBody("body")
                    .messageAttributes(
                        Map.of("a.one", string("1"), "a.two", string("2"), "b", string("3"))));

    Message message =
        sqs()
            .receiveMessage(b -> b.queueUrl(url).messageAttributeNames("a.*").visibilityTimeout(0))
            .messages()
            .getFirst();
    Message byName =
        sqs().receiveMessage(b -> b.queueUrl(url).messageAttributeNames("b")).messages().getFirst();

    assertThat(message.messageAttributes()).containsOnlyKeys("a.one", "a.two");
    assertThat(byName.messageAttributes()).containsOnlyKeys("b");
  }

  @Test
  void systemAttributesDescribeSenderTimesReceivesAndTraceHeader() {
    String url = Sqs.createQueue(sqs(), "system");
    SendMessageResponse sent =
        sqs()
            .sendMessage(
                b ->
                    b.queueUrl(url)
                        .messageBody("traced")
                        .messageSystemAttributes(
                            Map.of(
                                MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                                MessageSystemAttributeValue.builder()
                                    .dataType("String")
                                    .stringValue("Root=1-5759e988-bd862e3fe1be46a994272793")
                                    .build())));

    Message first =
        sqs()
            .receiveMessage(
                b ->
                    b.queueUrl(url)
                        .visibilityTimeout(0)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
            .messages()
            .getFirst();
    Message second = receive(url, 1).getFirst();

    assertThat(sent.md5OfMessageSystemAttributes()).hasSize(32);
    assertThat(first.attributesAsStrings())
        .containsEntry("SenderId", "000000000000")
        .containsEntry("ApproximateReceiveCount", "1")
        .containsEntry("AWSTraceHeader", "Root=1-5759e988-bd862e3fe1be46a994272793")
        .containsKeys("SentTimestamp", "ApproximateFirstReceiveTimestamp");
    assertThat(second.attributesAsStrings()).containsEntry("ApproximateReceiveCount", "2");
    assertThat(second.attributesAsStrings().get("ApproximateFirstReceiveTimestamp"))
        .isEqualTo(first.attributesAsStrings().get("ApproximateFirstReceiveTimestamp"));
  }

  @Test
  void receivedMessageStaysInvisibleUntilItsVisibilityIsChanged() {
    String url = Sqs.createQueue(sqs(), "invisible");
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("once"));
    Message message = receive(url, 1).getFirst();

    List<Message> whileInFlight = receive(url, 1);
    String notVisible =
        Sqs.attribute(sqs(), url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    sqs()
        .changeMessageVisibility(
            b -> b.queueUrl(url).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
    List<Message> afterChange = receive(url, 1);

    assertThat(whileInFlight).isEmpty();
    assertThat(notVisible).isEqualTo("1");
    assertThat(afterChange).extracting(Message::body).containsExactly("once");
  }

  @Test
  void deletedMessageIsGoneAndDeletingItAgainSucceeds() {
    String url = Sqs.createQueue(sqs(), "deleted");
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("bye"));
    Message message = receive(url, 1).getFirst();

    sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
    sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));

    assertThat(Sqs.attribute(sqs(), url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        .isEqualTo("0");
    assertThat(
            Sqs.attribute(
                sqs(), url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .isEqualTo("0");
  }

  @Test
  void changingTheVisibilityOfADeletedMessageIsAnInvalidParameterValue() {
    String url = Sqs.createQueue(sqs(), "gone");
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("bye"));
    Message message = receive(url, 1).getFirst();
    sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));

    String code =
        errorCodeOf(
            () ->
                sqs()
                    .changeMessageVisibility(
                        b ->
                            b.queueUrl(url)
                                .receiptHandle(message.receiptHandle())
                                .visibilityTimeout(10)));

    assertThat(code).isEqualTo("InvalidParameterValue");
  }

  @Test
  void malformedReceiptHandleIsInvalid() {
    String url = Sqs.createQueue(sqs(), "malformed");

    assertThatThrownBy(() -> sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle("garbage")))
        .isInstanceOf(ReceiptHandleIsInvalidException.class)
        .hasMessageContaining("\"garbage\"");
    assertThatThrownBy(
            () ->
                sqs()
                    .changeMessageVisibility(
                        b -> b.queueUrl(url).receiptHandle("garbage").visibilityTimeout(1)))
        .isInstanceOf(ReceiptHandleIsInvalidException.class);
  }

  @Test
  void receiptHandleOfAnotherQueueIsInvalid() {
    String one = Sqs.createQueue(sqs(), "one");
    String two = Sqs.createQueue(sqs(), "two");
    sqs().sendMessage(b -> b.queueUrl(one).messageBody("x"));
    String handle = receive(one, 1).getFirst().receiptHandle();

    assertThatThrownBy(() -> sqs().deleteMessage(b -> b.queueUrl(two).receiptHandle(handle)))
        .isInstanceOf(ReceiptHandleIsInvalidException.class);
  }

  @Test
  void delayedMessageIsCountedAsDelayedAndNotReceived() {
    String url = Sqs.createQueue(sqs(), "delayed");

    sqs().sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(900));

    assertThat(receive(url, 1)).isEmpty();
    assertThat(Sqs.attribute(sqs(), url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
        .isEqualTo("1");
    assertThat(
            errorCodeOf(
                () -> sqs().sendMessage(b -> b.queueUrl(url).messageBody("x").delaySeconds(901))))
        .isEqualTo("InvalidParameterValue");
  }

  @Test
  void messageLargerThanTheQueueMaximumIsRefused() {
    String url = Sqs.createQueue(sqs(), "small", Map.of("MaximumMessageSize", "1024"));

    String code =
        errorCodeOf(() -> sqs().sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(1025))));
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(1024)));

    assertThat(code).isEqualTo("InvalidParameterValue");
  }

  @Test
  void messageAttributesCountTowardsTheMessageSize() {
    String url = Sqs.createQueue(sqs(), "counted", Map.of("MaximumMessageSize", "1024"));

    String code =
        errorCodeOf(
            () ->
                sqs()
                    .sendMessage(
                        b ->
                            b.queueUrl(url)
                                .messageBody("x".repeat(1000))
                                .messageAttributes(Map.of("attribute", string("y".repeat(20))))));

    assertThat(code).isEqualTo("InvalidParameterValue");
  }

  @Test
  void bodyWithCharactersSqsDoesNotAllowIsRefused() {
    String url = Sqs.createQueue(sqs(), "chars");

    assertThatThrownBy(() -> sqs().sendMessage(b -> b.queueUrl(url).messageBody("bell\u0007")))
        .isInstanceOf(InvalidMessageContentsException.class)
        .hasMessageContaining("#x7");
  }

  @Test
  void moreThanTenMessageAttributesAreRefused() {
    String url = Sqs.createQueue(sqs(), "many-attrs");
    Map<String, MessageAttributeValue> eleven = new java.util.HashMap<>();
    IntStream.range(0, 11).forEach(i -> eleven.put("a" + i, string("v")));

    assertThat(
            errorCodeOf(
                () ->
                    sqs()
                        .sendMessage(
                            b -> b.queueUrl(url).messageBody("x").messageAttributes(eleven))))
        .isEqualTo("InvalidParameterValue");
  }

  @Test
  void receiveRefusesOutOfRangeParameters() {
    String url = Sqs.createQueue(sqs(), "ranges");

    assertThat(
            errorCodeOf(() -> sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(11))))
        .isEqualTo("InvalidParameterValue");
    assertThat(errorCodeOf(() -> sqs().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(21))))
        .isEqualTo("InvalidParameterValue");
    assertThat(
            errorCodeOf(() -> sqs().receiveMessage(b -> b.queueUrl(url).visibilityTimeout(43201))))
        .isEqualTo("InvalidParameterValue");
  }

  @Test
  void sendingToAQueueThatDoesNotExistFails() {
    String url = docket.endpoint() + "/000000000000/nowhere";

    assertThatThrownBy(() -> sqs().sendMessage(b -> b.queueUrl(url).messageBody("x")))
        .isInstanceOf(QueueDoesNotExistException.class);
    assertThatThrownBy(() -> sqs().receiveMessage(b -> b.queueUrl(url)))
        .isInstanceOf(QueueDoesNotExistException.class);
  }
}
