package dev.docket.it.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.docket.testing.DocketExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

class LongPollingTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static SqsClient sqs() {
    return docket.sqs();
  }

  @Test
  void longPollReturnsAsSoonAsAnotherThreadSendsAMessage() {
    String url = Sqs.createQueue(sqs(), "waiting");

    List<Message> received =
        assertTimeoutPreemptively(
            Duration.ofSeconds(15),
            () -> {
              try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                CompletableFuture<List<Message>> poll =
                    CompletableFuture.supplyAsync(
                        () ->
                            sqs()
                                .receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20))
                                .messages(),
                        executor);
                sqs().sendMessage(b -> b.queueUrl(url).messageBody("wake up"));
                return poll.join();
              }
            });

    assertThat(received).extracting(Message::body).containsExactly("wake up");
  }

  @Test
  void longPollWakesWhenADelayedMessageBecomesVisible() {
    String url = Sqs.createQueue(sqs(), "delayed-wait");
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("soon").delaySeconds(1));

    List<Message> received =
        assertTimeoutPreemptively(
            Duration.ofSeconds(15),
            () -> sqs().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)).messages());

    assertThat(received).extracting(Message::body).containsExactly("soon");
  }

  @Test
  void queueWaitTimeAttributeMakesEveryReceiveALongPoll() {
    String url =
        Sqs.createQueue(sqs(), "default-wait", Map.of("ReceiveMessageWaitTimeSeconds", "20"));

    List<Message> received =
        assertTimeoutPreemptively(
            Duration.ofSeconds(15),
            () -> {
              try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                CompletableFuture<List<Message>> poll =
                    CompletableFuture.supplyAsync(
                        () -> sqs().receiveMessage(b -> b.queueUrl(url)).messages(), executor);
                sqs().sendMessage(b -> b.queueUrl(url).messageBody("default"));
                return poll.join();
              }
            });

    assertThat(received).extracting(Message::body).containsExactly("default");
  }

  @Test
  void receiveWithoutWaitOnAnEmptyQueueAnswersNothing() {
    String url = Sqs.createQueue(sqs(), "empty");

    List<Message> received = sqs().receiveMessage(b -> b.queueUrl(url)).messages();

    assertThat(received).isEmpty();
  }
}
