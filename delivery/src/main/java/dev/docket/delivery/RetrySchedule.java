package dev.docket.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Decides what follows a failed attempt: another attempt after exponential backoff with full jitter
 * (a delay drawn uniformly from zero to {@code min(cap, base * 2^(attempts - 1))}, never past the
 * event's maximum age), or giving up, and why. Thread-safe if its random generator is.
 */
final class RetrySchedule {

  /** What follows a failed attempt. */
  sealed interface Next {}

  /**
   * Try again.
   *
   * @param dueAt when
   */
  record Retry(Instant dueAt) implements Next {}

  /**
   * Stop: dead-letter or drop.
   *
   * @param exhaustedCondition {@code MaximumRetryAttempts} or {@code MaximumEventAgeInSeconds} when
   *     a retry limit ended it; empty when the error was not retryable
   */
  record GiveUp(Optional<String> exhaustedCondition) implements Next {}

  private final Duration base;
  private final Duration cap;
  private final RandomGenerator random;

  RetrySchedule(DeliveryConfig config, RandomGenerator random) {
    this.base = config.backoffBase();
    this.cap = config.backoffCap();
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * What follows the failure of attempt number {@code attempts} (1 for the first) at {@code now}.
   */
  Next after(DeliveryRequest request, int attempts, Outcome.Failed failure, Instant now) {
    if (!failure.retryable()) {
      return new GiveUp(Optional.empty());
    }
    RetryPolicy policy = request.retryPolicy();
    if (attempts - 1 >= policy.maximumRetryAttempts()) {
      return new GiveUp(Optional.of(DeadLetterAttributes.MAXIMUM_RETRY_ATTEMPTS));
    }
    Instant deadline = request.firstAttemptAt().plus(policy.maximumEventAge());
    if (!now.isBefore(deadline)) {
      return new GiveUp(Optional.of(DeadLetterAttributes.MAXIMUM_EVENT_AGE));
    }
    Instant dueAt = now.plusNanos(random.nextLong(ceiling(attempts).toNanos() + 1));
    return new Retry(dueAt.isAfter(deadline) ? deadline : dueAt);
  }

  /** The largest delay after attempt number {@code attempts}: {@code min(cap, base * 2^(n-1))}. */
  Duration ceiling(int attempts) {
    int doublings = Math.min(Math.max(attempts - 1, 0), 62);
    long baseNanos = base.toNanos();
    long capNanos = cap.toNanos();
    return baseNanos > (capNanos >> doublings)
        ? cap
        : Duration.ofNanos(Math.min(capNanos, baseNanos << doublings));
  }
}
