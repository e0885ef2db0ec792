package dev.docket.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The storage-first promise, tested for real: a child Docket is killed with SIGKILL while many
 * clients are sending, restarted on the same data directory, and every send that was acknowledged
 * before the kill must be received afterwards. Duplicates and messages whose acknowledgement was
 * lost in the crash are allowed; a lost acknowledged message is not. A clean stop (SIGTERM) must
 * keep every message too.
 */
class CrashRecoveryTest {

  private static final int SENDERS = 16;
  // Kill after 3 s of load, or sooner once 20,000 sends were acknowledged; on a slow machine keep
  // loading (up to 30 s) until at least 1,000 were, so that the check is never trivial.
  private static final int ENOUGH_ACKNOWLEDGED = 20_000;
  private static final int MIN_ACKNOWLEDGED = 1_000;
  private static final Duration LOAD_TIME = Duration.ofSeconds(3);
  private static final Duration MAX_LOAD_TIME = Duration.ofSeconds(30);
  private static final Duration MAX_DRAIN = Duration.ofSeconds(180);
  private static final int CONSUMERS = 4;
  private static final int EMPTY_POLLS_TO_FINISH = 3;

  // Kept when a test fails: the servers' logs are in it.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dataDir;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void everyAcknowledgedSendIsReceivedAfterKill9UnderLoad() throws Exception {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    LongAdder failedSends = new LongAdder();
    int exitValue;
    try (DocketProcess first = DocketProcess.start(dataDir)) {
      String queueUrl = first.sqs().createQueue(r -> r.queueName("crash")).queueUrl();
      try (SqsClient loadClient = loadClient(first.endpoint());
          ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
        AtomicBoolean stop = new AtomicBoolean();
        for (int worker = 0; worker < SENDERS; worker++) {
          int id = worker;
          senders.submit(() -> send(loadClient, queueUrl, id, stop, acknowledged, failedSends));
        }
        try {
          awaitLoad(acknowledged);

          exitValue = first.kill9();
        } finally {
          stop.set(true);
        }
      }
    }
    Map<String, Integer> received;
    try (DocketProcess second = DocketProcess.start(dataDir)) {
      String queueUrl = second.sqs().getQueueUrl(r -> r.queueName("crash")).queueUrl();
      received = drain(second.sqs(), queueUrl);
    }

    Set<String> missing = new HashSet<>(acknowledged);
    missing.removeAll(received.keySet());
    long duplicates = received.values().stream().filter(count -> count > 1).count();
    long unacknowledgedPresent =
        received.keySet().stream().filter(body -> !acknowledged.contains(body)).count();
    System.out.printf(
        "acknowledged=%d, received=%d, duplicates=%d, unacknowledged-but-present=%d,"
            + " failed-sends=%d, missing=%d, exit=%d%n",
        acknowledged.size(),
        received.size(),
        duplicates,
        unacknowledgedPresent,
        failedSends.sum(),
        missing.size(),
        exitValue);
    assertThat(exitValue).as("exit value of the killed server (128 + SIGKILL)").isEqualTo(137);
    assertThat(acknowledged).as("sends acknowledged before the kill").isNotEmpty();
    assertThat(missing)
        .as(
            "acknowledged messages missing after restart (%d of them; server logs in %s)",
            missing.size(), dataDir)
        .isEmpty();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void sigtermStopsTheServerCleanlyAndKeepsItsMessages() throws Exception {
    try (DocketProcess first = DocketProcess.start(dataDir)) {
      String queueUrl = first.sqs().createQueue(r -> r.queueName("graceful")).queueUrl();
      for (int i = 0; i < 25; i++) {
        String body = "m" + i;
        first.sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
      }

      int exitValue = first.stop();

      System.out.printf("graceful stop exit=%d%n", exitValue);
      assertThat(first.isAlive()).isFalse();
    }
    Map<String, Integer> received;
    try (DocketProcess second = DocketProcess.start(dataDir)) {
      String queueUrl = second.sqs().getQueueUrl(r -> r.queueName("graceful")).queueUrl();
      received = drain(second.sqs(), queueUrl);
    }

    assertThat(received.keySet())
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 25).mapToObj(i -> "m" + i).toList());
  }

  /** One sender: alternates SendMessage and SendMessageBatch of 10 until told to stop. */
  private static void send(
      SqsClient sqs,
      String queueUrl,
      int worker,
      AtomicBoolean stop,
      Set<String> acknowledged,
      LongAdder failedSends) {
    for (int seq = 0; !stop.get(); seq++) {
      try {
        if (seq % 2 == 0) {
          String body = "w" + worker + "-s" + seq;
          sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
          acknowledged.add(body);
        } else {
          List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            entries.add(
                SendMessageBatchRequestEntry.builder()
                    .id("e" + i)
                    .messageBody("w" + worker + "-b" + seq + "-" + i)
                    .build());
          }
          SendMessageBatchResponse response =
              sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
          response
              .successful()
              .forEach(ok -> acknowledged.add(entries.get(entryIndex(ok.id())).messageBody()));
        }
      } catch (RuntimeException e) {
        // The server is gone (or going): nothing was acknowledged, so nothing is recorded.
        failedSends.increment();
      }
    }
  }

  private static int entryIndex(String id) {
    return Integer.parseInt(id.substring(1));
  }

  /** Polls until the load has run long enough (see the constants) to kill the server. */
  private static void awaitLoad(Set<String> acknowledged) throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      long elapsed = System.nanoTime() - start;
      int count = acknowledged.size();
      if (count >= ENOUGH_ACKNOWLEDGED
          || (elapsed >= LOAD_TIME.toNanos() && count >= MIN_ACKNOWLEDGED)
          || elapsed >= MAX_LOAD_TIME.toNanos()) {
        return;
      }
      Thread.sleep(10);
    }
  }

  /**
   * Receives and deletes until every consumer saw several consecutive empty long polls, counting
   * how often each body was received.
   */
  private static Map<String, Integer> drain(SqsClient sqs, String queueUrl) throws Exception {
    return QueueDrain.drain(
        sqs,
        queueUrl,
        CONSUMERS,
        MAX_DRAIN,
        body -> body,
        (seen, emptyPolls) -> emptyPolls >= EMPTY_POLLS_TO_FINISH);
  }

  /** A client that fails fast once the server is gone: no retries, bounded call time. */
  private static SqsClient loadClient(URI endpoint) {
    return QueueDrain.failFast(SqsClient.builder(), endpoint);
  }
}
