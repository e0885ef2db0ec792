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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ResourceNotFoundException;

class DeadLetterQueueTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static SqsClient sqs() {
    return docket.sqs();
  }

  /** A source queue whose messages go to {@code dlqUrl} after two receives. */
  private static String sourceOf(String dlqUrl) {
    String policy =
        "{\"deadLetterTargetArn\":\"" + Sqs.arn(sqs(), dlqUrl) + "\",\"maxReceiveCount\":\"2\"}";
    return Sqs.createQueue(sqs(), "source", Map.of("RedrivePolicy", policy));
  }

  private static List<Message> receiveAgainAndAgain(String url) {
    return sqs()
        .receiveMessage(
            b ->
                b.queueUrl(url)
                    .visibilityTimeout(0)
                    .maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
        .messages();
  }

  private static ListMessageMoveTasksResultEntry latestTask(String dlqArn) {
    return sqs().listMessageMoveTasks(b -> b.sourceArn(dlqArn)).results().getFirst();
  }

  @Test
  void messageMovesToTheDeadLetterQueueAfterMaxReceiveCountReceives() {
    String dlq = Sqs.createQueue(sqs(), "dlq");
    String source = sourceOf(dlq);
    sqs().sendMessage(b -> b.queueUrl(source).messageBody("poison"));

    List<Message> first = receiveAgainAndAgain(source);
    List<Message> second = receiveAgainAndAgain(source);
    List<Message> third = receiveAgainAndAgain(source);
    List<Message> dead = receiveAgainAndAgain(dlq);

    assertThat(first).hasSize(1);
    assertThat(second).hasSize(1);
    assertThat(third).isEmpty();
    assertThat(dead).extracting(Message::body).containsExactly("poison");
    assertThat(dead.getFirst().attributesAsStrings())
        .containsEntry("DeadLetterQueueSourceArn", Sqs.arn(sqs(), source));
  }

  @Test
  void redrivePolicyIsReturnedAndListsTheSourceQueue() {
    String dlq = Sqs.createQueue(sqs(), "dlq");
    String source = sourceOf(dlq);

    String policy = Sqs.attribute(sqs(), source, QueueAttributeName.REDRIVE_POLICY);
    List<String> sources = sqs().listDeadLetterSourceQueues(b -> b.queueUrl(dlq)).queueUrls();

    assertThat(policy)
        .isEqualTo(
            "{\"deadLetterTargetArn\":\"" + Sqs.arn(sqs(), dlq) + "\",\"maxReceiveCount\":2}");
    assertThat(sources).containsExactly(source);
  }

  @Test
  void redrivePolicyMustNameAnExistingQueueOfTheSameType() {
    String missing =
        "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:missing\","
            + "\"maxReceiveCount\":3}";
    String fifoDlq = Sqs.createQueue(sqs(), "dlq-fifo", Map.of("FifoQueue", "true"));
    String wrongType =
        "{\"deadLetterTargetArn\":\"" + Sqs.arn(sqs(), fifoDlq) + "\",\"maxReceiveCount\":3}";

    assertThat(
            errorCodeOf(() -> Sqs.createQueue(sqs(), "orphan", Map.of("RedrivePolicy", missing))))
        .isEqualTo("InvalidParameterValue");
    assertThat(
            errorCodeOf(
                () -> Sqs.createQueue(sqs(), "mismatch", Map.of("RedrivePolicy", wrongType))))
        .isEqualTo("InvalidParameterValue");
  }

  @Test
  void moveTaskRedrivesDeadLettersBackToTheirSourceQueue() {
    String dlq = Sqs.createQueue(sqs(), "dlq");
    String source = sourceOf(dlq);
    sqs().sendMessage(b -> b.queueUrl(source).messageBody("retry me"));
    IntStream.range(0, 3).forEach(i -> receiveAgainAndAgain(source));
    String dlqArn = Sqs.arn(sqs(), dlq);

    String handle = sqs().startMessageMoveTask(b -> b.sourceArn(dlqArn)).taskHandle();
    Sqs.awaitUntil(() -> latestTask(dlqArn).status().equals("COMPLETED"));
    List<Message> back = receiveAgainAndAgain(source);

    assertThat(handle).isNotBlank();
    assertThat(latestTask(dlqArn).approximateNumberOfMessagesMoved()).isEqualTo(1);
    assertThat(latestTask(dlqArn).approximateNumberOfMessagesToMove()).isEqualTo(1);
    assertThat(back).extracting(Message::body).containsExactly("retry me");
    assertThat(back.getFirst().attributesAsStrings()).containsEntry("ApproximateReceiveCount", "1");
  }

  @Test
  void moveTaskCanMoveToAnotherQueueAndBeCancelled() {
    String dlq = Sqs.createQueue(sqs(), "dlq");
    String source = sourceOf(dlq);
    String elsewhere = Sqs.createQueue(sqs(), "elsewhere");
    sqs()
        .sendMessageBatch(
            b ->
                b.queueUrl(dlq)
                    .entries(
                        IntStream.range(0, 10)
                            .mapToObj(
                                i ->
                                    software.amazon.awssdk.services.sqs.model
                                        .SendMessageBatchRequestEntry.builder()
                                        .id("m" + i)
                                        .messageBody("m" + i)
                                        .build())
                            .toList()));
    String dlqArn = Sqs.arn(sqs(), dlq);

    String handle =
        sqs()
            .startMessageMoveTask(
                b ->
                    b.sourceArn(dlqArn)
                        .destinationArn(Sqs.arn(sqs(), elsewhere))
                        .maxNumberOfMessagesPerSecond(1))
            .taskHandle();
    String second = errorCodeOf(() -> sqs().startMessageMoveTask(b -> b.sourceArn(dlqArn)));
    long moved =
        sqs().cancelMessageMoveTask(b -> b.taskHandle(handle)).approximateNumberOfMessagesMoved();
    Sqs.awaitUntil(() -> latestTask(dlqArn).status().equals("CANCELLED"));

    assertThat(source).isNotEqualTo(elsewhere);
    assertThat(second).isEqualTo("InvalidParameterValue");
    assertThat(moved).isBetween(0L, 9L);
    assertThat(latestTask(dlqArn).destinationArn()).isEqualTo(Sqs.arn(sqs(), elsewhere));
    assertThat(
            Long.parseLong(
                Sqs.attribute(sqs(), elsewhere, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)))
        .isEqualTo(latestTask(dlqArn).approximateNumberOfMessagesMoved());
  }

  @Test
  void moveTaskNeedsAnExistingDeadLetterQueue() {
    String plain = Sqs.createQueue(sqs(), "plain");
    String plainArn = Sqs.arn(sqs(), plain);

    assertThatThrownBy(
            () ->
                sqs()
                    .startMessageMoveTask(
                        b -> b.sourceArn("arn:aws:sqs:us-east-1:000000000000:missing")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(errorCodeOf(() -> sqs().startMessageMoveTask(b -> b.sourceArn(plainArn))))
        .isEqualTo("InvalidParameterValue");
    assertThat(errorCodeOf(() -> sqs().cancelMessageMoveTask(b -> b.taskHandle("nonsense"))))
        .isEqualTo("InvalidParameterValue");
  }
}
