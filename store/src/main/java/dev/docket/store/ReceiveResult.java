package dev.docket.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a receive claimed.
 *
 * @param messages the claimed messages, in sequence order
 * @param movedToDeadLetterQueue how many messages this receive moved to the dead-letter queue
 * @param expired how many messages this receive deleted as past retention
 * @param nextVisibleAt when nothing was claimed: the earliest time a message of the queue becomes
 *     visible, if any is waiting (delayed or in flight); lets long polls sleep exactly that long
 */
public record ReceiveResult(
    List<StoredMessage> messages,
    int movedToDeadLetterQueue,
    int expired,
    Optional<Instant> nextVisibleAt) {

  /** Copies the list. */
  public ReceiveResult {
    messages = List.copyOf(messages);
  }
}
