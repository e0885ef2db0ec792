package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.ExecutionRecord;
import dev.docket.store.ExecutionWrite;
import dev.docket.store.HistoryRecord;
import dev.docket.store.Lease;
import dev.docket.store.LoggedEvent;
import dev.docket.store.MoveTaskRecord;
import dev.docket.store.NewEvent;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStats;
import dev.docket.store.Receipt;
import dev.docket.store.ReceiptOutcome;
import dev.docket.store.ResourceRecord;
import dev.docket.store.SendResult;
import dev.docket.store.Store;
import dev.docket.store.StoredMessage;
import dev.docket.store.TaskToken;
import dev.docket.store.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Durability: whatever a store acknowledged is there after closing it and opening the same storage
 * again.
 */
public abstract class DurabilityContract extends StoreContract {

  /**
   * Opens a new store over the storage of the store most recently returned by {@link #newStore()},
   * which the contract has closed.
   */
  protected abstract Store reopen();

  @Test
  void everythingWrittenIsThereAfterReopening() {
    QueueRecord queue =
        queues()
            .createQueue(
                new QueueRecord(
                    0,
                    ACCOUNT,
                    "orders",
                    false,
                    Map.of("DelaySeconds", "0"),
                    Map.of("team", "a"),
                    T0,
                    T0));
    sendEach(queue, "a", "b", "c");
    StoredMessage inFlight = receive(queue, T0, 1).messages().getFirst();
    MoveTaskRecord task =
        new MoveTaskRecord(
            "h",
            queue.id(),
            "arn",
            Optional.empty(),
            Optional.of(5),
            "RUNNING",
            1,
            3,
            Optional.empty(),
            T0);
    queues().saveMoveTask(task);
    store.timers().schedule(new Timer("t", "kind", at(5), "payload", 0));

    reopenStore();

    assertThat(queues().queue(ACCOUNT, "orders")).contains(queue);
    assertThat(queues().stats(queue.id(), at(1), Instant.EPOCH)).isEqualTo(new QueueStats(2, 1, 0));
    assertThat(queues().activeMoveTasks()).containsExactly(task);
    assertThat(store.timers().claimDue("kind", at(5), 10, Duration.ofSeconds(1)))
        .extracting(Timer::payload)
        .containsExactly("payload");
    assertThat(
            queues()
                .delete(
                    queue.id(), List.of(new Receipt(inFlight.sequence(), inFlight.receiptToken()))))
        .containsExactly(ReceiptOutcome.DONE);
    assertThat(bodies(receive(queue, at(1), 10))).containsExactly("b", "c");
  }

  @Test
  void sequencesAndTokensKeepIncreasingAcrossReopenEvenAfterDeletingTheNewest() {
    QueueRecord queue = createQueue("orders");
    SendResult newest = sendEach(queue, "a").getFirst();
    StoredMessage received = receive(queue, T0, 1).messages().getFirst();
    queues().delete(queue.id(), List.of(new Receipt(received.sequence(), received.receiptToken())));

    reopenStore();
    SendResult next = sendEach(queue, "b").getFirst();
    StoredMessage again = receive(queue, T0, 1).messages().getFirst();

    assertThat(next.sequence()).isGreaterThan(newest.sequence());
    assertThat(again.receiptToken()).isNotEqualTo(received.receiptToken());
  }

  @Test
  void deletedQueueStaysDeletedAndItsIdIsNotReused() {
    QueueRecord queue = createQueue("orders");
    queues().deleteQueue(queue.id());

    reopenStore();
    QueueRecord renewed = createQueue("orders");

    assertThat(renewed.id()).isNotEqualTo(queue.id());
  }

  @Test
  void resourcesEventsAndCursorsAreThereAfterReopening() {
    ResourceRecord bus =
        new ResourceRecord("events.event-bus", BUS, ACCOUNT + "/us-east-1", "default", 1, "{}");
    store.resources().create(bus);
    store.resources().replace(bus.next("{\"Policy\":\"p\"}"));
    List<NewEvent> events =
        List.of(
            new NewEvent(BUS, "a", at(1), "{\"id\":\"a\"}", "Root=1"),
            new NewEvent(BUS, "b", at(2), "{\"id\":\"b\"}", ""));
    List<Long> sequences = store.eventLog().append(events);
    store.eventLog().advance("router:" + BUS, sequences.getFirst());

    reopenStore();

    assertThat(store.resources().get("events.event-bus", BUS))
        .contains(bus.next("{\"Policy\":\"p\"}"));
    assertThat(store.eventLog().read(BUS, 0, 10))
        .containsExactly(
            new LoggedEvent(BUS, sequences.get(0), "a", at(1), "{\"id\":\"a\"}", "Root=1"),
            new LoggedEvent(BUS, sequences.get(1), "b", at(2), "{\"id\":\"b\"}", ""));
    assertThat(store.eventLog().cursor("router:" + BUS)).isEqualTo(sequences.getFirst());
  }

  @Test
  void eventSequencesKeepIncreasingAcrossReopenEvenAfterTrimmingTheNewest() {
    List<Long> before = store.eventLog().append(List.of(new NewEvent(BUS, "a", T0, "{}", "")));
    store.eventLog().trim(BUS, before.getLast());

    reopenStore();
    List<Long> after = store.eventLog().append(List.of(new NewEvent(BUS, "b", T0, "{}", "")));

    assertThat(after.getFirst()).isGreaterThan(before.getLast());
  }

  @Test
  void executionsHistoriesAndTokensAreThereAfterReopening() {
    ExecutionRecord execution =
        new ExecutionRecord(
            EXECUTION, MACHINE, "e1", "RUNNING", at(1), Optional.empty(), 1, "{\"input\":{}}");
    HistoryRecord started = new HistoryRecord(1, 0, "0#0", "ExecutionStarted", at(1), "{}");
    store.executions().create(execution, List.of(started));
    TaskToken claimed = activityTask("claimed", at(2));
    TaskToken waiting = activityTask("waiting", at(3));
    TaskToken answered = activityTask("answered", at(4));
    HistoryRecord scheduled =
        new HistoryRecord(2, 1, "0#1", "ActivityScheduled", at(2), "{\"resource\":\"a\"}");
    store
        .executions()
        .append(
            new ExecutionWrite(
                EXECUTION,
                1,
                List.of(scheduled),
                Optional.empty(),
                Optional.empty(),
                Optional.of("{\"input\":{},\"v\":2}"),
                List.of(claimed, waiting, answered),
                List.of()));
    store.executions().claimActivityTask(ACTIVITY, "w", at(5));
    store.executions().complete("answered", "{\"output\":1}");
    store.executions().heartbeat("waiting", at(6));

    reopenStore();

    ExecutionRecord stored = store.executions().get(EXECUTION).orElseThrow();
    assertThat(stored.lastEventId()).isEqualTo(2);
    assertThat(stored.document()).isEqualTo("{\"input\":{},\"v\":2}");
    assertThat(store.executions().running("", 10)).containsExactly(stored);
    assertThat(store.executions().list(MACHINE, Optional.empty(), null, 10))
        .containsExactly(stored);
    assertThat(store.executions().history(EXECUTION, 0, 10)).containsExactly(started, scheduled);
    assertThat(store.executions().token("claimed").orElseThrow().claimedBy()).contains("w");
    assertThat(store.executions().token("waiting").orElseThrow().heartbeatAt()).isEqualTo(at(6));
    assertThat(store.executions().token("answered").orElseThrow().outcome())
        .contains("{\"output\":1}");
    assertThat(store.executions().tokensOf(EXECUTION)).hasSize(3);
    assertThat(store.executions().complete("answered", "{}")).isFalse();
    assertThat(store.executions().claimActivityTask(ACTIVITY, "w2", at(7)))
        .map(TaskToken::token)
        .contains("waiting");
  }

  @Test
  void theAppendFenceHoldsAcrossReopen() {
    store
        .executions()
        .create(
            new ExecutionRecord(
                EXECUTION, MACHINE, "e1", "RUNNING", at(1), Optional.empty(), 1, "{}"),
            List.of(new HistoryRecord(1, 0, "0#0", "ExecutionStarted", at(1), "{}")));

    reopenStore();
    boolean stale = store.executions().append(finish(0));
    boolean current = store.executions().append(finish(1));

    assertThat(stale).isFalse();
    assertThat(current).isTrue();
    assertThat(store.executions().get(EXECUTION).orElseThrow().status()).isEqualTo("SUCCEEDED");
    assertThat(store.executions().running("", 10)).isEmpty();
  }

  @Test
  void leasesAndTheirTokensHoldAcrossReopen() {
    Lease held =
        store.leases().acquire("router:a", "node-a", Duration.ofSeconds(30), T0).orElseThrow();
    Lease released =
        store.leases().acquire("router:b", "node-b", Duration.ofSeconds(30), T0).orElseThrow();
    store.leases().release("router:b", "node-b", released.token());

    reopenStore();
    Optional<Lease> refused =
        store.leases().acquire("router:a", "node-c", Duration.ofSeconds(30), at(1));
    Lease next =
        store.leases().acquire("router:b", "node-c", Duration.ofSeconds(30), at(1)).orElseThrow();

    assertThat(store.leases().get("router:a")).contains(held);
    assertThat(refused).isEmpty();
    assertThat(
            store.leases().renew("router:a", "node-a", held.token(), Duration.ofSeconds(30), at(2)))
        .isTrue();
    assertThat(next.token()).isGreaterThan(released.token()).isGreaterThan(held.token());
    assertThat(store.leases().list("router:"))
        .extracting(Lease::owner)
        .containsExactly("node-a", "node-c");
  }

  private static final String MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:m";
  private static final String EXECUTION = "arn:aws:states:us-east-1:000000000000:execution:m:e1";
  private static final String ACTIVITY = "arn:aws:states:us-east-1:000000000000:activity:a";

  private static TaskToken activityTask(String token, Instant createdAt) {
    return new TaskToken(
        token,
        EXECUTION,
        "0#1",
        Optional.of(ACTIVITY),
        "{}",
        createdAt,
        Optional.empty(),
        Optional.empty(),
        createdAt);
  }

  private static ExecutionWrite finish(long expected) {
    return new ExecutionWrite(
        EXECUTION,
        expected,
        List.of(
            new HistoryRecord(
                expected + 1, expected, "0#" + expected, "ExecutionSucceeded", at(9), "{}")),
        Optional.of("SUCCEEDED"),
        Optional.of(at(9)),
        Optional.empty(),
        List.of(),
        List.of());
  }

  private static final String BUS = "arn:aws:events:us-east-1:000000000000:event-bus/default";

  private void reopenStore() {
    store.close();
    store = reopen();
  }
}
