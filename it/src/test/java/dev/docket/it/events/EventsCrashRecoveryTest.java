package dev.docket.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.it.QueueDrain;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The storage-first promise of PutEvents, tested for real: a child Docket routes a bus's events to
 * a queue while many clients put events (10 entries a request), is killed with SIGKILL mid-stream,
 * and restarted on the same data directory. Every event id acknowledged before the kill must then
 * reach the queue: the router resumes from its durable cursor, so duplicates are allowed (and
 * counted), losses are not.
 */
class EventsCrashRecoveryTest {

  private static final int SENDERS = 16;
  // Kill after 3 s of load, or sooner once 10,000 events were acknowledged; on a slow machine keep
  // loading (up to 20 s) until at least 1,000 were, so that the check is never trivial.
  private static final int ENOUGH_ACKNOWLEDGED = 10_000;
  private static final int MIN_ACKNOWLEDGED = 1_000;
  private static final Duration LOAD_TIME = Duration.ofSeconds(3);
  private static final Duration MAX_LOAD_TIME = Duration.ofSeconds(20);
  private static final Duration MAX_DRAIN = Duration.ofSeconds(40);
  private static final int CONSUMERS = 4;
  private static final String BUS = "crash";
  private static final String SOURCE = "crash.test";

  // Kept when the test fails: the servers' logs are in it.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dataDir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void everyAcknowledgedEventReachesTheQueueAfterKill9UnderLoad() throws Exception {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    LongAdder failedRequests = new LongAdder();
    int exitValue;
    try (DocketProcess first = DocketProcess.start(dataDir);
        EventBridgeClient setup = EventsIt.client(first.endpoint())) {
      String queueUrl = first.sqs().createQueue(r -> r.queueName("crash-events")).queueUrl();
      EventsIt.Queue queue =
          new EventsIt.Queue(queueUrl, "arn:aws:sqs:us-east-1:000000000000:crash-events");
      setup.createEventBus(b -> b.name(BUS));
      EventsIt.rule(
          setup,
          BUS,
          "to-queue",
          "{\"source\": [\"" + SOURCE + "\"]}",
          EventsIt.target("q", queue.arn()));
      try (EventBridgeClient loadClient = loadClient(first.endpoint());
          ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
        AtomicBoolean stop = new AtomicBoolean();
        for (int worker = 0; worker < SENDERS; worker++) {
          int id = worker;
          senders.submit(() -> send(loadClient, id, stop, acknowledged, failedRequests));
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
      String queueUrl = second.sqs().getQueueUrl(r -> r.queueName("crash-events")).queueUrl();
      received = drain(second.sqs(), queueUrl, acknowledged);
    }

    Set<String> missing = new HashSet<>(acknowledged);
    missing.removeAll(received.keySet());
    long duplicates = received.values().stream().filter(count -> count > 1).count();
    long unacknowledgedPresent =
        received.keySet().stream().filter(id -> !acknowledged.contains(id)).count();
    System.out.printf(
        "events: acknowledged=%d, received=%d, duplicated=%d, unacknowledged-but-delivered=%d,"
            + " failed-requests=%d, missing=%d, exit=%d%n",
        acknowledged.size(),
        received.size(),
        duplicates,
        unacknowledgedPresent,
        failedRequests.sum(),
        missing.size(),
        exitValue);
    assertThat(exitValue).as("exit value of the killed server (128 + SIGKILL)").isEqualTo(137);
    assertThat(acknowledged.size()).as("events acknowledged before the kill").isPositive();
    assertThat(missing)
        .as(
            "acknowledged events missing after restart (%d of them; server logs in %s)",
            missing.size(), dataDir)
        .isEmpty();
  }

  /** One sender: PutEvents of 10 entries until told to stop; records acknowledged event ids. */
  private static void send(
      EventBridgeClient events,
      int worker,
      AtomicBoolean stop,
      Set<String> acknowledged,
      LongAdder failedRequests) {
    for (int seq = 0; !stop.get(); seq++) {
      List<PutEventsRequestEntry> entries = new ArrayList<>(10);
      for (int i = 0; i < 10; i++) {
        entries.add(
            PutEventsRequestEntry.builder()
                .eventBusName(BUS)
                .source(SOURCE)
                .detailType("load")
                .detail("{\"worker\": " + worker + ", \"seq\": " + seq + ", \"i\": " + i + "}")
                .build());
      }
      try {
        PutEventsResponse response = events.putEvents(r -> r.entries(entries));
        for (PutEventsResultEntry entry : response.entries()) {
          if (entry.eventId() != null) {
            acknowledged.add(entry.eventId());
          }
        }
      } catch (RuntimeException e) {
        // The server is gone (or going): nothing was acknowledged, so nothing is recorded.
        failedRequests.increment();
      }
    }
  }

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
   * Receives and deletes until every acknowledged event arrived and the queue then stays empty for
   * a few polls (to count duplicates), or until {@link #MAX_DRAIN}; counts each event id.
   */
  /** Receives and deletes until every acknowledged event arrived and the queue stays empty. */
  private static Map<String, Integer> drain(
      SqsClient sqs, String queueUrl, Set<String> acknowledged) throws Exception {
    return QueueDrain.drain(
        sqs,
        queueUrl,
        CONSUMERS,
        MAX_DRAIN,
        body -> EventsIt.parse(body).path("id").asText(),
        (seen, emptyPolls) -> emptyPolls >= 2 && seen.containsAll(acknowledged));
  }

  /** A client that fails fast once the server is gone: no retries, bounded call time. */
  private static EventBridgeClient loadClient(URI endpoint) {
    return QueueDrain.failFast(EventBridgeClient.builder(), endpoint);
  }
}
