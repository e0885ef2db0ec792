package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.NewMessage;
import dev.docket.store.QueueRecord;
import dev.docket.store.ReceiveRequest;
import dev.docket.store.ReceiveResult;
import dev.docket.store.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Dead-letter queues: the move on receive after maxReceiveCount, and redrive out of a DLQ. */
public abstract class DeadLetterContract extends StoreContract {

  @Test
  void messageReceivedMaxReceiveCountTimesMovesToTheDeadLetterQueueOnTheNextReceive() {
    QueueRecord source = createQueue("orders");
    QueueRecord dlq = createQueue("orders-dlq");
    var sent = message("poison");
    queues().send(source.id(), List.of(sent));
    receiveWithRedrive(source, dlq, T0);
    receiveWithRedrive(source, dlq, T0.plus(VISIBILITY));

    ReceiveResult third = receiveWithRedrive(source, dlq, T0.plus(VISIBILITY.multipliedBy(2)));
    StoredMessage dead = receive(dlq, at(100), 10).messages().getFirst();

    assertThat(third.messages()).isEmpty();
    assertThat(third.movedToDeadLetterQueue()).isEqualTo(1);
    assertThat(dead.queueId()).isEqualTo(dlq.id());
    assertThat(dead.messageId()).isEqualTo(sent.messageId());
    assertThat(dead.body()).isEqualTo("poison");
    assertThat(dead.attributes()).isEqualTo(sent.attributes());
    assertThat(dead.sentAt()).isEqualTo(T0);
    // it keeps its two receives from the source queue, as SQS's dead letters do
    assertThat(dead.receiveCount()).isEqualTo(3);
    assertThat(dead.firstReceivedAt()).contains(T0);
    assertThat(dead.deadLetterSourceQueueId()).contains(source.id());
  }

  @Test
  void movedMessageIsVisibleInTheDeadLetterQueueAtOnceAndOthersAreStillClaimed() {
    QueueRecord source = createQueue("orders");
    QueueRecord dlq = createQueue("orders-dlq");
    sendEach(source, "poison");
    receiveWithRedrive(source, dlq, T0);
    receiveWithRedrive(source, dlq, T0.plus(VISIBILITY));
    sendEach(source, "fine");

    ReceiveResult third = receiveWithRedrive(source, dlq, T0.plus(VISIBILITY.multipliedBy(2)));

    assertThat(bodies(third)).containsExactly("fine");
    assertThat(third.movedToDeadLetterQueue()).isEqualTo(1);
    assertThat(
            queues().stats(dlq.id(), T0.plus(VISIBILITY.multipliedBy(2)), Instant.EPOCH).visible())
        .isEqualTo(1);
  }

  @Test
  void receiveMovesEveryDeadLetterItWalksPastAndStillFillsTheBatch() {
    QueueRecord source = createQueue("orders");
    QueueRecord dlq = createQueue("orders-dlq");
    List<NewMessage> poison = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      poison.add(message("poison-" + i));
    }
    queues().send(source.id(), poison);
    receiveWithRedrive(source, dlq, T0, 100);
    receiveWithRedrive(source, dlq, T0.plus(VISIBILITY), 100);
    Instant third = T0.plus(VISIBILITY.multipliedBy(2));
    queues()
        .send(
            source.id(), List.of(message("fine-1", third, third), message("fine-2", third, third)));

    ReceiveResult result = receiveWithRedrive(source, dlq, third, 2);

    assertThat(result.movedToDeadLetterQueue()).isEqualTo(100);
    assertThat(bodies(result)).containsExactly("fine-1", "fine-2");
  }

  @Test
  void fifoMessageReceivedTooOftenMovesAndTheNextOfItsGroupIsClaimed() {
    QueueRecord source = createQueue("orders.fifo");
    QueueRecord dlq = createQueue("orders-dlq.fifo");
    queues()
        .send(
            source.id(), List.of(fifoMessage("1", "g", "d1", T0), fifoMessage("2", "g", "d2", T0)));
    for (int i = 0; i < 2; i++) {
      receiveFifoWithRedrive(source, dlq, T0.plus(VISIBILITY.multipliedBy(i)), 1);
    }

    ReceiveResult third =
        receiveFifoWithRedrive(source, dlq, T0.plus(VISIBILITY.multipliedBy(2)), 1);
    StoredMessage dead = receive(dlq, at(100), 10).messages().getFirst();

    assertThat(third.movedToDeadLetterQueue()).isEqualTo(1);
    assertThat(bodies(third)).containsExactly("2");
    assertThat(dead.body()).isEqualTo("1");
    assertThat(dead.groupId()).contains("g");
  }

  @Test
  void redriveWithoutDestinationMovesMessagesBackToTheirSourceQueues() {
    QueueRecord source = createQueue("orders");
    QueueRecord dlq = createQueue("orders-dlq");
    deadLetter(source, dlq, "poison");

    int moved = queues().redrive(dlq.id(), Optional.empty(), 10, at(200));
    StoredMessage back = receive(source, at(200), 10).messages().getFirst();

    assertThat(moved).isEqualTo(1);
    assertThat(back.body()).isEqualTo("poison");
    assertThat(back.receiveCount()).isEqualTo(1);
    assertThat(back.sentAt()).isEqualTo(T0);
    assertThat(receive(dlq, at(200), 10).messages()).isEmpty();
  }

  @Test
  void redriveToADestinationMovesMessagesThere() {
    QueueRecord source = createQueue("orders");
    QueueRecord dlq = createQueue("orders-dlq");
    QueueRecord elsewhere = createQueue("elsewhere");
    deadLetter(source, dlq, "poison");
    sendEach(dlq, "direct");

    int moved = queues().redrive(dlq.id(), Optional.of(elsewhere.id()), 10, at(200));

    assertThat(moved).isEqualTo(2);
    assertThat(bodies(receive(elsewhere, at(200), 10))).containsExactly("poison", "direct");
    assertThat(receive(source, at(200), 10).messages()).isEmpty();
  }

  @Test
  void redriveLeavesMessagesWithoutARecordedSource() {
    QueueRecord dlq = createQueue("orders-dlq");
    sendEach(dlq, "direct");

    int moved = queues().redrive(dlq.id(), Optional.empty(), 10, at(1));

    assertThat(moved).isZero();
    assertThat(bodies(receive(dlq, at(1), 10))).containsExactly("direct");
  }

  @Test
  void redriveMovesAtMostLimitOldestFirst() {
    QueueRecord dlq = createQueue("orders-dlq");
    QueueRecord target = createQueue("target");
    sendEach(dlq, "1", "2", "3");

    int moved = queues().redrive(dlq.id(), Optional.of(target.id()), 2, at(1));

    assertThat(moved).isEqualTo(2);
    assertThat(bodies(receive(target, at(1), 10))).containsExactly("1", "2");
    assertThat(bodies(receive(dlq, at(1), 10))).containsExactly("3");
  }

  private ReceiveResult receiveWithRedrive(QueueRecord source, QueueRecord dlq, Instant now) {
    return receiveWithRedrive(source, dlq, now, 10);
  }

  private ReceiveResult receiveWithRedrive(
      QueueRecord source, QueueRecord dlq, Instant now, int max) {
    return queues()
        .receive(
            new ReceiveRequest(
                source.id(),
                now,
                max,
                VISIBILITY,
                false,
                Optional.of(new ReceiveRequest.Redrive(dlq.id(), 2)),
                Instant.EPOCH));
  }

  private ReceiveResult receiveFifoWithRedrive(
      QueueRecord source, QueueRecord dlq, Instant now, int max) {
    return queues()
        .receive(
            new ReceiveRequest(
                source.id(),
                now,
                max,
                VISIBILITY,
                true,
                Optional.of(new ReceiveRequest.Redrive(dlq.id(), 2)),
                Instant.EPOCH));
  }

  /** Sends a message to {@code source} and receives it until it lands in {@code dlq}. */
  private void deadLetter(QueueRecord source, QueueRecord dlq, String body) {
    sendEach(source, body);
    for (int i = 0; i < 3; i++) {
      receiveWithRedrive(source, dlq, T0.plus(VISIBILITY.multipliedBy(i)));
    }
    assertThat(queues().stats(dlq.id(), at(100), Instant.EPOCH).visible()).isEqualTo(1);
  }
}
