package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.MoveTaskRecord;
import dev.docket.store.QueueRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Queues and move tasks: create-if-absent, lookups, listing, update, delete. */
public abstract class QueueStoreContract extends StoreContract {

  @Test
  void createQueueAssignsAnIdAndKeepsEveryField() {
    QueueRecord queue =
        new QueueRecord(
            0,
            ACCOUNT,
            "orders.fifo",
            true,
            Map.of("DelaySeconds", "5"),
            Map.of("team", "a"),
            T0,
            at(1));

    QueueRecord created = queues().createQueue(queue);

    assertThat(created.id()).isPositive();
    assertThat(created).isEqualTo(queue.withId(created.id()));
    assertThat(queues().queue(created.id())).contains(created);
    assertThat(queues().queue(ACCOUNT, "orders.fifo")).contains(created);
  }

  @Test
  void createQueueReturnsTheExistingQueueUnchanged() {
    QueueRecord first = createQueue("orders");
    QueueRecord again =
        new QueueRecord(
            0, ACCOUNT, "orders", false, Map.of("DelaySeconds", "9"), Map.of(), at(5), at(5));

    QueueRecord result = queues().createQueue(again);

    assertThat(result).isEqualTo(first);
  }

  @Test
  void queueOfAnotherAccountIsAnotherQueue() {
    QueueRecord mine = createQueue("orders");

    QueueRecord theirs =
        queues()
            .createQueue(
                new QueueRecord(0, "111111111111", "orders", false, Map.of(), Map.of(), T0, T0));

    assertThat(theirs.id()).isNotEqualTo(mine.id());
    assertThat(queues().queue("111111111111", "orders")).contains(theirs);
  }

  @Test
  void missingQueuesAreEmpty() {
    assertThat(queues().queue(ACCOUNT, "nope")).isEmpty();
    assertThat(queues().queue(424242L)).isEmpty();
  }

  @Test
  void listQueuesReturnsTheAccountsQueuesByPrefixInNameOrder() {
    createQueue("b-orders");
    createQueue("a-orders");
    createQueue("a-invoices");
    createQueue("c");
    queues()
        .createQueue(new QueueRecord(0, "111111111111", "a-x", false, Map.of(), Map.of(), T0, T0));

    List<String> all = names(queues().listQueues(ACCOUNT, "", "", 100));
    List<String> prefixed = names(queues().listQueues(ACCOUNT, "a-", "", 100));

    assertThat(all).containsExactly("a-invoices", "a-orders", "b-orders", "c");
    assertThat(prefixed).containsExactly("a-invoices", "a-orders");
  }

  @Test
  void listQueuesPagesAfterTheGivenName() {
    for (String name : List.of("q1", "q2", "q3", "q4", "q5")) {
      createQueue(name);
    }

    List<String> first = names(queues().listQueues(ACCOUNT, "q", "", 2));
    List<String> second = names(queues().listQueues(ACCOUNT, "q", first.getLast(), 2));
    List<String> last = names(queues().listQueues(ACCOUNT, "q", "q4", 2));

    assertThat(first).containsExactly("q1", "q2");
    assertThat(second).containsExactly("q3", "q4");
    assertThat(last).containsExactly("q5");
  }

  @Test
  void updateQueueReplacesAttributesAndTags() {
    QueueRecord queue = createQueue("orders");

    Optional<QueueRecord> updated =
        queues()
            .updateQueue(queue.id(), Map.of("VisibilityTimeout", "60"), Map.of("k", "v"), at(9));

    assertThat(updated).isPresent();
    assertThat(updated.get().attributes()).isEqualTo(Map.of("VisibilityTimeout", "60"));
    assertThat(updated.get().tags()).isEqualTo(Map.of("k", "v"));
    assertThat(updated.get().lastModifiedAt()).isEqualTo(at(9));
    assertThat(updated.get().createdAt()).isEqualTo(T0);
    assertThat(queues().queue(queue.id())).isEqualTo(updated);
  }

  @Test
  void updateOfAMissingQueueIsEmpty() {
    assertThat(queues().updateQueue(424242L, Map.of(), Map.of(), T0)).isEmpty();
  }

  @Test
  void deleteQueueRemovesItOnce() {
    QueueRecord queue = createQueue("orders");

    boolean deleted = queues().deleteQueue(queue.id());
    boolean again = queues().deleteQueue(queue.id());

    assertThat(deleted).isTrue();
    assertThat(again).isFalse();
    assertThat(queues().queue(queue.id())).isEmpty();
    assertThat(queues().queue(ACCOUNT, "orders")).isEmpty();
  }

  @Test
  void queueDeletedAndCreatedAgainNeverShowsOldMessages() {
    QueueRecord old = createQueue("orders");
    sendEach(old, "old-1", "old-2");

    queues().deleteQueue(old.id());
    QueueRecord renewed = createQueue("orders");

    assertThat(renewed.id()).isNotEqualTo(old.id());
    assertThat(receive(renewed, at(1), 10).messages()).isEmpty();
    assertThat(receive(old, at(1), 10).messages()).isEmpty();
    assertThat(queues().stats(renewed.id(), at(1), T0.minusSeconds(1)).visible()).isZero();
  }

  @Test
  void moveTasksAreListedMostRecentFirstAndReplacedByHandle() {
    QueueRecord dlq = createQueue("dlq");
    MoveTaskRecord older = task("h1", dlq.id(), "COMPLETED", T0);
    MoveTaskRecord newer = task("h2", dlq.id(), "RUNNING", at(60));
    queues().saveMoveTask(older);
    queues().saveMoveTask(newer);

    MoveTaskRecord progressed =
        new MoveTaskRecord(
            "h2",
            dlq.id(),
            newer.sourceArn(),
            Optional.of("arn:aws:sqs:us-east-1:0:dest"),
            Optional.of(10),
            "RUNNING",
            7,
            20,
            Optional.empty(),
            at(60));
    queues().saveMoveTask(progressed);

    assertThat(queues().moveTasks(dlq.id())).containsExactly(progressed, older);
    assertThat(queues().moveTasks(dlq.id() + 1000)).isEmpty();
  }

  @Test
  void activeMoveTasksAreThoseRunningOrCancelling() {
    QueueRecord dlq = createQueue("dlq");
    MoveTaskRecord running = task("h1", dlq.id(), "RUNNING", T0);
    MoveTaskRecord cancelling = task("h2", dlq.id(), "CANCELLING", at(1));
    queues().saveMoveTask(running);
    queues().saveMoveTask(cancelling);
    queues().saveMoveTask(task("h3", dlq.id(), "COMPLETED", at(2)));
    queues().saveMoveTask(task("h4", dlq.id(), "CANCELLED", at(3)));
    queues()
        .saveMoveTask(
            new MoveTaskRecord(
                "h5",
                dlq.id(),
                "arn",
                Optional.empty(),
                Optional.empty(),
                "FAILED",
                0,
                1,
                Optional.of("boom"),
                at(4)));

    assertThat(queues().activeMoveTasks()).containsExactlyInAnyOrder(running, cancelling);
  }

  @Test
  void deleteQueueRemovesItsMoveTasks() {
    QueueRecord dlq = createQueue("dlq");
    queues().saveMoveTask(task("h1", dlq.id(), "RUNNING", T0));

    queues().deleteQueue(dlq.id());

    assertThat(queues().moveTasks(dlq.id())).isEmpty();
    assertThat(queues().activeMoveTasks()).isEmpty();
  }

  private static MoveTaskRecord task(
      String handle, long source, String status, java.time.Instant at) {
    return new MoveTaskRecord(
        handle,
        source,
        "arn:aws:sqs:us-east-1:000000000000:dlq",
        Optional.empty(),
        Optional.empty(),
        status,
        0,
        3,
        Optional.empty(),
        at);
  }

  private static List<String> names(List<QueueRecord> queues) {
    return queues.stream().map(QueueRecord::name).toList();
  }
}
