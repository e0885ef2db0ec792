package dev.docket.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One claim of visible messages from a queue, done atomically.
 *
 * <p>In one transaction the store: deletes the queue's messages sent before {@code
 * retentionCutoff}; walks the visible messages ({@code visibleAt <= now}), earliest visible first
 * and in sequence order among equals (a FIFO queue: strictly in sequence order), so that a standard
 * receive never sorts the backlog; moves each whose receive count already reached the redrive's
 * {@code maxReceiveCount} to the dead-letter queue (visible there at once, receive count reset to
 * 0, sentAt kept, source queue recorded); and claims up to {@code maxMessages} others: receive
 * count + 1, first-received time set if unset, a new receipt token, invisible until {@code now +
 * visibilityTimeout}.
 *
 * <p>For a FIFO queue a message group with a message in flight (received and not yet visible again)
 * yields nothing, and within a group messages are claimed strictly in sequence order.
 *
 * @param queueId the queue
 * @param now the time of the receive
 * @param maxMessages at most this many messages, 1..10 for SQS (the store accepts any positive)
 * @param visibilityTimeout how long claimed messages stay invisible
 * @param fifo whether to apply FIFO group semantics
 * @param redrive where dead letters go, if the queue has a redrive policy
 * @param retentionCutoff messages sent before this instant have expired
 */
public record ReceiveRequest(
    long queueId,
    Instant now,
    int maxMessages,
    Duration visibilityTimeout,
    boolean fifo,
    Optional<Redrive> redrive,
    Instant retentionCutoff) {

  /** Checks the components. */
  public ReceiveRequest {
    Objects.requireNonNull(now, "now");
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be positive, but was " + maxMessages);
    }
    Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
    Objects.requireNonNull(redrive, "redrive");
    Objects.requireNonNull(retentionCutoff, "retentionCutoff");
  }

  /**
   * A redrive policy as the store applies it.
   *
   * @param deadLetterQueueId the dead-letter queue
   * @param maxReceiveCount a message received this many times moves on its next receive
   */
  public record Redrive(long deadLetterQueueId, int maxReceiveCount) {}
}
