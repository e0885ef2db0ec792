package dev.docket.delivery;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A delivery with what the engine needs to retry it and dead-letter it.
 *
 * @param delivery the payload and its target
 * @param retryPolicy the target's retry policy
 * @param deadLetterArn the queue ARN of the target's {@code DeadLetterConfig}; empty when none
 * @param ruleArn the rule (or schedule, pipe) that produced the delivery, for {@code RULE_ARN}
 * @param targetId the target's id within its rule, for {@code TARGET_ARN} and metrics
 * @param firstAttemptAt when the event was first due for delivery (event age counts from here)
 */
public record DeliveryRequest(
    Delivery delivery,
    RetryPolicy retryPolicy,
    Optional<String> deadLetterArn,
    String ruleArn,
    String targetId,
    Instant firstAttemptAt) {

  /** Checks required components. */
  public DeliveryRequest {
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    Objects.requireNonNull(deadLetterArn, "deadLetterArn");
    Objects.requireNonNull(ruleArn, "ruleArn");
    Objects.requireNonNull(targetId, "targetId");
    Objects.requireNonNull(firstAttemptAt, "firstAttemptAt");
  }
}
