package dev.docket.it.events;

import static dev.docket.it.events.EventBridgeClients.errorOf;
import static dev.docket.it.events.EventsIt.entry;
import static dev.docket.it.events.EventsIt.parse;
import static dev.docket.it.events.EventsIt.put;
import static dev.docket.it.events.EventsIt.queue;
import static dev.docket.it.events.EventsIt.receive;
import static dev.docket.it.events.EventsIt.receiveNow;
import static dev.docket.it.events.EventsIt.rule;
import static dev.docket.it.events.EventsIt.target;
import static dev.docket.it.events.EventsIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.docket.it.events.EventsIt.Queue;
import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.DescribeReplayResponse;
import software.amazon.awssdk.services.eventbridge.model.ListReplaysResponse;
import software.amazon.awssdk.services.eventbridge.model.ReplayState;
import software.amazon.awssdk.services.eventbridge.model.StartReplayResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Replays through the SDK: archived events reach the rules of the archive's bus again with {@code
 * replay-name}, only the rules in {@code FilterArns} when given, never the archive again; the
 * replay's states, times and listing; cancellation; and AWS's errors as recorded in {@code
 * test_archive_and_replay.snapshot.json}.
 */
class ReplaysTest {

  private static final String PATTERN = "{\"source\":[\"shop\"]}";

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static EventBridgeClient events;
  private static SqsClient sqs;

  @BeforeAll
  static void clients() {
    events = EventBridgeClients.client(docket);
    sqs = docket.sqs();
  }

  @AfterAll
  static void close() {
    events.close();
  }

  /** A bus with an archive of everything on it, holding {@code count} "shop" events. */
  private record Archived(String bus, String busArn, String archive, String archiveArn) {}

  private static Archived archived(int count) {
    String bus = uniqueName("replayed");
    String busArn = events.createEventBus(b -> b.name(bus)).eventBusArn();
    String archive = uniqueName("archive");
    String archiveArn =
        events.createArchive(b -> b.archiveName(archive).eventSourceArn(busArn)).archiveArn();
    for (int i = 0; i < count; i++) {
      String detail = "{\"n\":" + i + "}";
      put(events, entry(bus, "shop", detail));
    }
    ArchivesTest.awaitCount(events, archive, count);
    return new Archived(bus, busArn, archive, archiveArn);
  }

  private static DescribeReplayResponse awaitState(String replay, ReplayState state) {
    return Awaits.until(
        () -> events.describeReplay(b -> b.replayName(replay)),
        d -> d.state() == state,
        "replay " + replay + " " + state);
  }

  @Test
  void aReplayDeliversTheArchivedEventsWithReplayNameToTheBusRules() {
    Instant start = Instant.now().minusSeconds(60);
    Archived archived = archived(3);
    Queue queue = queue(sqs, "replay-target");
    String ruleArn = rule(events, archived.bus(), "r", PATTERN, target("q", queue.arn()));
    String replay = uniqueName("replay");

    StartReplayResponse started =
        events.startReplay(
            b ->
                b.replayName(replay)
                    .description("description of the replay")
                    .eventSourceArn(archived.archiveArn())
                    .eventStartTime(start)
                    .eventEndTime(Instant.now())
                    .destination(d -> d.arn(archived.busArn()).filterArns(ruleArn)));
    List<Message> messages = receive(sqs, queue.url(), 3);
    DescribeReplayResponse done = awaitState(replay, ReplayState.COMPLETED);

    assertThat(started.replayArn())
        .isEqualTo("arn:aws:events:us-east-1:000000000000:replay/" + replay);
    assertThat(started.state()).isEqualTo(ReplayState.STARTING);
    assertThat(started.replayStartTime()).isNotNull();
    List<Integer> numbers = new ArrayList<>();
    for (Message message : messages) {
      JsonNode body = parse(message.body());
      numbers.add(body.path("detail").path("n").asInt());
      assertThat(body.path("replay-name").asText()).isEqualTo(replay);
      Iterator<String> members = body.fieldNames();
      List<String> order = new ArrayList<>();
      members.forEachRemaining(order::add);
      assertThat(order)
          .containsExactly(
              "version",
              "id",
              "detail-type",
              "source",
              "account",
              "time",
              "region",
              "replay-name",
              "resources",
              "detail");
    }
    assertThat(numbers).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(done.replayName()).isEqualTo(replay);
    assertThat(done.description()).isEqualTo("description of the replay");
    assertThat(done.eventSourceArn()).isEqualTo(archived.archiveArn());
    assertThat(done.destination().arn()).isEqualTo(archived.busArn());
    assertThat(done.destination().filterArns()).containsExactly(ruleArn);
    assertThat(done.eventLastReplayedTime()).isNotNull();
    assertThat(done.replayEndTime()).isAfterOrEqualTo(done.replayStartTime());
    // replayed events are not archived again, and went to no other consumer of the bus
    assertThat(events.describeArchive(b -> b.archiveName(archived.archive())).eventCount())
        .isEqualTo(3);
  }

  @Test
  void filterArnsRestrictTheReplayToTheListedRules() {
    Instant start = Instant.now().minusSeconds(60);
    Archived archived = archived(2);
    Queue chosen = queue(sqs, "chosen");
    Queue other = queue(sqs, "other");
    String chosenRule = rule(events, archived.bus(), "chosen", PATTERN, target("q", chosen.arn()));
    rule(events, archived.bus(), "other", PATTERN, target("q", other.arn()));
    String replay = uniqueName("filtered");

    events.startReplay(
        b ->
            b.replayName(replay)
                .eventSourceArn(archived.archiveArn())
                .eventStartTime(start)
                .eventEndTime(Instant.now())
                .destination(d -> d.arn(archived.busArn()).filterArns(chosenRule)));
    awaitState(replay, ReplayState.COMPLETED);

    assertThat(receive(sqs, chosen.url(), 2)).hasSize(2);
    assertThat(receiveNow(sqs, other.url())).isEmpty();
  }

  @Test
  void withoutFilterArnsEveryRuleOfTheBusReceivesTheReplayOnlyEventsInTheTimeRange()
      throws InterruptedException {
    Archived archived = archived(2);
    Instant between = Instant.now();
    Thread.sleep(5); // the events below are archived strictly after 'between'
    for (int i = 0; i < 3; i++) {
      put(events, entry(archived.bus(), "shop", "{\"late\":" + i + "}"));
    }
    ArchivesTest.awaitCount(events, archived.archive(), 5);
    Queue one = queue(sqs, "one");
    Queue two = queue(sqs, "two");
    rule(events, archived.bus(), "one", PATTERN, target("q", one.arn()));
    rule(events, archived.bus(), "two", PATTERN, target("q", two.arn()));
    String replay = uniqueName("all-rules");

    events.startReplay(
        b ->
            b.replayName(replay)
                .eventSourceArn(archived.archiveArn())
                .eventStartTime(between)
                .eventEndTime(Instant.now())
                .destination(d -> d.arn(archived.busArn())));
    awaitState(replay, ReplayState.COMPLETED);

    assertThat(receive(sqs, one.url(), 3))
        .allSatisfy(m -> assertThat(parse(m.body()).path("detail").has("late")).isTrue());
    assertThat(receive(sqs, two.url(), 3)).hasSize(3);
  }

  @Test
  void listReplaysFiltersByPrefixStateAndArchiveAndPages() {
    Archived archived = archived(1);
    String prefix = uniqueName("listed");
    Instant start = Instant.now().minusSeconds(60);
    for (int i = 0; i < 4; i++) {
      String name = prefix + "-" + i;
      events.startReplay(
          b ->
              b.replayName(name)
                  .eventSourceArn(archived.archiveArn())
                  .eventStartTime(start)
                  .eventEndTime(Instant.now())
                  .destination(d -> d.arn(archived.busArn())));
    }
    for (int i = 0; i < 4; i++) {
      awaitState(prefix + "-" + i, ReplayState.COMPLETED);
    }

    ListReplaysResponse first = events.listReplays(b -> b.namePrefix(prefix).limit(3));
    ListReplaysResponse second =
        events.listReplays(b -> b.namePrefix(prefix).limit(3).nextToken(first.nextToken()));
    ListReplaysResponse bySource = events.listReplays(b -> b.eventSourceArn(archived.archiveArn()));
    ListReplaysResponse completed =
        events.listReplays(b -> b.namePrefix(prefix).state(ReplayState.COMPLETED));
    ListReplaysResponse running =
        events.listReplays(b -> b.namePrefix(prefix).state(ReplayState.RUNNING));

    assertThat(first.replays())
        .extracting(r -> r.replayName())
        .containsExactly(prefix + "-0", prefix + "-1", prefix + "-2");
    assertThat(second.replays()).extracting(r -> r.replayName()).containsExactly(prefix + "-3");
    assertThat(second.nextToken()).isNull();
    assertThat(bySource.replays()).hasSize(4);
    assertThat(completed.replays())
        .hasSize(4)
        .allSatisfy(
            r -> {
              assertThat(r.eventSourceArn()).isEqualTo(archived.archiveArn());
              assertThat(r.eventStartTime()).isNotNull();
              assertThat(r.eventEndTime()).isNotNull();
              assertThat(r.replayStartTime()).isNotNull();
              assertThat(r.replayEndTime()).isNotNull();
            });
    assertThat(running.replays()).isEmpty();
  }

  @Test
  void startReplayAnswersAwsErrors() {
    Archived archived = archived(1);
    String otherBus = uniqueName("other-bus");
    String otherBusArn = events.createEventBus(b -> b.name(otherBus)).eventBusArn();
    Instant start = Instant.now().minusSeconds(60);
    String taken = uniqueName("taken");
    events.startReplay(
        b ->
            b.replayName(taken)
                .eventSourceArn(archived.archiveArn())
                .eventStartTime(start)
                .eventEndTime(Instant.now())
                .destination(d -> d.arn(archived.busArn())));

    AwsErrorDetails endBeforeStart =
        errorOf(
            () ->
                events.startReplay(
                    b ->
                        b.replayName(uniqueName("r"))
                            .eventSourceArn(archived.archiveArn())
                            .eventStartTime(start)
                            .eventEndTime(start.minusSeconds(10))
                            .destination(d -> d.arn(archived.busArn()))));
    AwsErrorDetails future =
        errorOf(
            () ->
                events.startReplay(
                    b ->
                        b.replayName(uniqueName("r"))
                            .eventSourceArn(archived.archiveArn())
                            .eventStartTime(start)
                            .eventEndTime(Instant.now().plusSeconds(3600))
                            .destination(d -> d.arn(archived.busArn()))));
    AwsErrorDetails unknownArchive =
        errorOf(
            () ->
                events.startReplay(
                    b ->
                        b.replayName(uniqueName("r"))
                            .eventSourceArn(
                                "arn:aws:events:us-east-1:000000000000:archive/no-archive")
                            .eventStartTime(start)
                            .eventEndTime(Instant.now())
                            .destination(d -> d.arn(archived.busArn()))));
    AwsErrorDetails crossBus =
        errorOf(
            () ->
                events.startReplay(
                    b ->
                        b.replayName(uniqueName("r"))
                            .eventSourceArn(archived.archiveArn())
                            .eventStartTime(start)
                            .eventEndTime(Instant.now())
                            .destination(d -> d.arn(otherBusArn))));
    AwsErrorDetails missingBus =
        errorOf(
            () ->
                events.startReplay(
                    b ->
                        b.replayName(uniqueName("r"))
                            .eventSourceArn(archived.archiveArn())
                            .eventStartTime(start)
                            .eventEndTime(Instant.now())
                            .destination(d -> d.arn(EventBridgeClients.busArn("missing")))));
    AwsErrorDetails duplicate =
        errorOf(
            () ->
                events.startReplay(
                    b ->
                        b.replayName(taken)
                            .eventSourceArn(archived.archiveArn())
                            .eventStartTime(start)
                            .eventEndTime(Instant.now())
                            .destination(d -> d.arn(archived.busArn()))));

    assertThat(endBeforeStart.errorCode()).isEqualTo("ValidationException");
    assertThat(endBeforeStart.errorMessage())
        .isEqualTo(
            "Parameter EventEndTime is not valid. Reason: EventStartTime must be before"
                + " EventEndTime.");
    assertThat(future.errorCode()).isEqualTo("ValidationException");
    assertThat(future.errorMessage()).startsWith("Parameter EventEndTime is not valid. Reason: ");
    assertThat(unknownArchive.errorCode()).isEqualTo("ValidationException");
    assertThat(unknownArchive.errorMessage())
        .isEqualTo(
            "Parameter EventSourceArn is not valid. Reason: Archive no-archive does not exist.");
    assertThat(crossBus.errorCode()).isEqualTo("ValidationException");
    assertThat(crossBus.errorMessage())
        .isEqualTo(
            "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not"
                + " permitted.");
    assertThat(missingBus.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(missingBus.errorMessage()).isEqualTo("Event bus missing does not exist.");
    assertThat(duplicate.errorCode()).isEqualTo("ResourceAlreadyExistsException");
    assertThat(duplicate.errorMessage()).isEqualTo("Replay " + taken + " already exists.");
  }

  @Test
  void unknownReplaysAreNotFoundAndAFinishedReplayCannotBeCancelled() {
    Archived archived = archived(1);
    String replay = uniqueName("finished");
    events.startReplay(
        b ->
            b.replayName(replay)
                .eventSourceArn(archived.archiveArn())
                .eventStartTime(Instant.now().minusSeconds(60))
                .eventEndTime(Instant.now())
                .destination(d -> d.arn(archived.busArn())));
    awaitState(replay, ReplayState.COMPLETED);

    AwsErrorDetails describe = errorOf(() -> events.describeReplay(b -> b.replayName("nope")));
    AwsErrorDetails cancelUnknown = errorOf(() -> events.cancelReplay(b -> b.replayName("nope")));
    AwsErrorDetails cancelFinished = errorOf(() -> events.cancelReplay(b -> b.replayName(replay)));

    assertThat(describe.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(describe.errorMessage()).isEqualTo("Replay nope does not exist.");
    assertThat(cancelUnknown.errorMessage()).isEqualTo("Replay nope does not exist.");
    assertThat(cancelFinished.errorCode()).isEqualTo("IllegalStatusException");
  }

  @Test
  void aCancelledReplayStopsAfterThePageInHandAndEndsCancelled() throws IOException {
    // the rule's target is an HTTP endpoint that holds the first delivery until the replay is
    // cancelled, so the cancel meets the replay RUNNING
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch called = new CountDownLatch(1);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          called.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      Archived archived = archived(1);
      String connection =
          events
              .createConnection(
                  b ->
                      b.name(uniqueName("conn"))
                          .authorizationType(ConnectionAuthorizationType.API_KEY)
                          .authParameters(
                              p ->
                                  p.apiKeyAuthParameters(
                                      a -> a.apiKeyName("x-key").apiKeyValue("v"))))
              .connectionArn();
      String destination =
          events
              .createApiDestination(
                  b ->
                      b.name(uniqueName("dest"))
                          .connectionArn(connection)
                          .invocationEndpoint(
                              "http://127.0.0.1:" + server.getAddress().getPort() + "/")
                          .httpMethod(ApiDestinationHttpMethod.POST))
              .apiDestinationArn();
      rule(events, archived.bus(), "slow", PATTERN, target("http", destination));
      String replay = uniqueName("cancelled");
      events.startReplay(
          b ->
              b.replayName(replay)
                  .eventSourceArn(archived.archiveArn())
                  .eventStartTime(Instant.now().minusSeconds(60))
                  .eventEndTime(Instant.now())
                  .destination(d -> d.arn(archived.busArn())));
      assertThat(awaitCall(called)).isTrue();

      var cancelled = events.cancelReplay(b -> b.replayName(replay));
      DescribeReplayResponse cancelling = events.describeReplay(b -> b.replayName(replay));
      release.countDown();
      DescribeReplayResponse ended = awaitState(replay, ReplayState.CANCELLED);

      assertThat(cancelled.state()).isEqualTo(ReplayState.CANCELLING);
      assertThat(cancelled.replayArn()).endsWith(":replay/" + replay);
      assertThat(cancelling.state()).isEqualTo(ReplayState.CANCELLING);
      assertThat(ended.replayEndTime()).isNotNull();
    } finally {
      release.countDown();
      server.stop(0);
    }
  }

  private static boolean awaitCall(CountDownLatch called) {
    try {
      return called.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
