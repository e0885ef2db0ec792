package dev.docket.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.it.Arrivals;
import dev.docket.schedule.ManualClock;
import dev.docket.server.DocketServer;
import dev.docket.server.ServerConfig;
import dev.docket.testing.DocketProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Scheduled rules across a stopped server: occurrences missed while it was down fire as design note
 * 0004 says (the most recent one once, if at most 24 hours old), and none twice; with a clean stop
 * on a manual clock, and with {@code kill -9} of a child process on the real clock.
 */
class ScheduledRulesRestartTest {

  private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:ticks";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path data;

  @Test
  void theMostRecentMissedOccurrenceFiresOnceAfterARestart() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z"));
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDirectory(data);
    String queueUrl;
    String slowUrl;
    try (DocketServer server = DocketServer.start(config, clock);
        EventBridgeClient events = events(server.endpoint());
        SqsClient sqs = sqs(server.endpoint())) {
      queueUrl = sqs.createQueue(b -> b.queueName("ticks")).queueUrl();
      slowUrl = sqs.createQueue(b -> b.queueName("slow")).queueUrl();
      events.putRule(b -> b.name("tick").scheduleExpression("rate(5 minutes)"));
      events.putTargets(b -> b.rule("tick").targets(t -> t.id("q").arn(QUEUE_ARN)));
      events.putRule(b -> b.name("slow").scheduleExpression("rate(3 days)"));
      events.putTargets(
          b -> b.rule("slow").targets(t -> t.id("q").arn(QUEUE_ARN.replace("ticks", "slow"))));
      clock.advance(Duration.ofMinutes(5));
      server.wakeTimers();
      assertThat(drain(sqs, queueUrl, 1))
          .extracting(ScheduledRulesRestartTest::time)
          .containsExactly("2026-12-01T12:05:00Z");
    }

    // down from 12:06 to 15:02: 35 occurrences missed, the last at 15:00
    clock.set(Instant.parse("2026-12-01T15:02:00Z"));
    try (DocketServer server = DocketServer.start(config, clock);
        SqsClient sqs = sqs(server.endpoint())) {
      assertThat(drain(sqs, queueUrl, 1))
          .extracting(ScheduledRulesRestartTest::time)
          .containsExactly("2026-12-01T15:00:00Z");
      assertThat(settle(sqs, queueUrl)).as("missed occurrences fire once, not 35 times").isEmpty();

      clock.set(Instant.parse("2026-12-01T15:05:00Z"));
      server.wakeTimers();
      assertThat(drain(sqs, queueUrl, 1))
          .extracting(ScheduledRulesRestartTest::time)
          .containsExactly("2026-12-01T15:05:00Z");
    }

    // down for days: "slow" missed 12:00 on the 4th, 26 hours ago, and skips it; "tick" fires
    // once for its most recent occurrence; both go on from now
    clock.set(Instant.parse("2026-12-05T14:00:00Z"));
    try (DocketServer server = DocketServer.start(config, clock);
        SqsClient sqs = sqs(server.endpoint())) {
      assertThat(drain(sqs, queueUrl, 1))
          .extracting(ScheduledRulesRestartTest::time)
          .containsExactly("2026-12-05T14:00:00Z");
      assertThat(settle(sqs, slowUrl)).as("an occurrence older than 24 hours is skipped").isEmpty();
      clock.set(Instant.parse("2026-12-07T12:00:00Z"));
      server.wakeTimers();
      assertThat(drain(sqs, slowUrl, 1))
          .extracting(ScheduledRulesRestartTest::time)
          .containsExactly("2026-12-07T12:00:00Z");
    }
  }

  /**
   * Real time, real crash: twenty rules of {@code rate(1 minute)}; the server is killed with
   * SIGKILL before their first occurrence and restarted after it, so every rule fires exactly once
   * for it. About 70 seconds.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void rulesDueWhileTheServerWasKilledFireOnceEachAfterTheRestart() throws Exception {
    int rules = 20;
    Instant created;
    try (DocketProcess first = DocketProcess.start(data);
        EventBridgeClient events = events(first.endpoint())) {
      first.sqs().createQueue(b -> b.queueName("ticks"));
      created = Instant.now();
      for (int i = 0; i < rules; i++) {
        String name = "tick-" + i;
        events.putRule(b -> b.name(name).scheduleExpression("rate(1 minute)"));
        events.putTargets(
            b ->
                b.rule(name)
                    .targets(
                        Target.builder()
                            .id("q")
                            .arn(QUEUE_ARN)
                            .inputTransformer(
                                t ->
                                    t.inputPathsMap(Map.of("rule", "$.resources[0]"))
                                        .inputTemplate("{\"rule\": <rule>}"))
                            .build()));
      }
      assertThat(first.kill9()).isEqualTo(137);
    }
    Duration sinceCreated = Duration.between(created, Instant.now());
    Thread.sleep(Duration.ofSeconds(65).minus(sinceCreated).toMillis());

    try (DocketProcess second = DocketProcess.start(data)) {
      SqsClient sqs = second.sqs();
      String url = sqs.getQueueUrl(b -> b.queueName("ticks")).queueUrl();
      List<Message> received = drain(sqs, url, rules);
      Map<String, Integer> perRule = new HashMap<>();
      for (Message message : received) {
        perRule.merge(EventsIt.parse(message.body()).get("rule").asText(), 1, Integer::sum);
      }
      assertThat(perRule).hasSize(rules).allSatisfy((rule, count) -> assertThat(count).isOne());
      // the next occurrences are due two minutes after creation: look for doubles before then
      if (Instant.now().isBefore(created.plusSeconds(110))) {
        assertThat(settle(sqs, url)).as("no rule fired twice for its missed occurrence").isEmpty();
      }
    }
  }

  private static String time(Message message) {
    JsonNode event = EventsIt.parse(message.body());
    return event.get("time").asText();
  }

  /** Receives and deletes until {@code count} messages arrived (real-time deadline). */
  private static List<Message> drain(SqsClient sqs, String url, int count) {
    return Arrivals.await(sqs, url, count, Duration.ofSeconds(30));
  }

  /** What is in the queue after the server had a moment to do anything it still would. */
  private static List<Message> settle(SqsClient sqs, String url) {
    return Arrivals.settled(sqs, url, Duration.ofSeconds(1));
  }

  private static EventBridgeClient events(URI endpoint) {
    return EventBridgeClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static SqsClient sqs(URI endpoint) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
