package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.MoveTaskRecord;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStats;
import dev.docket.store.Receipt;
import dev.docket.store.ReceiptOutcome;
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

  private void reopenStore() {
    store.close();
    store = reopen();
  }
}
