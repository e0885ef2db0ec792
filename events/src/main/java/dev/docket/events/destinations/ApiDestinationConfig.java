package dev.docket.events.destinations;

import java.time.Duration;
import java.util.Objects;

/**
 * How the API-destination target calls endpoints.
 *
 * @param invocationTimeout how long a call (and an OAuth token request) may take before it fails as
 *     retryable; EventBridge's is 5 seconds
 * @param maxRateLimitWait how long a delivery over its destination's {@code
 *     InvocationRateLimitPerSecond} waits for its turn; one that would wait longer fails as
 *     retryable and the delivery engine parks it durably
 */
public record ApiDestinationConfig(Duration invocationTimeout, Duration maxRateLimitWait) {

  /** Checks that both durations are positive (the wait may be zero). */
  public ApiDestinationConfig {
    Objects.requireNonNull(invocationTimeout, "invocationTimeout");
    Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait");
    if (invocationTimeout.isNegative() || invocationTimeout.isZero()) {
      throw new IllegalArgumentException(
          "invocationTimeout must be positive, but was " + invocationTimeout);
    }
    if (maxRateLimitWait.isNegative()) {
      throw new IllegalArgumentException(
          "maxRateLimitWait must not be negative, but was " + maxRateLimitWait);
    }
  }

  /** EventBridge's 5 s timeout; up to 1 s of waiting for the rate limit. */
  public static ApiDestinationConfig defaults() {
    return new ApiDestinationConfig(Duration.ofSeconds(5), Duration.ofSeconds(1));
  }
}
