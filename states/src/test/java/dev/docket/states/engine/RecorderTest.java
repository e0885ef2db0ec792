package dev.docket.states.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.states.data.StatesFailure;
import dev.docket.store.ExecutionRecord;
import dev.docket.store.ExecutionStore;
import dev.docket.store.ExecutionWrite;
import dev.docket.store.HistoryRecord;
import dev.docket.store.Lease;
import dev.docket.store.TaskToken;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The recorder: buffered, fenced writes; replay by strand key; the first flush as the create. */
class RecorderTest {

  private static final String ARN = "arn:aws:states:us-east-1:000000000000:execution:m:e";
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
  private final MemoryStore store = new MemoryStore();

  private static ObjectNode details(String name) {
    ObjectNode details = Json.object();
    details.put("name", name);
    return details;
  }

  private ExecutionRecord record() {
    return new ExecutionRecord(
        ARN, "m", "e", "RUNNING", clock.instant(), Optional.empty(), 0, "{}");
  }

  @Test
  void theFirstFlushCreatesTheExecutionWithEverythingBufferedAndLaterFlushesAppend() {
    Recorder recorder = Recorder.creating(record(), store, clock);
    Branch root = Branch.root();
    recorder.record(root, "ExecutionStarted", () -> details("start"));
    recorder.record(root, "PassStateEntered", () -> details("A"));
    assertThat(store.creates).isZero();
    recorder.flush();
    assertThat(store.creates).isEqualTo(1);
    assertThat(recorder.created()).isCompletedWithValue(true);
    assertThat(store.events).extracting(HistoryRecord::id).containsExactly(1L, 2L);
    recorder.record(root, "PassStateExited", () -> details("A"));
    recorder.flush(Optional.of("SUCCEEDED"), Optional.of(clock.instant()), Optional.empty());
    assertThat(store.events).extracting(HistoryRecord::key).containsExactly("0#0", "0#1", "0#2");
    assertThat(store.status).isEqualTo("SUCCEEDED");
  }

  @Test
  void aCreateThatFindsTheArnTakenFencesTheRunWithoutWriting() {
    store.create(record(), List.of());
    Recorder recorder = Recorder.creating(record(), store, clock);
    recorder.record(Branch.root(), "ExecutionStarted", () -> details("start"));
    assertThatThrownBy(recorder::flush).isInstanceOf(Recorder.FencedException.class);
    assertThat(recorder.created()).isCompletedWithValue(false);
    assertThatThrownBy(recorder::flush).isInstanceOf(Recorder.FencedException.class);
    assertThat(store.events).isEmpty();
  }

  @Test
  void aReplayHandsBackRecordedEventsByKeyAndAppendsOnlyWhatIsNew() {
    Recorder first = Recorder.creating(record(), store, clock);
    Branch root = Branch.root();
    first.record(root, "ExecutionStarted", () -> details("start"));
    first.record(root, "ParallelStateStarted", () -> null);
    Branch left = root.child(0);
    Branch right = root.child(1);
    first.record(right, "PassStateEntered", () -> details("R"));
    first.record(left, "PassStateEntered", () -> details("L"));
    first.flush();

    Recorder replay = Recorder.durable(ARN, store, clock, List.copyOf(store.events));
    Branch root2 = Branch.root();
    assertThat(replay.record(root2, "ExecutionStarted", () -> details("x")).replayed()).isTrue();
    assertThat(replay.record(root2, "ParallelStateStarted", () -> null).replayed()).isTrue();
    Branch left2 = root2.child(0);
    Branch right2 = root2.child(1);
    // the strands replay in another order than they ran: keys, not positions, match
    Recorded l = replay.record(left2, "PassStateEntered", () -> details("changed"));
    assertThat(l.replayed()).isTrue();
    assertThat(l.details().path("name").asText()).isEqualTo("L");
    assertThat(replay.replaying(right2)).isTrue();
    assertThat(replay.record(right2, "PassStateEntered", () -> details("R")).id()).isEqualTo(3);
    assertThat(replay.replaying(right2)).isFalse();
    Recorded fresh = replay.record(right2, "PassStateExited", () -> details("R"));
    assertThat(fresh.replayed()).isFalse();
    assertThat(fresh.id()).isEqualTo(5);
    replay.flush();
    assertThat(store.events).extracting(HistoryRecord::id).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void aHistoryThatDoesNotReplayFailsWithStatesRuntime() {
    Recorder first = Recorder.creating(record(), store, clock);
    Branch root = Branch.root();
    first.record(root, "ExecutionStarted", () -> details("start"));
    first.record(root, "PassStateEntered", () -> details("A"));
    first.flush();
    Recorder replay = Recorder.durable(ARN, store, clock, List.copyOf(store.events));
    Branch again = Branch.root();
    replay.record(again, "ExecutionStarted", () -> null);
    assertThatThrownBy(() -> replay.record(again, "TaskStateEntered", () -> null))
        .isInstanceOf(StatesFailure.class)
        .hasMessageContaining("States.Runtime")
        .hasMessageContaining("does not replay");
  }

  @Test
  void aStaleWriterIsFenced() {
    Recorder recorder = Recorder.creating(record(), store, clock);
    Branch root = Branch.root();
    recorder.record(root, "ExecutionStarted", () -> null);
    recorder.flush();
    Recorder other = Recorder.durable(ARN, store, clock, List.copyOf(store.events));
    Branch otherRoot = Branch.root();
    other.record(otherRoot, "ExecutionStarted", () -> null);
    other.record(otherRoot, "PassStateEntered", () -> details("A"));
    other.flush();
    recorder.record(root, "PassStateEntered", () -> details("A"));
    assertThatThrownBy(recorder::flush).isInstanceOf(Recorder.FencedException.class);
    assertThat(store.events).hasSize(2);
  }

  @Test
  void silentStrandsRecordNothing() {
    Recorder recorder = Recorder.creating(record(), store, clock);
    Branch root = Branch.root();
    recorder.record(root, "ExecutionStarted", () -> null);
    Branch item = root.silentChild(0);
    Recorded entered = recorder.record(item, "PassStateEntered", () -> details("I"));
    assertThat(entered.id()).isZero();
    recorder.flush();
    assertThat(store.events).hasSize(1);
  }

  /** A single execution's store, in memory, with the SPI's fencing. */
  private static final class MemoryStore implements ExecutionStore {
    final List<HistoryRecord> events = new ArrayList<>();
    ExecutionRecord execution;
    String status;
    int creates;

    @Override
    public synchronized boolean create(ExecutionRecord record, List<HistoryRecord> first) {
      if (execution != null) {
        return false;
      }
      creates++;
      execution = record;
      status = record.status();
      events.addAll(first);
      return true;
    }

    @Override
    public synchronized boolean append(ExecutionWrite write, Lease fence) {
      return append(write);
    }

    @Override
    public synchronized boolean append(ExecutionWrite write) {
      long last = events.isEmpty() ? 0 : events.get(events.size() - 1).id();
      if (execution == null || last != write.expectedLastEventId()) {
        return false;
      }
      events.addAll(write.events());
      write.status().ifPresent(s -> status = s);
      return true;
    }

    @Override
    public Optional<ExecutionRecord> get(String arn) {
      return Optional.ofNullable(execution);
    }

    @Override
    public List<ExecutionRecord> list(String machine, Optional<String> s, String after, int limit) {
      return List.of();
    }

    @Override
    public List<ExecutionRecord> running(String afterArn, int limit) {
      return List.of();
    }

    @Override
    public List<HistoryRecord> history(String arn, long afterId, int limit) {
      return events.stream().filter(e -> e.id() > afterId).limit(limit).toList();
    }

    @Override
    public List<HistoryRecord> historyReversed(String arn, long beforeId, int limit) {
      return List.of();
    }

    @Override
    public boolean delete(String arn) {
      return false;
    }

    @Override
    public int expire(Instant closedBefore, int limit) {
      return 0;
    }

    @Override
    public Optional<TaskToken> token(String token) {
      return Optional.empty();
    }

    @Override
    public boolean complete(String token, String outcome) {
      return false;
    }

    @Override
    public boolean heartbeat(String token, Instant at) {
      return false;
    }

    @Override
    public Optional<TaskToken> claimActivityTask(String activityArn, String worker, Instant at) {
      return Optional.empty();
    }

    @Override
    public List<TaskToken> tokensOf(String executionArn) {
      return List.of();
    }
  }
}
