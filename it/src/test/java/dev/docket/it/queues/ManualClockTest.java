package dev.docket.it.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.docket.schedule.ManualClock;
import dev.docket.testing.DocketExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Time-dependent queue behaviour, driven by a clock the test moves instead of sleeping. */
class ManualClockTest {

  private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @RegisterExtension static DocketExtension docket = DocketExtension.builder().clock(CLOCK).build();

  private static SqsClient sqs() {
    return docket.sqs();
  }

  private static List<Message> receive(String url) {
    return sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
  }

  @Test
  void messageBecomesVisibleAgainWhenItsVisibilityTimeoutExpires() {
    String url = Sqs.createQueue(sqs(), "timeout", Map.of("VisibilityTimeout", "30"));
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("again"));
    Message first = receive(url).getFirst();

    CLOCK.advance(Duration.ofSeconds(29));
    List<Message> early = receive(url);
    CLOCK.advance(Duration.ofSeconds(2));
    List<Message> late = receive(url);

    assertThat(early).isEmpty();
    assertThat(late).extracting(Message::messageId).containsExactly(first.messageId());
  }

  @Test
  void changingTheVisibilityOfAnExpiredReceiptSucceedsAsInAws() {
    String url = Sqs.createQueue(sqs(), "expired", Map.of("VisibilityTimeout", "10"));
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("slow consumer"));
    String handle = receive(url).getFirst().receiptHandle();

    CLOCK.advance(Duration.ofSeconds(11));

    assertThatCode(
            () ->
                sqs()
                    .changeMessageVisibility(
                        b -> b.queueUrl(url).receiptHandle(handle).visibilityTimeout(30)))
        .doesNotThrowAnyException();
  }

  @Test
  void changingTheVisibilityWithAReceiptALaterReceiveSupersededSucceedsAsInAws() {
    String url = Sqs.createQueue(sqs(), "superseded", Map.of("VisibilityTimeout", "10"));
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("received twice"));
    String first = receive(url).getFirst().receiptHandle();
    CLOCK.advance(Duration.ofSeconds(11));
    String second = receive(url).getFirst().receiptHandle();

    assertThatCode(
            () ->
                sqs()
                    .changeMessageVisibility(
                        b -> b.queueUrl(url).receiptHandle(first).visibilityTimeout(30)))
        .doesNotThrowAnyException();
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void visibilityCannotBeExtendedBeyondTwelveHoursFromTheReceive() {
    String url = Sqs.createQueue(sqs(), "twelve-hours");
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("long job"));
    String handle =
        sqs()
            .receiveMessage(b -> b.queueUrl(url).visibilityTimeout(40_000))
            .messages()
            .getFirst()
            .receiptHandle();
    CLOCK.advance(Duration.ofSeconds(30_000));

    sqs()
        .changeMessageVisibility(
            b -> b.queueUrl(url).receiptHandle(handle).visibilityTimeout(13_200));
    String code =
        Sqs.errorCodeOf(
            () ->
                sqs()
                    .changeMessageVisibility(
                        b -> b.queueUrl(url).receiptHandle(handle).visibilityTimeout(13_201)));

    assertThat(code).isEqualTo("InvalidParameterValue");
  }

  @Test
  void delayedMessageArrivesWhenItsDelayIsOver() {
    String url = Sqs.createQueue(sqs(), "delay", Map.of("DelaySeconds", "60"));
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("later"));

    List<Message> during = receive(url);
    CLOCK.advance(Duration.ofSeconds(60));
    List<Message> after = receive(url);

    assertThat(during).isEmpty();
    assertThat(after).extracting(Message::body).containsExactly("later");
  }

  @Test
  void messagesExpireAfterTheRetentionPeriod() {
    String url = Sqs.createQueue(sqs(), "retention", Map.of("MessageRetentionPeriod", "60"));
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("stale"));

    CLOCK.advance(Duration.ofSeconds(61));

    assertThat(receive(url)).isEmpty();
    assertThat(Sqs.attribute(sqs(), url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        .isEqualTo("0");
  }

  @Test
  void purgeIsAllowedAgainAfterSixtySeconds() {
    String url = Sqs.createQueue(sqs(), "purge-again");
    sqs().purgeQueue(b -> b.queueUrl(url));

    CLOCK.advance(Duration.ofSeconds(60));
    sqs().purgeQueue(b -> b.queueUrl(url));

    assertThat(Sqs.attribute(sqs(), url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        .isEqualTo("0");
  }

  @Test
  void lastModifiedTimestampFollowsSetQueueAttributes() {
    String url = Sqs.createQueue(sqs(), "modified");
    String created = Sqs.attribute(sqs(), url, QueueAttributeName.CREATED_TIMESTAMP);

    CLOCK.advance(Duration.ofSeconds(100));
    sqs()
        .setQueueAttributes(
            b -> b.queueUrl(url).attributesWithStrings(Map.of("VisibilityTimeout", "5")));

    assertThat(
            Long.parseLong(Sqs.attribute(sqs(), url, QueueAttributeName.LAST_MODIFIED_TIMESTAMP)))
        .isEqualTo(Long.parseLong(created) + 100);
  }
}
