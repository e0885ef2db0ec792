package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.NewMessage;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStore.VisibilityChange;
import dev.docket.store.Receipt;
import dev.docket.store.ReceiveResult;
import dev.docket.store.SendResult;
import dev.docket.store.StoredMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** FIFO queues: message groups and deduplication. */
public abstract class FifoQueueStoreContract extends StoreContract {

  @Test
  void groupWithAMessageInFlightYieldsNothingWhileOtherGroupsFlow() {
    QueueRecord queue = createQueue("orders.fifo");
    send(queue, fifoMessage("a1", "a", "d1", T0), fifoMessage("a2", "a", "d2", T0));
    send(queue, fifoMessage("b1", "b", "d3", T0));

    ReceiveResult first = receive(queue, T0, 1);
    ReceiveResult second = receive(queue, at(1), 10);
    ReceiveResult third = receive(queue, at(2), 10);

    assertThat(bodies(first)).containsExactly("a1");
    assertThat(bodies(second)).containsExactly("b1");
    assertThat(third.messages()).isEmpty();
    assertThat(third.nextVisibleAt()).contains(T0.plus(VISIBILITY));
  }

  @Test
  void messagesOfAGroupAreClaimedInSequenceOrder() {
    QueueRecord queue = createQueue("orders.fifo");
    send(
        queue,
        fifoMessage("1", "g", "d1", T0),
        fifoMessage("2", "g", "d2", T0),
        fifoMessage("3", "g", "d3", T0));

    StoredMessage one = receive(queue, T0, 1).messages().getFirst();
    queues().delete(queue.id(), List.of(receipt(one)));
    ReceiveResult rest = receive(queue, at(1), 10);

    assertThat(one.body()).isEqualTo("1");
    assertThat(bodies(rest)).containsExactly("2", "3");
    assertThat(rest.messages()).extracting(StoredMessage::groupId).containsOnly(Optional.of("g"));
  }

  @Test
  void groupComesBackInOrderWhenItsVisibilityTimeoutExpires() {
    QueueRecord queue = createQueue("orders.fifo");
    send(queue, fifoMessage("1", "g", "d1", T0), fifoMessage("2", "g", "d2", T0));
    receive(queue, T0, 1);

    ReceiveResult again = receive(queue, T0.plus(VISIBILITY), 10);

    assertThat(bodies(again)).containsExactly("1", "2");
    assertThat(again.messages().getFirst().receiveCount()).isEqualTo(2);
  }

  @Test
  void earlierMessageWhoseVisibilityEndedIsReturnedWhileALaterOneStaysInFlight() {
    QueueRecord queue = createQueue("orders.fifo");
    send(queue, fifoMessage("1", "g", "d1", T0), fifoMessage("2", "g", "d2", T0));
    List<StoredMessage> both = receive(queue, T0, 10).messages();
    queues()
        .changeVisibility(
            queue.id(), List.of(new VisibilityChange(receipt(both.get(0)), at(1))), T0);

    ReceiveResult result = receive(queue, at(1), 10);

    // as SQS answers: an in-flight message holds back only the messages after it
    assertThat(bodies(result)).containsExactly("1");
  }

  @Test
  void groupWhoseFirstMessageIsDelayedYieldsNothing() {
    QueueRecord queue = createQueue("orders.fifo");
    NewMessage delayed =
        new NewMessage(
            "m1", "1", "{}", T0, at(10), Optional.of("g"), Optional.of("d1"), Optional.of(T0));
    send(queue, delayed, fifoMessage("2", "g", "d2", T0), fifoMessage("x", "other", "d3", T0));

    ReceiveResult early = receive(queue, T0, 10);
    ReceiveResult due = receive(queue, at(10), 10);

    assertThat(bodies(early)).containsExactly("x");
    assertThat(bodies(due)).containsExactly("1", "2");
  }

  @Test
  void longBlockedGroupDoesNotHideLaterGroups() {
    QueueRecord queue = createQueue("orders.fifo");
    List<NewMessage> blocked = new ArrayList<>();
    blocked.add(
        new NewMessage(
            "m0", "a0", "{}", T0, at(10), Optional.of("a"), Optional.of("a0"), Optional.of(T0)));
    for (int i = 1; i <= 1_200; i++) {
      blocked.add(fifoMessage("a" + i, "a", "a" + i, T0));
    }
    queues().send(queue.id(), blocked);
    send(queue, fifoMessage("b1", "b", "b1", T0));

    ReceiveResult result = receive(queue, T0, 10);

    assertThat(bodies(result)).containsExactly("b1");
  }

  @Test
  void duplicateWithinTheWindowReturnsTheEarlierMessageAndIsNotStored() {
    QueueRecord queue = createQueue("orders.fifo");
    SendResult original = send(queue, fifoMessage("first", "g", "same", T0)).getFirst();

    SendResult duplicate = send(queue, fifoMessage("second", "g", "same", at(60))).getFirst();

    assertThat(duplicate.duplicate()).isTrue();
    assertThat(duplicate.sequence()).isEqualTo(original.sequence());
    assertThat(duplicate.messageId()).isEqualTo(original.messageId());
    assertThat(bodies(receive(queue, at(61), 10))).containsExactly("first");
  }

  @Test
  void duplicateWithinOneBatchIsDetected() {
    QueueRecord queue = createQueue("orders.fifo");

    List<SendResult> results =
        send(queue, fifoMessage("first", "g", "same", T0), fifoMessage("second", "g", "same", T0));

    assertThat(results.get(1).duplicate()).isTrue();
    assertThat(results.get(1).messageId()).isEqualTo(results.get(0).messageId());
    assertThat(bodies(receive(queue, T0, 10))).containsExactly("first");
  }

  @Test
  void sameDeduplicationIdAfterTheWindowIsStoredAgain() {
    QueueRecord queue = createQueue("orders.fifo");
    SendResult original = send(queue, fifoMessage("first", "g", "same", T0)).getFirst();

    SendResult later =
        send(queue, fifoMessage("second", "g", "same", T0.plus(Duration.ofMinutes(6)))).getFirst();

    assertThat(later.duplicate()).isFalse();
    assertThat(later.sequence()).isGreaterThan(original.sequence());
  }

  @Test
  void deduplicationSurvivesDeletionOfTheFirstMessage() {
    QueueRecord queue = createQueue("orders.fifo");
    SendResult original = send(queue, fifoMessage("first", "g", "same", T0)).getFirst();
    StoredMessage received = receive(queue, T0, 1).messages().getFirst();
    queues().delete(queue.id(), List.of(receipt(received)));

    SendResult again = send(queue, fifoMessage("again", "g", "same", at(10))).getFirst();

    assertThat(again.duplicate()).isTrue();
    assertThat(again.messageId()).isEqualTo(original.messageId());
    assertThat(receive(queue, at(11), 10).messages()).isEmpty();
  }

  @Test
  void deduplicationIsPerQueue() {
    QueueRecord one = createQueue("one.fifo");
    QueueRecord two = createQueue("two.fifo");
    send(one, fifoMessage("a", "g", "same", T0));

    SendResult other = send(two, fifoMessage("b", "g", "same", T0)).getFirst();

    assertThat(other.duplicate()).isFalse();
  }

  private List<SendResult> send(QueueRecord queue, NewMessage... messages) {
    return queues().send(queue.id(), List.of(messages));
  }

  private static Receipt receipt(StoredMessage message) {
    return new Receipt(message.sequence(), message.receiptToken());
  }
}
