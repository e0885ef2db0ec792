package dev.docket.it.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.docket.testing.DocketExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

class BatchesTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static SqsClient sqs() {
    return docket.sqs();
  }

  private static SendMessageBatchRequestEntry entry(String id, String body) {
    return SendMessageBatchRequestEntry.builder().id(id).messageBody(body).build();
  }

  private static List<SendMessageBatchRequestEntry> entries(int count, int bodySize) {
    return IntStream.range(0, count).mapToObj(i -> entry("e" + i, "x".repeat(bodySize))).toList();
  }

  @Test
  void sendMessageBatchSendsGoodEntriesInOrderAndFailsBadOnesAlone() {
    String url = Sqs.createQueue(sqs(), "batch");

    SendMessageBatchResponse response =
        sqs()
            .sendMessageBatch(
                b ->
                    b.queueUrl(url)
                        .entries(
                            entry("a", "first"), entry("bad", "bell\u0007"), entry("c", "third")));
    List<Message> received =
        sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();

    assertThat(response.successful()).extracting(e -> e.id()).containsExactly("a", "c");
    assertThat(response.successful()).allMatch(e -> e.md5OfMessageBody().length() == 32);
    assertThat(response.failed()).hasSize(1);
    BatchResultErrorEntry failure = response.failed().getFirst();
    assertThat(failure.id()).isEqualTo("bad");
    assertThat(failure.senderFault()).isTrue();
    assertThat(failure.code()).isEqualTo("InvalidMessageContents");
    assertThat(received).extracting(Message::body).containsExactly("first", "third");
  }

  @Test
  void batchWithDuplicateIdsFailsAsAWhole() {
    String url = Sqs.createQueue(sqs(), "dupes");

    assertThatThrownBy(
            () ->
                sqs()
                    .sendMessageBatch(
                        b -> b.queueUrl(url).entries(entry("x", "1"), entry("x", "2"))))
        .isInstanceOf(BatchEntryIdsNotDistinctException.class)
        .hasMessageContaining("x");
    assertThat(Sqs.attribute(sqs(), url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        .isEqualTo("0");
  }

  @Test
  void emptyBatchFails() {
    String url = Sqs.createQueue(sqs(), "empty");

    assertThatThrownBy(() -> sqs().sendMessageBatch(b -> b.queueUrl(url).entries(List.of())))
        .isInstanceOf(EmptyBatchRequestException.class);
    assertThatThrownBy(() -> sqs().deleteMessageBatch(b -> b.queueUrl(url).entries(List.of())))
        .isInstanceOf(EmptyBatchRequestException.class);
  }

  @Test
  void batchOfMoreThanTenEntriesFails() {
    String url = Sqs.createQueue(sqs(), "eleven");

    assertThatThrownBy(() -> sqs().sendMessageBatch(b -> b.queueUrl(url).entries(entries(11, 1))))
        .isInstanceOf(TooManyEntriesInBatchRequestException.class)
        .hasMessageContaining("11");
  }

  @Test
  void batchEntryIdOutsideTheAllowedCharactersFails() {
    String url = Sqs.createQueue(sqs(), "ids");

    assertThatThrownBy(
            () -> sqs().sendMessageBatch(b -> b.queueUrl(url).entries(entry("a b", "1"))))
        .isInstanceOf(InvalidBatchEntryIdException.class);
  }

  @Test
  void batchLongerThanSqsBatchLimitFailsWithAwsMessage() {
    String url = Sqs.createQueue(sqs(), "long");

    BatchRequestTooLongException e =
        catchThrowableOfType(
            BatchRequestTooLongException.class,
            () -> sqs().sendMessageBatch(b -> b.queueUrl(url).entries(entries(10, 110_000))));

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode())
        .isEqualTo("AWS.SimpleQueueService.BatchRequestTooLong");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Batch requests cannot be longer than 1048576 bytes. You have sent 1100000 bytes.");
  }

  @Test
  void batchIsHeldToTheFixedBatchLimitAndEachEntryToTheQueueMaximum() {
    String url = Sqs.createQueue(sqs(), "per-entry", Map.of("MaximumMessageSize", "2048"));

    SendMessageBatchResponse response =
        sqs()
            .sendMessageBatch(
                b ->
                    b.queueUrl(url)
                        .entries(
                            entry("fits", "x".repeat(2048)),
                            entry("small", "a"),
                            entry("over", "x".repeat(2049))));

    assertThat(response.successful())
        .extracting(SendMessageBatchResultEntry::id)
        .containsExactly("fits", "small");
    assertThat(response.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.id()).isEqualTo("over");
              assertThat(f.code()).isEqualTo("InvalidParameterValue");
              assertThat(f.message())
                  .isEqualTo(
                      "One or more parameters are invalid. Reason: Message must be shorter than 2048"
                          + " bytes.");
            });
  }

  @Test
  void deleteAndChangeVisibilityBatchesReportEachEntry() {
    String url = Sqs.createQueue(sqs(), "receipts");
    sqs().sendMessageBatch(b -> b.queueUrl(url).entries(entries(2, 3)));
    List<Message> messages =
        sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();

    ChangeMessageVisibilityBatchResponse changed =
        sqs()
            .changeMessageVisibilityBatch(
                b ->
                    b.queueUrl(url)
                        .entries(
                            ChangeMessageVisibilityBatchRequestEntry.builder()
                                .id("ok")
                                .receiptHandle(messages.get(0).receiptHandle())
                                .visibilityTimeout(60)
                                .build(),
                            ChangeMessageVisibilityBatchRequestEntry.builder()
                                .id("broken")
                                .receiptHandle("not-a-handle")
                                .visibilityTimeout(60)
                                .build()));
    DeleteMessageBatchResponse deleted =
        sqs()
            .deleteMessageBatch(
                b ->
                    b.queueUrl(url)
                        .entries(
                            DeleteMessageBatchRequestEntry.builder()
                                .id("one")
                                .receiptHandle(messages.get(0).receiptHandle())
                                .build(),
                            DeleteMessageBatchRequestEntry.builder()
                                .id("two")
                                .receiptHandle(messages.get(1).receiptHandle())
                                .build(),
                            DeleteMessageBatchRequestEntry.builder()
                                .id("three")
                                .receiptHandle("not-a-handle")
                                .build()));

    assertThat(messages).hasSize(2);
    assertThat(changed.successful()).extracting(e -> e.id()).containsExactly("ok");
    assertThat(changed.failed())
        .extracting(BatchResultErrorEntry::id, BatchResultErrorEntry::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("broken", "ReceiptHandleIsInvalid"));
    assertThat(deleted.successful()).extracting(e -> e.id()).containsExactly("one", "two");
    assertThat(deleted.failed()).extracting(BatchResultErrorEntry::id).containsExactly("three");
    assertThat(
            Sqs.attribute(
                sqs(), url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .isEqualTo("0");
  }
}
