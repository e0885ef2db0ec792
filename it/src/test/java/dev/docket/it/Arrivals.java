package dev.docket.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What schedules and retries put on a queue, seen by tests that move a manual clock: the server's
 * timer loops act on their own threads after a move, so a test polls with short receives in real
 * time (a long poll would wait on the manual clock, which does not move by itself).
 */
public final class Arrivals {

  private Arrivals() {}

  /**
   * Receives (and deletes) until {@code count} messages arrived, polling for at most {@code
   * patience} of real time; fails if fewer arrived.
   */
  public static List<Message> await(SqsClient sqs, String url, int count, Duration patience) {
    List<Message> received = new ArrayList<>();
    long deadline = System.nanoTime() + patience.toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      List<Message> batch = receiveNow(sqs, url);
      for (Message message : batch) {
        received.add(message);
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
      }
      if (batch.isEmpty()) {
        sleep(Duration.ofMillis(50));
      }
    }
    assertThat(received).as("messages on %s", url).hasSize(count);
    return received;
  }

  /**
   * What is in the queue after the server had {@code pause} of real time to do anything it still
   * would: for asserting that something did not happen.
   */
  public static List<Message> settled(SqsClient sqs, String url, Duration pause) {
    sleep(pause);
    return receiveNow(sqs, url);
  }

  /** One short receive of up to 10 messages, with their system attributes. */
  public static List<Message> receiveNow(SqsClient sqs, String url) {
    return sqs.receiveMessage(
            b ->
                b.queueUrl(url)
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
        .messages();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
