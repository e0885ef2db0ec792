package dev.docket.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.server.DocketServer;
import dev.docket.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeReplayResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ReplayState;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A replay's position is durable: a server closed while a replay runs resumes it when started on
 * the same data directory, and the replay finishes without delivering any event twice.
 */
class ReplayRestartTest {

  private static final int EVENTS = 20_000;

  @TempDir Path data;

  @Test
  void aReplayInterruptedByARestartResumesAndDeliversEachEventOnce() {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDirectory(data);
    String queueUrl;
    ReplayState atClose;
    try (DocketServer server = DocketServer.start(config);
        EventBridgeClient events = events(server.endpoint());
        SqsClient sqs = sqs(server.endpoint())) {
      String busArn = events.createEventBus(b -> b.name("orders")).eventBusArn();
      String archiveArn =
          events.createArchive(b -> b.archiveName("all").eventSourceArn(busArn)).archiveArn();
      queueUrl = sqs.createQueue(b -> b.queueName("replayed")).queueUrl();
      String queueArn =
          sqs.getQueueAttributes(
                  b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      Instant start = Instant.now().minusSeconds(60);
      putEvents(events);
      ArchivesTest.awaitCount(events, "all", EVENTS);
      EventsIt.rule(
          events, "orders", "r", "{\"source\":[\"shop\"]}", EventsIt.target("q", queueArn));

      events.startReplay(
          b ->
              b.replayName("resumed")
                  .eventSourceArn(archiveArn)
                  .eventStartTime(start)
                  .eventEndTime(Instant.now())
                  .destination(d -> d.arn(busArn)));
      DescribeReplayResponse progress =
          Awaits.until(
              () -> events.describeReplay(b -> b.replayName("resumed")),
              d -> d.eventLastReplayedTime() != null,
              "the replay's first page");
      atClose = progress.state();
    }

    try (DocketServer server = DocketServer.start(config);
        EventBridgeClient events = events(server.endpoint());
        SqsClient sqs = sqs(server.endpoint())) {
      DescribeReplayResponse done =
          Awaits.until(
              () -> events.describeReplay(b -> b.replayName("resumed")),
              d -> d.state() == ReplayState.COMPLETED,
              "the resumed replay to complete");
      String count =
          sqs.getQueueAttributes(
                  b ->
                      b.queueUrl(queueUrl)
                          .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
              .attributes()
              .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);

      assertThat(atClose).isEqualTo(ReplayState.RUNNING);
      assertThat(done.replayEndTime()).isNotNull();
      assertThat(Integer.parseInt(count)).isEqualTo(EVENTS);
    }
  }

  private static void putEvents(EventBridgeClient events) {
    for (int i = 0; i < EVENTS; i += 10) {
      List<PutEventsRequestEntry> entries = new ArrayList<>();
      for (int j = i; j < i + 10; j++) {
        entries.add(EventsIt.entry("orders", "shop", "{\"n\":" + j + "}"));
      }
      assertThat(events.putEvents(b -> b.entries(entries)).failedEntryCount()).isZero();
    }
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
