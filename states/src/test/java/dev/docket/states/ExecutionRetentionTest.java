package dev.docket.states;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.delivery.LeasedWork;
import dev.docket.delivery.Node;
import dev.docket.store.ExecutionStore;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention task: batches until one deletes fewer than a batch, a run at start and then every
 * hour of the (manual) clock, and on a shared store only the holder of the lease runs. What {@code
 * expire} deletes is the store's, tested by the store TCK; here the store only records the calls.
 */
class ExecutionRetentionTest {

  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  private static final Duration RETENTION = Duration.ofDays(90);

  @TempDir Path directory;

  private final ManualClock clock = new ManualClock(START);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
  }

  @Test
  void aRunExpiresBatchesUntilOneDeletesFewerThanABatch() {
    RecordingExecutions executions = new RecordingExecutions(500, 500, 7);
    ExecutionRetention retention = retention(executions, Node.alone(clock));

    int deleted = retention.runOnce();

    assertThat(deleted).isEqualTo(1007);
    assertThat(executions.calls)
        .containsExactly(START.minus(RETENTION), START.minus(RETENTION), START.minus(RETENTION));
    assertThat(retention.runOnce()).isZero();
  }

  @Test
  void theTaskRunsAtStartThenEveryHourOfTheClock() {
    RecordingExecutions executions = new RecordingExecutions();
    ExecutionRetention retention = retention(executions, Node.alone(clock));

    retention.start();
    awaitUntil(() -> executions.calls.size() == 1);
    clock.advance(Duration.ofMinutes(59));
    retention.wake();
    clock.advance(Duration.ofMinutes(1));
    retention.wake();
    awaitUntil(() -> executions.calls.size() == 2);
    clock.advance(Duration.ofDays(2));
    retention.wake();
    awaitUntil(() -> executions.calls.size() == 3);

    assertThat(executions.calls)
        .containsExactly(
            START.minus(RETENTION),
            START.plus(Duration.ofHours(1)).minus(RETENTION),
            START.plus(Duration.ofHours(1)).plus(Duration.ofDays(2)).minus(RETENTION));
  }

  @Test
  void onASharedStoreOnlyTheHolderOfTheLeaseRunsAndAnotherTakesOverOnceItLetGo() {
    SqliteStore store = SqliteStore.open(SqliteConfig.defaults(directory));
    open.add(store);
    Node first = shared(store, "first");
    Node second = shared(store, "second");
    RecordingExecutions firstExecutions = new RecordingExecutions(3);
    RecordingExecutions secondExecutions = new RecordingExecutions(4);
    ExecutionRetention onFirst = retention(firstExecutions, first);
    ExecutionRetention onSecond = retention(secondExecutions, second);

    assertThat(onFirst.runOnce()).isEqualTo(3);
    assertThat(onSecond.runOnce()).isEqualTo(-1);
    assertThat(store.leases().get("states.retention").orElseThrow().owner()).isEqualTo(first.id());
    onFirst.close();
    clock.advance(second.renewEvery());

    assertThat(onSecond.runOnce()).isEqualTo(4);
    assertThat(secondExecutions.calls).hasSize(1);
    assertThat(store.leases().get("states.retention").orElseThrow().owner()).isEqualTo(second.id());
  }

  @Test
  void aRetentionThatIsNotPositiveIsRefused() {
    RecordingExecutions executions = new RecordingExecutions();
    LeasedWork work = new LeasedWork(Node.alone(clock), "states.retention");

    assertThatThrownBy(() -> new ExecutionRetention(executions.store(), Duration.ZERO, clock, work))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private ExecutionRetention retention(RecordingExecutions executions, Node node) {
    ExecutionRetention retention =
        new ExecutionRetention(
            executions.store(), RETENTION, clock, new LeasedWork(node, "states.retention"));
    open.add(retention);
    return retention;
  }

  private Node shared(SqliteStore store, String name) {
    Node node = Node.shared(store, name, Duration.ofSeconds(30), Duration.ofHours(1), clock);
    open.add(node);
    return node;
  }

  /** Waits for a background effect (bounded, so a broken task fails rather than hangs). */
  private static void awaitUntil(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** An execution store that only answers {@code expire}, with given counts, and records calls. */
  private static final class RecordingExecutions {
    final List<Instant> calls = new CopyOnWriteArrayList<>();
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();

    RecordingExecutions(Integer... answers) {
      this.answers.addAll(List.of(answers));
    }

    ExecutionStore store() {
      return (ExecutionStore)
          Proxy.newProxyInstance(
              ExecutionStore.class.getClassLoader(),
              new Class<?>[] {ExecutionStore.class},
              (proxy, method, args) -> {
                if (!method.getName().equals("expire")) {
                  throw new UnsupportedOperationException(method.getName());
                }
                assertThat(args[1]).isEqualTo(ExecutionRetention.BATCH);
                calls.add((Instant) args[0]);
                Integer answer = answers.poll();
                return answer == null ? 0 : answer;
              });
    }
  }

  /** A clock that moves only when told. Thread-safe. */
  private static final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;

    ManualClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration duration) {
      now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
