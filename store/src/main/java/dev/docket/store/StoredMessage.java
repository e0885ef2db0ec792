package dev.docket.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message as stored, as returned by a receive.
 *
 * @param queueId the queue holding it now
 * @param sequence store-assigned sequence number, unique across the store
 * @param messageId the id given to the sender
 * @param body the body
 * @param attributes the opaque attribute encoding given at send
 * @param sentAt when it was first sent (kept when moved to a dead-letter queue)
 * @param receiveCount how many times it has been received, this receive included
 * @param firstReceivedAt when it was first received, if ever
 * @param receiptToken changes at every receive; deletes and visibility changes must present the
 *     current one
 * @param groupId FIFO message group
 * @param deduplicationId FIFO deduplication id
 * @param deadLetterSourceQueueId the queue it was moved from as a dead letter, if it was
 */
public record StoredMessage(
    long queueId,
    long sequence,
    String messageId,
    String body,
    String attributes,
    Instant sentAt,
    int receiveCount,
    Optional<Instant> firstReceivedAt,
    long receiptToken,
    Optional<String> groupId,
    Optional<String> deduplicationId,
    Optional<Long> deadLetterSourceQueueId) {

  /** Checks required components. */
  public StoredMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(firstReceivedAt, "firstReceivedAt");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(deduplicationId, "deduplicationId");
    Objects.requireNonNull(deadLetterSourceQueueId, "deadLetterSourceQueueId");
  }
}
