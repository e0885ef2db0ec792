package dev.docket.queues;

import dev.docket.policy.PolicyEnforcement;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the queue service. Immutable; the constructor validates every component.
 *
 * @param longPollSlice the longest a long poll sleeps before it asks the store again even without a
 *     wake-up (messages sent by another node wake nobody here)
 * @param moveTaskBatchSize how many messages a message move task moves per store call
 * @param maximumMessageSizeCap the largest MaximumMessageSize a queue may have (SQS: 1 MiB)
 * @param defaultMaximumMessageSize MaximumMessageSize of a queue created without one (SQS: 1 MiB)
 * @param purgeInterval how long after a purge another purge of the same queue is refused
 * @param deliveryPolicies how deliveries by other services into queues are checked against the
 *     queues' policies (configuration {@code auth.policy-enforcement})
 */
public record QueuesConfig(
    Duration longPollSlice,
    int moveTaskBatchSize,
    int maximumMessageSizeCap,
    int defaultMaximumMessageSize,
    Duration purgeInterval,
    PolicyEnforcement deliveryPolicies) {

  /** The smallest MaximumMessageSize SQS allows. */
  public static final int MINIMUM_MESSAGE_SIZE = 1024;

  /** Validates the settings. */
  public QueuesConfig {
    Objects.requireNonNull(longPollSlice, "longPollSlice");
    Objects.requireNonNull(purgeInterval, "purgeInterval");
    Objects.requireNonNull(deliveryPolicies, "deliveryPolicies");
    if (longPollSlice.isNegative() || longPollSlice.isZero()) {
      throw new IllegalArgumentException(
          "longPollSlice must be positive, but was " + longPollSlice);
    }
    if (purgeInterval.isNegative()) {
      throw new IllegalArgumentException(
          "purgeInterval must not be negative, but was " + purgeInterval);
    }
    if (moveTaskBatchSize < 1 || moveTaskBatchSize > 10_000) {
      throw new IllegalArgumentException(
          "moveTaskBatchSize must be between 1 and 10000, but was " + moveTaskBatchSize);
    }
    if (maximumMessageSizeCap < MINIMUM_MESSAGE_SIZE || maximumMessageSizeCap > 1_048_576) {
      throw new IllegalArgumentException(
          "maximumMessageSizeCap must be between 1024 and 1048576, but was "
              + maximumMessageSizeCap);
    }
    if (defaultMaximumMessageSize < MINIMUM_MESSAGE_SIZE
        || defaultMaximumMessageSize > maximumMessageSizeCap) {
      throw new IllegalArgumentException(
          "defaultMaximumMessageSize must be between 1024 and "
              + maximumMessageSizeCap
              + ", but was "
              + defaultMaximumMessageSize);
    }
  }

  /** SQS's own limits: 1 MiB cap, 256 KiB default, purges 60 s apart; 1 s long-poll slices. */
  public static QueuesConfig defaults() {
    return new QueuesConfig(
        Duration.ofSeconds(1),
        100,
        1_048_576,
        1_048_576,
        Duration.ofSeconds(60),
        PolicyEnforcement.ACCOUNTS);
  }

  /** These settings with deliveries into queues checked as {@code enforcement} says. */
  public QueuesConfig withDeliveryPolicies(PolicyEnforcement enforcement) {
    return new QueuesConfig(
        longPollSlice,
        moveTaskBatchSize,
        maximumMessageSizeCap,
        defaultMaximumMessageSize,
        purgeInterval,
        enforcement);
  }
}
