package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

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

  private static final String BUS = "arn:aws:events:us-east-1:000000000000:event-bus/default";

  private void reopenStore() {
    store.close();
    store = reopen();
  }
}
