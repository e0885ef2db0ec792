package dev.docket.delivery;

/**
 * What a {@link DeliveryEngine} has done since it was created (counters are not persisted).
 * Immutable snapshot.
 *
 * @param delivered attempts that succeeded
 * @param retried failed attempts parked for a later retry
 * @param deadLettered deliveries handed to their dead-letter queue
 * @param dropped deliveries given up without reaching a dead-letter queue: none was configured, or
 *     sending to it failed (EventBridge drops those too)
 * @param deadLetterFailures attempts to send to a dead-letter queue that failed (each is also
 *     counted in {@code dropped}; EventBridge's {@code InvocationsFailedToBeSentToDlq})
 */
public record DeliveryStats(
    long delivered, long retried, long deadLettered, long dropped, long deadLetterFailures) {

  /** No activity. */
  public static final DeliveryStats NONE = new DeliveryStats(0, 0, 0, 0, 0);
}
