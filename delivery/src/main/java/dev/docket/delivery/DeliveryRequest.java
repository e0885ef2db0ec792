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
 * @param originalEvent the event as it was matched, which a dead letter carries instead of the
 *     transformed body (EventBridge dead-letters the event); empty to dead-letter the body
 */
public record DeliveryRequest(
    Delivery delivery,
    RetryPolicy retryPolicy,
    Optional<String> deadLetterArn,
    String ruleArn,
    String targetId,
    Instant firstAttemptAt,
    Optional<String> originalEvent) {

  /** Checks required components. */
  public DeliveryRequest {
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    Objects.requireNonNull(deadLetterArn, "deadLetterArn");
    Objects.requireNonNull(ruleArn, "ruleArn");
    Objects.requireNonNull(targetId, "targetId");
    Objects.requireNonNull(firstAttemptAt, "firstAttemptAt");
    Objects.requireNonNull(originalEvent, "originalEvent");
  }

  /** A request whose dead letter carries the delivery's body (no separate original event). */
  public DeliveryRequest(
      Delivery delivery,
      RetryPolicy retryPolicy,
      Optional<String> deadLetterArn,
      String ruleArn,
      String targetId,
      Instant firstAttemptAt) {
    this(delivery, retryPolicy, deadLetterArn, ruleArn, targetId, firstAttemptAt, Optional.empty());
  }

  /** What a dead letter of this request carries: the original event, else the delivery's body. */
  public String deadLetterBody() {
    return originalEvent.orElse(delivery.body());
  }
}
