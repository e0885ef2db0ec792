package dev.docket.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queues and their messages. Every method is thread-safe; every write is durable on return.
 *
 * <p>Queues are addressed by their store id so that a queue deleted and created again under the
 * same name never sees the old queue's messages.
 */
public interface QueueStore {

  /**
   * Creates a queue unless one of the same account and name exists.
   *
   * @return the new queue with its id, or the existing queue unchanged
   */
  QueueRecord createQueue(QueueRecord queue);

  /** The queue of this account and name, if it exists. */
  Optional<QueueRecord> queue(String accountId, String name);

  /** The queue with this id, if it exists. */
  Optional<QueueRecord> queue(long queueId);

  /**
   * Queues of an account in name order.
   *
   * @param namePrefix only names starting with this ("" for all)
   * @param afterName only names after this one ("" to start at the beginning)
   * @param limit at most this many
   */
  List<QueueRecord> listQueues(String accountId, String namePrefix, String afterName, int limit);

  /**
   * Replaces a queue's attributes and tags.
   *
   * @return the updated queue, empty if it no longer exists
   */
  Optional<QueueRecord> updateQueue(
      long queueId, Map<String, String> attributes, Map<String, String> tags, Instant modifiedAt);

  /** Deletes a queue with all its messages and move tasks; false if it did not exist. */
  boolean deleteQueue(long queueId);

  /**
   * Appends messages to a queue in one durable commit, in list order (so a batch keeps its order).
   * FIFO duplicates within their deduplication window are not stored; their result names the
   * earlier message.
   */
  List<SendResult> send(long queueId, List<NewMessage> messages);

  /** Claims visible messages; see {@link ReceiveRequest} for the exact semantics. */
  ReceiveResult receive(ReceiveRequest request);

  /** Deletes received messages; one outcome per receipt, in order. */
  List<ReceiptOutcome> delete(long queueId, List<Receipt> receipts);

  /**
   * Deletes received messages that are still in flight at {@code now}, as a FIFO queue does: a
   * current receipt whose visibility timeout has ended deletes nothing and is {@link
   * ReceiptOutcome#NOT_IN_FLIGHT}; otherwise as {@link #delete}.
   */
  List<ReceiptOutcome> deleteInFlight(long queueId, List<Receipt> receipts, Instant now);

  /**
   * Sets when received messages become visible again; one outcome per change, in order. A message
   * whose visibility timeout has expired is {@link ReceiptOutcome#NOT_IN_FLIGHT} at {@code now}.
   */
  List<ReceiptOutcome> changeVisibility(long queueId, List<VisibilityChange> changes, Instant now);

  /** Deletes every message of a queue; returns how many. */
  long purge(long queueId);

  /** Approximate counts at {@code now}, ignoring messages sent before {@code retentionCutoff}. */
  QueueStats stats(long queueId, Instant now, Instant retentionCutoff);

  /**
   * Moves up to {@code limit} visible messages out of a dead-letter queue, oldest first, each to
   * {@code destinationQueueId} or, when empty, to the queue it was dead-lettered from (messages
   * with no recorded source stay). Moved messages are visible at once with receive count 0.
   *
   * @return how many moved
   */
  int redrive(long fromQueueId, Optional<Long> destinationQueueId, int limit, Instant now);

  /** Inserts or replaces a move task, keyed by its handle. */
  void saveMoveTask(MoveTaskRecord task);

  /** Move tasks whose source is this queue, most recent first. */
  List<MoveTaskRecord> moveTasks(long sourceQueueId);

  /** Every move task in RUNNING or CANCELLING state (to resume them after a restart). */
  List<MoveTaskRecord> activeMoveTasks();

  /**
   * A change of visibility for one received message.
   *
   * @param receipt the message and its receipt token
   * @param visibleAt when it becomes visible again ({@code now} makes it visible at once)
   */
  record VisibilityChange(Receipt receipt, Instant visibleAt) {}
}
