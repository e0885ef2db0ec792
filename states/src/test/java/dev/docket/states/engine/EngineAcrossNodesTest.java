package dev.docket.states.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.delivery.Node;
import dev.docket.states.asl.Definitions;
import dev.docket.store.ArchiveStore;
import dev.docket.store.EventLogStore;
import dev.docket.store.ExecutionRecord;
import dev.docket.store.ExecutionStore;
import dev.docket.store.HistoryRecord;
import dev.docket.store.LeaseStore;
import dev.docket.store.Notifier;
import dev.docket.store.QueueStore;
import dev.docket.store.ResourceStore;
import dev.docket.store.Store;
import dev.docket.store.TimerStore;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines as two nodes on one store (SQLite standing in for the shared database), each on its
 * own test clock, running an execution that waits for an activity task: a node paused past its
 * lease is refused at its first write once the other took the execution over, and the new holder
 * does not get stuck when the old one's late write got in first (clocks apart by more than the
 * lease), whether that write ended the execution or moved it on to its next task; on a single node
 * no lease is written.
 */
@Timeout(60)
class EngineAcrossNodesTest {

  private static final Duration LEASE = Duration.ofSeconds(1);
  private static final String MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:m";
  private static final String ACTIVITY = "arn:aws:states:us-east-1:000000000000:activity:work";
  private static final String DEFINITION =
      """
      {"StartAt": "First", "States": {
        "First": {"Type": "Pass", "Next": "Work"},
        "Work": {"Type": "Task", "Resource": "%s", "End": true}}}
      """
          .formatted(ACTIVITY);
  private static final String OUTCOME = "{\"output\":\"{\\\"done\\\":true}\"}";

  @TempDir Path directory;

  private final TestClock clockA = new TestClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final TestClock clockB = new TestClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final List<AutoCloseable> closing = new ArrayList<>();
  private Store store;
  private ExecutionStore executions;

  @BeforeEach
  void open() {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
    executions = store.executions();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : closing.reversed()) {
      resource.close();
    }
    store.close();
  }

  @Test
  void aNodePausedPastItsLeaseIsRefusedAtItsFirstWriteAndTheOtherFinishes() {
    Engine a = engine(Node.shared(store, "a", LEASE, Duration.ofHours(1), clockA), clockA);
    Engine b = engine(Node.shared(store, "b", LEASE, Duration.ofHours(1), clockB), clockB);
    String arn = start(a, "paused");
    String token = awaitToken(arn);

    a.stopRenewing(); // a is paused: its lease runs out
    clockA.advance(LEASE.plusSeconds(1));
    clockB.advance(LEASE.plusSeconds(1));
    awaitTrue(() -> b.activeCount() == 1); // b took it over and waits for the activity too

    // a wakes and gets the answer first: it must not write, b records it
    assertThat(a.complete(token, OUTCOME)).isEqualTo(Engine.TokenResult.ACCEPTED);

    awaitTrue(() -> status(arn).equals("SUCCEEDED"));
    awaitTrue(() -> a.activeCount() == 0 && b.activeCount() == 0);
    // b gives the lease up once its run is over (just after it leaves the active runs)
    awaitTrue(() -> store.leases().list(ExecutionLeases.PREFIX).isEmpty());
    assertSucceededOnce(arn);
  }

  @Test
  void theNewHolderReloadsWhenTheOldOnesLateWriteGotInFirst() {
    // a's clock lags b's by more than a lease: a still believes in its lease when b takes over
    Engine a = engine(Node.shared(store, "a", LEASE, Duration.ofHours(1), clockA), clockA);
    // b hears no notification (they are hints): only its resync finds a's write
    Engine b = engine(Node.shared(deaf(store), "b", LEASE, Duration.ofMillis(200), clockB), clockB);
    String arn = start(a, "late");
    String token = awaitToken(arn);
    a.stopRenewing();
    clockB.advance(LEASE.plusSeconds(1));
    awaitTrue(() -> b.activeCount() == 1);

    // a writes the task's outcome and the execution's end before b notices anything
    assertThat(a.complete(token, OUTCOME)).isEqualTo(Engine.TokenResult.ACCEPTED);

    awaitTrue(() -> status(arn).equals("SUCCEEDED"));
    // b, waiting for a callback that will never come, finds the execution moved on, reloads,
    // sees it ended, and lets the lease go
    awaitTrue(() -> b.activeCount() == 0);
    awaitTrue(() -> store.leases().list(ExecutionLeases.PREFIX).isEmpty());
    assertSucceededOnce(arn);
  }

  @Test
  void theNewHolderReloadsAndGoesOnWhenTheOldOnesLateWriteMovedTheExecutionOn() {
    Engine.Machine twoTasks =
        new Engine.Machine(
            Definitions.parse(
                """
                {"StartAt": "Work", "States": {
                  "Work": {"Type": "Task", "Resource": "%s", "Next": "More"},
                  "More": {"Type": "Task", "Resource": "%s", "End": true}}}
                """
                    .formatted(ACTIVITY, ACTIVITY)),
            MACHINE,
            "m",
            "role",
            false);
    Engine a =
        engine(Node.shared(store, "a", LEASE, Duration.ofHours(1), clockA), clockA, twoTasks);
    Engine b =
        engine(
            Node.shared(deaf(store), "b", LEASE, Duration.ofMillis(200), clockB), clockB, twoTasks);
    String arn = start(a, "onwards", twoTasks);
    String first = awaitToken(arn);
    a.stopRenewing();
    clockB.advance(LEASE.plusSeconds(1));
    awaitTrue(() -> b.activeCount() == 1);

    // a (its clock behind) finishes the first task and enters the second: one late write
    a.complete(first, OUTCOME);
    awaitTrue(
        () -> executions.tokensOf(arn).stream().anyMatch(token -> !token.token().equals(first)));
    String second =
        executions.tokensOf(arn).stream()
            .filter(token -> !token.token().equals(first))
            .findFirst()
            .orElseThrow()
            .token();

    // answered through b, whose run still waits for the first task: only a reload at its resync
    // (it finds a's write) brings it to the second task and its stored answer
    assertThat(b.complete(second, OUTCOME)).isEqualTo(Engine.TokenResult.ACCEPTED);

    awaitTrue(() -> status(arn).equals("SUCCEEDED"));
    List<String> types =
        executions.history(arn, 0, 1000).stream().map(HistoryRecord::type).toList();
    assertThat(types).filteredOn("ActivitySucceeded"::equals).hasSize(2);
    assertThat(types).filteredOn("ExecutionSucceeded"::equals).hasSize(1);
    assertThat(types).filteredOn("ActivityScheduled"::equals).hasSize(2);
  }

  @Test
  void onASingleNodeNoLeaseIsWritten() {
    Engine only = engine(Node.single(store, clockA), clockA);
    String arn = start(only, "single");
    String token = awaitToken(arn);

    only.complete(token, OUTCOME);

    awaitTrue(() -> status(arn).equals("SUCCEEDED"));
    assertThat(store.leases().list("")).isEmpty();
  }

  private Engine engine(Node node, Clock clock) {
    return engine(
        node,
        clock,
        new Engine.Machine(Definitions.parse(DEFINITION), MACHINE, "m", "role", false));
  }

  private Engine engine(Node node, Clock clock, Engine.Machine machine) {
    closing.add(node);
    Engine engine =
        new Engine(
            executions,
            store.timers(),
            call -> {
              throw new AssertionError("no integration is called");
            },
            clock,
            Duration.ofMinutes(1),
            node);
    engine.bind(revision -> Optional.of(machine), (parameters, parent) -> "");
    engine.start();
    closing.add(engine);
    return engine;
  }

  private String start(Engine engine, String name) {
    return start(
        engine,
        name,
        new Engine.Machine(Definitions.parse(DEFINITION), MACHINE, "m", "role", false));
  }

  private String start(Engine engine, String name, Engine.Machine machine) {
    String arn = "arn:aws:states:us-east-1:000000000000:execution:m:" + name;
    ExecutionDocument document =
        new ExecutionDocument(
            "STANDARD", "{}", "rev", "role", "salt", null, null, null, 0, null, null, null);
    ExecutionRecord record =
        new ExecutionRecord(
            arn, MACHINE, name, "RUNNING", Instant.now(), Optional.empty(), 0, document.toJson());
    assertThat(engine.startStandard(record, document, machine)).isTrue();
    return arn;
  }

  private String awaitToken(String arn) {
    awaitTrue(() -> !executions.tokensOf(arn).isEmpty());
    return executions.tokensOf(arn).getFirst().token();
  }

  private String status(String arn) {
    return executions.get(arn).map(ExecutionRecord::status).orElse("");
  }

  private void assertSucceededOnce(String arn) {
    List<HistoryRecord> history = executions.history(arn, 0, 1000);
    List<String> types = history.stream().map(HistoryRecord::type).toList();
    assertThat(types).filteredOn("ExecutionSucceeded"::equals).hasSize(1);
    assertThat(types).filteredOn("ActivitySucceeded"::equals).hasSize(1);
    assertThat(types).filteredOn("ExecutionStarted"::equals).hasSize(1);
    for (int i = 0; i < history.size(); i++) {
      assertThat(history.get(i).id()).isEqualTo(i + 1);
    }
  }

  /** Polls until true; the class's timeout is the only limit (no wall-clock threshold). */
  private static void awaitTrue(BooleanSupplier condition) {
    while (!condition.getAsBoolean()) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The store as a node sees it whose notifications are all lost. */
  private static Store deaf(Store store) {
    Notifier nothing =
        new Notifier() {
          @Override
          public void notify(String channel, String payload) {}

          @Override
          public Subscription listen(String channel, java.util.function.Consumer<String> l) {
            return () -> {};
          }
        };
    return new Store() {
      @Override
      public QueueStore queues() {
        return store.queues();
      }

      @Override
      public TimerStore timers() {
        return store.timers();
      }

      @Override
      public ResourceStore resources() {
        return store.resources();
      }

      @Override
      public EventLogStore eventLog() {
        return store.eventLog();
      }

      @Override
      public ArchiveStore archives() {
        return store.archives();
      }

      @Override
      public ExecutionStore executions() {
        return store.executions();
      }

      @Override
      public LeaseStore leases() {
        return store.leases();
      }

      @Override
      public Notifier notifier() {
        return nothing;
      }

      @Override
      public void close() {}
    };
  }
}
