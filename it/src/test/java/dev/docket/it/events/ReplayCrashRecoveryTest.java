package dev.docket.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.it.QueueDrain;
import dev.docket.testing.DocketProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeReplayResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ReplayState;

/**
 * A replay survives SIGKILL: a child Docket is killed while a replay runs, and restarted on the
 * same data directory. Once the dead node's lease has run out the replay goes on from its last
 * durable position and completes; every archived event reaches the rule's queue (a page delivered
 * before the kill but not yet recorded may arrive twice: at-least-once, as the router).
 */
class ReplayCrashRecoveryTest {

  private static final int EVENTS = 20_000;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dataDir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aReplayKilledMidwayCompletesAfterTheRestartAndLosesNoEvent() throws Exception {
    Set<String> archived = new HashSet<>();
    ReplayState atKill;
    int exitValue;
    try (DocketProcess first = DocketProcess.start(dataDir);
        EventBridgeClient events = EventsIt.client(first.endpoint())) {
      String busArn = events.createEventBus(b -> b.name("crash-replay")).eventBusArn();
      String archiveArn =
          events
              .createArchive(b -> b.archiveName("crash-replay").eventSourceArn(busArn))
              .archiveArn();
      Instant start = Instant.now().minusSeconds(60);
      for (int i = 0; i < EVENTS; i += 10) {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (int j = i; j < i + 10; j++) {
          entries.add(EventsIt.entry("crash-replay", "shop", "{\"n\":" + j + "}"));
        }
        archived.addAll(EventsIt.put(events, entries.toArray(PutEventsRequestEntry[]::new)));
      }
      ArchivesTest.awaitCount(events, "crash-replay", EVENTS);
      String queueUrl = first.sqs().createQueue(r -> r.queueName("replayed")).queueUrl();
      EventsIt.rule(
          events,
          "crash-replay",
          "to-queue",
          "{\"source\":[\"shop\"]}",
          EventsIt.target("q", "arn:aws:sqs:us-east-1:000000000000:replayed"));
      events.startReplay(
          b ->
              b.replayName("crash")
                  .eventSourceArn(archiveArn)
                  .eventStartTime(start)
                  .eventEndTime(Instant.now())
                  .destination(d -> d.arn(busArn)));
      atKill =
          Awaits.until(
                  () -> events.describeReplay(b -> b.replayName("crash")),
                  d -> d.eventLastReplayedTime() != null,
                  "the replay's first page")
              .state();

      exitValue = first.kill9();
    }

    Map<String, Integer> received;
    DescribeReplayResponse done;
    try (DocketProcess second = DocketProcess.start(dataDir);
        EventBridgeClient events = EventsIt.client(second.endpoint())) {
      done =
          Awaits.until(
              () -> events.describeReplay(b -> b.replayName("crash")),
              d -> d.state() == ReplayState.COMPLETED,
              "the replay to complete after the restart (once the killed node's lease expired)");
      String queueUrl = second.sqs().getQueueUrl(r -> r.queueName("replayed")).queueUrl();
      received =
          QueueDrain.drain(
              second.sqs(),
              queueUrl,
              4,
              Duration.ofSeconds(60),
              body -> EventsIt.parse(body).path("id").asText(),
              (seen, emptyPolls) -> seen.containsAll(archived) && emptyPolls >= 2);
    }

    Set<String> missing = new HashSet<>(archived);
    missing.removeAll(received.keySet());
    long duplicated = received.values().stream().filter(count -> count > 1).count();
    System.out.printf(
        "replay crash: archived=%d, received=%d, duplicated=%d, missing=%d, state at kill=%s%n",
        archived.size(), received.size(), duplicated, missing.size(), atKill);
    assertThat(exitValue).as("exit value of the killed server (128 + SIGKILL)").isEqualTo(137);
    assertThat(atKill).isEqualTo(ReplayState.RUNNING);
    assertThat(done.replayEndTime()).isNotNull();
    assertThat(missing).as("archived events never replayed (server logs in %s)", dataDir).isEmpty();
    assertThat(received.keySet()).isEqualTo(archived);
    assertThat(duplicated)
        .as("events replayed twice: at most the pages in flight")
        .isLessThanOrEqualTo(2_000);
  }
}
