package dev.docket.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message to append to a queue.
 *
 * @param messageId the id returned to the sender (a UUID chosen by the service)
 * @param body the message body
 * @param attributes opaque to the store: the service's encoding of message attributes, system
 *     attributes and digests, returned unchanged on receive
 * @param sentAt when the send was accepted
 * @param visibleAt when the message may first be received (sentAt plus any delay)
 * @param groupId FIFO message group, empty for standard queues
 * @param deduplicationId FIFO deduplication id, empty for standard queues
 * @param deduplicationWindowStart with a deduplication id: an earlier message of the same queue and
 *     id sent at or after this instant makes this one a duplicate, which is not stored
 */
public record NewMessage(
    String messageId,
    String body,
    String attributes,
    Instant sentAt,
    Instant visibleAt,
    Optional<String> groupId,
    Optional<String> deduplicationId,
    Optional<Instant> deduplicationWindowStart) {

  /** Checks required components. */
  public NewMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(visibleAt, "visibleAt");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(deduplicationId, "deduplicationId");
    Objects.requireNonNull(deduplicationWindowStart, "deduplicationWindowStart");
  }
}
