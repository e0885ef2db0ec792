package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStats;
import dev.docket.store.QueueStore.VisibilityChange;
import dev.docket.store.Receipt;
import dev.docket.store.ReceiptOutcome;
import dev.docket.store.ReceiveRequest;
import dev.docket.store.ReceiveResult;
import dev.docket.store.SendResult;
import dev.docket.store.StoredMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Standard-queue messages: send, receive (claims, visibility, delay, retention), delete, visibility
 * changes, purge and stats.
 */
public abstract class MessageStoreContract extends StoreContract {

  @Test
  void sendAssignsIncreasingSequencesInBatchOrder() {
    QueueRecord queue = createQueue("orders");

    List<SendResult> first = queues().send(queue.id(), List.of(message("a"), message("b")));
    List<SendResult> second = queues().send(queue.id(), List.of(message("c")));

    assertThat(first).extracting(SendResult::duplicate).containsOnly(false);
    assertThat(first.get(1).sequence()).isGreaterThan(first.get(0).sequence());
    assertThat(second.get(0).sequence()).isGreaterThan(first.get(1).sequence());
    assertThat(bodies(receive(queue, T0, 10))).containsExactly("a", "b", "c");
  }

  @Test
  void receiveReturnsWhatWasSent() {
    QueueRecord queue = createQueue("orders");
    var sent = message("hello");
    SendResult result = queues().send(queue.id(), List.of(sent)).getFirst();

    StoredMessage received = receive(queue, at(1), 1).messages().getFirst();

    assertThat(result.messageId()).isEqualTo(sent.messageId());
    assertThat(received.queueId()).isEqualTo(queue.id());
    assertThat(received.sequence()).isEqualTo(result.sequence());
    assertThat(received.messageId()).isEqualTo(sent.messageId());
    assertThat(received.body()).isEqualTo("hello");
    assertThat(received.attributes()).isEqualTo(sent.attributes());
    assertThat(received.sentAt()).isEqualTo(T0);
    assertThat(received.groupId()).isEmpty();
    assertThat(received.deadLetterSourceQueueId()).isEmpty();
  }

  @Test
  void receiveClaimsAtMostMaxMessagesInSequenceOrder() {
    QueueRecord queue = createQueue("orders");
    sendEach(queue, "a", "b", "c");

    ReceiveResult first = receive(queue, T0, 2);
    ReceiveResult second = receive(queue, T0, 2);
    ReceiveResult third = receive(queue, T0, 2);

    assertThat(bodies(first)).containsExactly("a", "b");
    assertThat(bodies(second)).containsExactly("c");
    assertThat(third.messages()).isEmpty();
  }

  @Test
  void receiveCountsReceivesAndIssuesAFreshReceiptToken() {
    QueueRecord queue = createQueue("orders");
    sendEach(queue, "a");

    StoredMessage first = receive(queue, at(1), 1).messages().getFirst();
    StoredMessage second = receive(queue, at(1).plus(VISIBILITY), 1).messages().getFirst();

    assertThat(first.receiveCount()).isEqualTo(1);
    assertThat(first.firstReceivedAt()).contains(at(1));
    assertThat(second.receiveCount()).isEqualTo(2);
    assertThat(second.firstReceivedAt()).contains(at(1));
    assertThat(second.receiptToken()).isNotEqualTo(first.receiptToken());
  }

  @Test
  void receivedMessageStaysHiddenForTheVisibilityTimeout() {
    QueueRecord queue = createQueue("orders");
    sendEach(queue, "a");
    receive(queue, T0, 1);

    ReceiveResult during = receive(queue, T0.plus(VISIBILITY).minusMillis(1), 1);
    ReceiveResult after = receive(queue, T0.plus(VISIBILITY), 1);

    assertThat(during.messages()).isEmpty();
    assertThat(during.nextVisibleAt()).contains(T0.plus(VISIBILITY));
    assertThat(bodies(after)).containsExactly("a");
  }

  @Test
  void delayedMessageIsInvisibleUntilItsVisibleAt() {
    QueueRecord queue = createQueue("orders");
    queues().send(queue.id(), List.of(message("late", T0, at(10)), message("now", T0, T0)));

    ReceiveResult before = receive(queue, at(9), 10);
    ReceiveResult due = receive(queue, at(10), 10);

    assertThat(bodies(before)).containsExactly("now");
    assertThat(bodies(due)).containsExactly("late");
  }

  @Test
  void emptyReceiveTellsWhenTheNextMessageBecomesVisible() {
    QueueRecord queue = createQueue("orders");
    queues().send(queue.id(), List.of(message("late", T0, at(10))));

    ReceiveResult result = receive(queue, T0, 10);
    ReceiveResult empty = receive(createQueue("empty"), T0, 10);

    assertThat(result.messages()).isEmpty();
    assertThat(result.nextVisibleAt()).contains(at(10));
    assertThat(empty.nextVisibleAt()).isEmpty();
  }

  @Test
  void receiveDeletesMessagesPastRetention() {
    QueueRecord queue = createQueue("orders");
    queues().send(queue.id(), List.of(message("old", T0, T0), message("new", at(60), at(60))));

    ReceiveResult result =
        queues()
            .receive(
                new ReceiveRequest(
                    queue.id(), at(61), 10, VISIBILITY, false, Optional.empty(), at(30)));

    assertThat(bodies(result)).containsExactly("new");
    assertThat(result.expired()).isEqualTo(1);
    assertThat(queues().stats(queue.id(), at(200), Instant.EPOCH).inFlight()).isZero();
  }

  @Test
  void zeroVisibilityTimeoutClaimsEachMessageOncePerReceive() {
    QueueRecord queue = createQueue("orders");
    sendEach(queue, "a", "b");

    ReceiveResult result =
        queues()
            .receive(
                new ReceiveRequest(
                    queue.id(), T0, 10, Duration.ZERO, false, Optional.empty(), Instant.EPOCH));

    assertThat(bodies(result)).containsExactly("a", "b");
    assertThat(bodies(receive(queue, T0, 10))).containsExactly("a", "b");
  }

  @Test
  void deleteWithTheCurrentReceiptRemovesTheMessage() {
    QueueRecord queue = createQueue("orders");
    sendEach(queue, "a");
    StoredMessage received = receive(queue, T0, 1).messages().getFirst();

    List<ReceiptOutcome> outcomes = queues().delete(queue.id(), List.of(receipt(received)));

    assertThat(outcomes).containsExactly(ReceiptOutcome.DONE);
    assertThat(receive(queue, at(3600), 10).messages()).isEmpty();
  }

  @Test
  void deleteWithAStaleReceiptLeavesTheMessage() {
    QueueRecord queue = createQueue("orders");
    sendEach(queue, "a");
    StoredMessage first = receive(queue, T0, 1).messages().getFirst();
    receive(queue, T0.plus(VISIBILITY), 1);

    List<ReceiptOutcome> outcomes = queues().delete(queue.id(), List.of(receipt(first)));

    assertThat(outcomes).containsExactly(ReceiptOutcome.STALE_RECEIPT);
    assertThat(bodies(receive(queue, at(3600), 10))).containsExactly("a");
  }

  @Test
  void deleteOfAnUnknownMessageIsNotFoundAndOutcomesKeepOrder() {
    QueueRecord queue = createQueue("orders");
    QueueRecord other = createQueue("other");
    sendEach(queue, "a");
    StoredMessage received = receive(queue, T0, 1).messages().getFirst();

    List<ReceiptOutcome> outcomes =
        queues().delete(queue.id(), List.of(new Receipt(999_999, 1), receipt(received)));
    List<ReceiptOutcome> elsewhere = queues().delete(other.id(), List.of(receipt(received)));

    assertThat(outcomes).containsExactly(ReceiptOutcome.NOT_FOUND, ReceiptOutcome.DONE);
    assertThat(elsewhere).containsExactly(ReceiptOutcome.NOT_FOUND);
  }

  @Test
  void changeVisibilityMovesWhenAMessageBecomesVisibleAgain() {
    QueueRecord queue = createQueue("orders");
    sendEach(queue, "a", "b");
    List<StoredMessage> received = receive(queue, T0, 2).messages();

    List<ReceiptOutcome> outcomes =
        queues()
            .changeVisibility(
                queue.id(),
                List.of(
                    new VisibilityChange(receipt(received.get(0)), at(1)),
                    new VisibilityChange(receipt(received.get(1)), at(300))),
                T0);

    assertThat(outcomes).containsExactly(ReceiptOutcome.DONE, ReceiptOutcome.DONE);
    assertThat(bodies(receive(queue, at(1), 10))).containsExactly("a");
    assertThat(bodies(receive(queue, at(299), 10))).doesNotContain("b");
    assertThat(bodies(receive(queue, at(300), 10))).contains("b");
  }

  @Test
  void changeVisibilityReportsStaleNotInFlightAndNotFound() {
    QueueRecord queue = createQueue("orders");
    sendEach(queue, "a", "b");
    StoredMessage a = receive(queue, T0, 1).messages().getFirst();
    StoredMessage b = receive(queue, T0, 1).messages().getFirst();
    StoredMessage aAgain = receive(queue, T0.plus(VISIBILITY), 1).messages().getFirst();
    Instant afterB = T0.plus(VISIBILITY).plusSeconds(1);

    List<ReceiptOutcome> outcomes =
        queues()
            .changeVisibility(
                queue.id(),
                List.of(
                    new VisibilityChange(receipt(a), afterB.plusSeconds(60)),
                    new VisibilityChange(receipt(b), afterB.plusSeconds(60)),
                    new VisibilityChange(new Receipt(999_999, 1), afterB.plusSeconds(60)),
                    new VisibilityChange(receipt(aAgain), afterB.plusSeconds(60))),
                afterB);

    assertThat(outcomes)
        .containsExactly(
            ReceiptOutcome.STALE_RECEIPT,
            ReceiptOutcome.NOT_IN_FLIGHT,
            ReceiptOutcome.NOT_FOUND,
            ReceiptOutcome.DONE);
  }

  @Test
  void purgeDeletesEveryMessageOfTheQueueOnly() {
    QueueRecord queue = createQueue("orders");
    QueueRecord other = createQueue("other");
    sendEach(queue, "a", "b", "c");
    sendEach(other, "x");
    receive(queue, T0, 1);

    long purged = queues().purge(queue.id());

    assertThat(purged).isEqualTo(3);
    assertThat(receive(queue, at(3600), 10).messages()).isEmpty();
    assertThat(bodies(receive(other, T0, 10))).containsExactly("x");
  }

  @Test
  void statsCountVisibleInFlightAndDelayedMessages() {
    QueueRecord queue = createQueue("orders");
    sendEach(queue, "a", "b", "c");
    queues().send(queue.id(), List.of(message("late", T0, at(100))));
    receive(queue, T0, 1);

    QueueStats stats = queues().stats(queue.id(), at(1), Instant.EPOCH);
    QueueStats later = queues().stats(queue.id(), at(100), Instant.EPOCH);

    assertThat(stats).isEqualTo(new QueueStats(2, 1, 1));
    assertThat(later).isEqualTo(new QueueStats(4, 0, 0));
  }

  @Test
  void statsIgnoreMessagesPastRetention() {
    QueueRecord queue = createQueue("orders");
    queues().send(queue.id(), List.of(message("old", T0, T0), message("new", at(60), at(60))));

    QueueStats stats = queues().stats(queue.id(), at(61), at(30));

    assertThat(stats).isEqualTo(new QueueStats(1, 0, 0));
  }

  /** The receipt of a received message. */
  protected static Receipt receipt(StoredMessage message) {
    return new Receipt(message.sequence(), message.receiptToken());
  }
}
