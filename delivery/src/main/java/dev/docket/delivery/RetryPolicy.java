package dev.docket.delivery;

import java.time.Duration;

/**
 * A target's retry policy as EventBridge defines it.
 *
 * @param maximumRetryAttempts retries after the first attempt, 0 to 185
 * @param maximumEventAge how long after the event's first attempt retries may go on, 60 s to 24 h
 */
public record RetryPolicy(int maximumRetryAttempts, Duration maximumEventAge) {

  /** EventBridge's default: 185 retries over at most 24 hours. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(185, Duration.ofHours(24));

  /** Checks the ranges EventBridge allows. */
  public RetryPolicy {
    if (maximumRetryAttempts < 0 || maximumRetryAttempts > 185) {
      throw new IllegalArgumentException(
          "MaximumRetryAttempts must be between 0 and 185, but was " + maximumRetryAttempts);
    }
    long seconds = maximumEventAge.toSeconds();
    if (seconds < 60 || seconds > 86_400) {
      throw new IllegalArgumentException(
          "MaximumEventAgeInSeconds must be between 60 and 86400, but was " + seconds);
    }
  }
}
