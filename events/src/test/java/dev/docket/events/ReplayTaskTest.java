package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.DeliveryRequest;
import dev.docket.store.ArchivePosition;
import dev.docket.store.ArchivedEvent;
import dev.docket.store.ResourceRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replay tasks over in-memory stores: pages walked in order with {@code replay-name}, FilterArns,
 * the end states, leases (another node's live lease is respected, a stopped task releases its lease
 * and a new one resumes from the stored position without repeating a page). Every transition of
 * {@link ReplayState}'s table must be seen by one of these tests ({@link
 * #everyTransitionIsExercised}).
 */
class ReplayTaskTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "000000000000";
  private static final String BUS = Arns.bus(REGION, ACCOUNT, "default");
  private static final String ARCHIVE = Archive.arnOf(REGION, ACCOUNT, "a");
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  /** Records every replay state change written through it. */
  private static final class RecordingResources extends InMemoryResources {
    @Override
    public synchronized boolean replace(ResourceRecord record) {
      Optional<ResourceRecord> before = get(record.kind(), record.id());
      boolean replaced = super.replace(record);
      if (replaced && record.kind().equals(Replay.KIND) && before.isPresent()) {
        ReplayState from = Replay.read(before.get().document()).state();
        ReplayState to = Replay.read(record.document()).state();
        if (from != to) {
          SEEN.add(from + "->" + to);
        }
      }
      return replaced;
    }
  }

  private final RecordingResources resources = new RecordingResources();
  private final MemoryArchives archives = new MemoryArchives();
  private final RuleBook ruleBook = new RuleBook(resources);
  private final List<DeliveryRequest> delivered = new CopyOnWriteArrayList<>();
  private final List<ReplayTasks> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(ReplayTasks::close);
  }

  @AfterAll
  static void everyTransitionIsExercised() {
    Set<String> table = new HashSet<>();
    ReplayState.transitions()
        .forEach((from, tos) -> tos.forEach(to -> table.add(from + "->" + to)));
    assertThat(SEEN).containsExactlyInAnyOrderElementsOf(table);
  }

  @Test
  void aReplayWalksEveryPageInOrderAddsReplayNameAndCompletes() {
    putRule("r", "{\"source\":[\"shop\"]}");
    archive(2_500);
    String replay = startReplay("all", List.of(), ReplayState.STARTING);

    tasks(delivered::addAll).launch(replay);
    Replay done = awaitState(replay, ReplayState.COMPLETED);

    assertThat(delivered).hasSize(2_500);
    List<Integer> numbers = new ArrayList<>();
    for (DeliveryRequest request : delivered) {
      JsonNode body = parse(request.delivery().body());
      assertThat(body.path(ReplayTask.REPLAY_NAME).asText()).isEqualTo("all");
      numbers.add(body.path("detail").path("n").asInt());
    }
    assertThat(numbers).isSorted().doesNotHaveDuplicates();
    assertThat(done.lastReplayedTime()).contains(T0.plusMillis(2_499));
    assertThat(done.replayEndTime()).isPresent();
    assertThat(done.owner()).isEmpty();
    assertThat(resources.get(ReplayTasks.INDEX, replay)).isEmpty();
  }

  @Test
  void filterArnsLimitTheRulesThatReceiveTheReplay() {
    String chosen = putRule("chosen", "{\"source\":[\"shop\"]}");
    putRule("other", "{\"source\":[\"shop\"]}");
    archive(3);
    String replay = startReplay("filtered", List.of(chosen), ReplayState.STARTING);

    tasks(delivered::addAll).launch(replay);
    awaitState(replay, ReplayState.COMPLETED);

    assertThat(delivered).hasSize(3).allSatisfy(d -> assertThat(d.ruleArn()).isEqualTo(chosen));
  }

  @Test
  void aReplayCancelledBeforeItsTaskRanEndsCancelledWithoutDelivering() {
    putRule("r", "{\"source\":[\"shop\"]}");
    archive(3);
    String replay = startReplay("early", List.of(), ReplayState.STARTING);
    ResourceRecord record = resources.get(Replay.KIND, replay).orElseThrow();
    Replay cancelling =
        Replay.read(record.document())
            .in(ReplayState.CANCELLING, Optional.empty(), Optional.empty());
    resources.replace(record.next(cancelling.document()));

    tasks(delivered::addAll).launch(replay);
    Replay ended = awaitState(replay, ReplayState.CANCELLED);

    assertThat(delivered).isEmpty();
    assertThat(ended.stateReason()).isPresent();
  }

  @Test
  void aReplayCancelledWhileRunningStopsAfterThePageInHand() throws InterruptedException {
    putRule("r", "{\"source\":[\"shop\"]}");
    archive(3_000);
    String replay = startReplay("running", List.of(), ReplayState.STARTING);
    CountDownLatch inPage = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ReplayTasks tasks = tasks(blockingOnce(inPage, release));
    tasks.launch(replay);
    assertThat(inPage.await(10, TimeUnit.SECONDS)).isTrue();

    ResourceRecord record = resources.get(Replay.KIND, replay).orElseThrow();
    Replay running = Replay.read(record.document());
    resources.replace(
        record.next(
            running.in(ReplayState.CANCELLING, Optional.empty(), Optional.empty()).document()));
    tasks.cancelled(replay);
    release.countDown();
    awaitState(replay, ReplayState.CANCELLED);

    assertThat(running.state()).isEqualTo(ReplayState.RUNNING);
    assertThat(delivered).hasSize(ReplayTask.FIRST_PAGE);
  }

  @Test
  void aReplayWhoseArchiveIsGoneFails() {
    putRule("r", "{\"source\":[\"shop\"]}");
    String replay = startReplay("orphan", List.of(), ReplayState.STARTING);
    resources.delete(Archive.KIND, ARCHIVE, 1);

    tasks(delivered::addAll).launch(replay);
    Replay failed = awaitState(replay, ReplayState.FAILED);

    assertThat(failed.stateReason()).contains("Archive a does not exist.");
  }

  @Test
  void aStoppedTaskReleasesItsLeaseAndANewOneResumesWithoutRepeatingAPage()
      throws InterruptedException {
    putRule("r", "{\"source\":[\"shop\"]}");
    archive(3_000);
    String replay = startReplay("resumed", List.of(), ReplayState.STARTING);
    CountDownLatch inPage = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ReplayTasks first = tasks(blockingOnce(inPage, release));
    first.launch(replay);
    assertThat(inPage.await(10, TimeUnit.SECONDS)).isTrue();

    Thread closing = Thread.ofVirtual().start(first::close);
    release.countDown();
    closing.join();
    Replay stopped = Replay.read(resources.get(Replay.KIND, replay).orElseThrow().document());
    tasks(delivered::addAll).launch(replay);
    awaitState(replay, ReplayState.COMPLETED);

    assertThat(stopped.state()).isEqualTo(ReplayState.RUNNING);
    assertThat(stopped.owner()).isEmpty();
    // the close may land after the first page or after a later one (the next page is read ahead):
    // what matters is that the new task starts where the stopped one's durable position says and
    // repeats nothing
    assertThat(stopped.position().sequence())
        .isGreaterThanOrEqualTo(ReplayTask.FIRST_PAGE)
        .isLessThan(3_000);
    assertThat(delivered).hasSize(3_000);
    assertThat(delivered.stream().map(d -> d.delivery().eventId()).distinct()).hasSize(3_000);
  }

  @Test
  void anotherOwnersLiveLeaseIsRespected() throws InterruptedException {
    putRule("r", "{\"source\":[\"shop\"]}");
    archive(3);
    String replay = startReplay("held", List.of(), ReplayState.STARTING);
    ResourceRecord record = resources.get(Replay.KIND, replay).orElseThrow();
    Replay held =
        Replay.read(record.document())
            .leased(Optional.of("other-node"), Instant.now().plusSeconds(3600));
    resources.replace(record.next(held.document()));

    tasks(delivered::addAll).launch(replay);
    Thread.sleep(200); // nothing may happen; no assertion depends on how long this is

    Replay after = Replay.read(resources.get(Replay.KIND, replay).orElseThrow().document());
    assertThat(after.state()).isEqualTo(ReplayState.STARTING);
    assertThat(after.owner()).contains("other-node");
    assertThat(delivered).isEmpty();
  }

  @Test
  void pagesHoldAboutEightMebibytesOfEventsAndAtMostAThousand() {
    ArchivedEvent small = new ArchivedEvent(ARCHIVE, 1, "s", T0, "{}", "");
    ArchivedEvent large = new ArchivedEvent(ARCHIVE, 2, "l", T0, "x".repeat(1024 * 1024), "");

    assertThat(ReplayTask.pageSizeAfter(List.of(small, small))).isEqualTo(1_000);
    assertThat(ReplayTask.pageSizeAfter(List.of(large))).isEqualTo(8);
  }

  @Test
  void replayNameIsPlacedAfterRegionAsEventBridgeDoes() {
    ObjectNode parsed = JSON.createObjectNode();
    String json =
        "{\"version\":\"0\",\"id\":\"i\",\"detail-type\":\"t\",\"source\":\"s\","
            + "\"account\":\"1\",\"time\":\"x\",\"region\":\"r\",\"resources\":[],\"detail\":{}}";

    String replayed = ReplayTask.withReplayName(json, "\"replay-name\":\"n\"", parsed);

    assertThat(replayed).contains("\"region\":\"r\",\"replay-name\":\"n\",\"resources\":[]");
    assertThat(ReplayTask.withReplayName("{\"a\":1}", "\"replay-name\":\"n\"", parsed.put("x", 1)))
        .isEqualTo("{\"x\":1}");
  }

  private ReplayTasks tasks(Consumer<List<DeliveryRequest>> engine) {
    ReplayTasks tasks = new ReplayTasks(resources, archives, ruleBook, engine, Clock.systemUTC());
    tasks.start();
    started.add(tasks);
    return tasks;
  }

  /** An engine that holds its first page until {@code release}, then takes everything. */
  private Consumer<List<DeliveryRequest>> blockingOnce(
      CountDownLatch inPage, CountDownLatch release) {
    return requests -> {
      if (inPage.getCount() > 0) {
        inPage.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      delivered.addAll(requests);
    };
  }

  private void archive(int count) {
    List<ArchivedEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String json =
          "{\"version\":\"0\",\"id\":\"e"
              + i
              + "\",\"detail-type\":\"t\",\"source\":\"shop\",\"account\":\""
              + ACCOUNT
              + "\",\"time\":\"2030-01-01T00:00:00Z\",\"region\":\""
              + REGION
              + "\",\"resources\":[],\"detail\":{\"n\":"
              + i
              + "}}";
      events.add(new ArchivedEvent(ARCHIVE, i + 1, "e" + i, T0.plusMillis(i), json, ""));
    }
    archives.append(events);
  }

  private String startReplay(String name, List<String> filters, ReplayState state) {
    Archive archive =
        new Archive("a", ARCHIVE, ACCOUNT, REGION, BUS, Optional.empty(), Optional.empty(), 0, T0);
    resources.create(archive.newRecord());
    Replay replay =
        new Replay(
            name,
            Replay.arnOf(REGION, ACCOUNT, name),
            ACCOUNT,
            REGION,
            ARCHIVE,
            Optional.empty(),
            T0,
            T0.plusSeconds(3600),
            BUS,
            filters,
            state,
            Optional.empty(),
            Instant.now(),
            Optional.empty(),
            Optional.empty(),
            ArchivePosition.before(T0),
            Optional.empty(),
            Instant.EPOCH);
    resources.create(replay.newRecord());
    return replay.arn();
  }

  private String putRule(String name, String pattern) {
    String arn = Arns.rule(REGION, ACCOUNT, "default", name);
    Rule rule =
        new Rule(
            name,
            arn,
            "default",
            BUS,
            Optional.of(pattern),
            Optional.empty(),
            RuleState.ENABLED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ACCOUNT,
            Instant.EPOCH,
            Map.of(),
            List.of(
                new RuleTarget(
                    JSON.createObjectNode()
                        .put("Id", "t")
                        .put("Arn", "arn:aws:sqs:us-east-1:000000000000:q"))));
    resources.create(Documents.newRecord(rule));
    ruleBook.changed(BUS);
    return arn;
  }

  private Replay awaitState(String arn, ReplayState state) {
    await(
        () ->
            resources
                .get(Replay.KIND, arn)
                .map(r -> Replay.read(r.document()).state() == state)
                .orElse(false));
    return Replay.read(resources.get(Replay.KIND, arn).orElseThrow().document());
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within %s", WAIT).isLessThan(deadline);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(text, e);
    }
  }
}
