package dev.docket.it.scheduler;

import static dev.docket.it.scheduler.SchedulerIt.OFF;
import static dev.docket.it.scheduler.SchedulerIt.ROLE;
import static dev.docket.it.scheduler.SchedulerIt.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.it.Arrivals;
import dev.docket.schedule.ManualClock;
import dev.docket.server.DocketServer;
import dev.docket.server.ServerConfig;
import dev.docket.testing.DocketProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Schedules are in the store and their timers too: a server stopped over many occurrences fires the
 * latest one once when it starts again (if young enough), skips a too-old one-time occurrence
 * (deleting the schedule when asked to), and goes on with the next occurrences; with a clean stop
 * on a manual clock, and with {@code kill -9} of a child process on the real clock.
 */
class SchedulerRestartTest {

  private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");
  private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  @TempDir Path data;

  @Test
  void aStoppedServerFiresTheLatestMissedOccurrenceOnceAndGoesOn() throws Exception {
    ManualClock clock = new ManualClock(START);
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDirectory(data);
    SchedulerIt.Queue every;
    SchedulerIt.Queue stale;
    try (DocketServer server = DocketServer.start(config, clock);
        SqsClient sqs = sqs(server);
        SchedulerClient scheduler = scheduler(server)) {
      every = SchedulerIt.queue(sqs, "every-minute", Map.of());
      stale = SchedulerIt.queue(sqs, "stale", Map.of());
      scheduler.createSchedule(
          b ->
              b.name("every-minute")
                  .scheduleExpression("rate(1 minute)")
                  .flexibleTimeWindow(OFF)
                  .target(target(every.arn(), "tick")));
      scheduler.createSchedule(
          b ->
              b.name("once")
                  .scheduleExpression("at(2026-12-01T09:10:00)")
                  .flexibleTimeWindow(OFF)
                  .actionAfterCompletion(ActionAfterCompletion.DELETE)
                  .target(
                      Target.builder()
                          .arn(stale.arn())
                          .roleArn(ROLE)
                          .input("too late")
                          .retryPolicy(r -> r.maximumEventAgeInSeconds(60))
                          .build()));
    }

    clock.advance(Duration.ofHours(3));

    try (DocketServer server = DocketServer.start(config, clock);
        SqsClient sqs = sqs(server);
        SchedulerClient scheduler = scheduler(server)) {
      assertThat(await(sqs, every, 1)).extracting(Message::body).containsExactly("tick");
      awaitGone(scheduler, "once");
      assertThat(settled(sqs, every)).as("one firing for the missed occurrences").isEmpty();
      assertThat(settled(sqs, stale)).as("too old to fire").isEmpty();

      clock.advance(Duration.ofMinutes(1));
      server.wakeTimers();

      assertThat(await(sqs, every, 1)).hasSize(1);
    }
  }

  /**
   * Real time, real crash: twenty one-time schedules due a few seconds ahead; the server is killed
   * with SIGKILL before they are due and restarted after, so each fires exactly once.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void schedulesDueWhileTheServerWasKilledFireOnceEachAfterTheRestart() throws Exception {
    int schedules = 20;
    Instant due = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
    String at = "at(" + LocalDateTime.ofInstant(due, ZoneOffset.UTC).format(AT) + ")";
    try (DocketProcess first = DocketProcess.start(data);
        SchedulerClient scheduler = SchedulerIt.client(first.endpoint())) {
      String queueArn = SchedulerIt.queue(first.sqs(), "crash", Map.of()).arn();
      for (int i = 0; i < schedules; i++) {
        String name = "once-" + i;
        scheduler.createSchedule(
            b ->
                b.name(name)
                    .scheduleExpression(at)
                    .flexibleTimeWindow(OFF)
                    .target(target(queueArn, name)));
      }
      assertThat(Instant.now()).as("created before they were due").isBefore(due);
      assertThat(first.kill9()).isEqualTo(137);
    }
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis() + 1000));

    try (DocketProcess second = DocketProcess.start(data)) {
      SqsClient sqs = second.sqs();
      String url = sqs.listQueues(b -> b.queueNamePrefix("crash")).queueUrls().getFirst();
      SchedulerIt.Queue queue = new SchedulerIt.Queue(url, "");
      List<Message> received = await(sqs, queue, schedules);
      assertThat(received.stream().map(Message::body).distinct()).hasSize(schedules);
      assertThat(settled(sqs, queue)).as("none fired twice").isEmpty();
    }
  }

  private static SqsClient sqs(DocketServer server) {
    return SqsClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static SchedulerClient scheduler(DocketServer server) {
    return SchedulerIt.client(server.endpoint());
  }

  private static List<Message> await(SqsClient sqs, SchedulerIt.Queue queue, int count) {
    return Arrivals.await(sqs, queue.url(), count, Duration.ofSeconds(20));
  }

  private static List<Message> settled(SqsClient sqs, SchedulerIt.Queue queue) {
    return Arrivals.settled(sqs, queue.url(), Duration.ofSeconds(1));
  }

  private static void awaitGone(SchedulerClient scheduler, String name)
      throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      try {
        scheduler.getSchedule(b -> b.name(name));
      } catch (ResourceNotFoundException e) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("schedule " + name + " was not deleted");
  }
}
