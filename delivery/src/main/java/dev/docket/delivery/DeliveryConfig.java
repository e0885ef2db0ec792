package dev.docket.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a {@link DeliveryEngine}. Immutable.
 *
 * <p>The default backoff (base 1 s, cap 15 min, full jitter) is chosen to look like EventBridge's
 * default retry policy: the mean delay doubles from 0.5 s until it reaches 7.5 min after ten
 * retries, so 185 retries take about 22 hours, close to the 24-hour default event age.
 *
 * @param maxConcurrencyPerTarget at most this many attempts run against one target ARN at once
 *     ({@code delivery.max-concurrency-per-target})
 * @param backoffBase the ceiling of the first retry's delay; the ceiling doubles per retry ({@code
 *     delivery.backoff-base}); small in tests
 * @param backoffCap the largest ceiling of a retry's delay ({@code delivery.backoff-cap})
 * @param claimBatchSize how many due retries the retry loop claims at once ({@code
 *     delivery.claim-batch-size})
 * @param claimLease how long a claimed retry is reserved for this engine; longer than one attempt
 *     plus a dead-letter hand-off ({@code delivery.claim-lease})
 * @param pollInterval the poll floor: the retry loop looks for due retries at least this often even
 *     when nothing woke it (retries parked by another node, expired leases) ({@code
 *     delivery.poll-interval})
 */
public record DeliveryConfig(
    int maxConcurrencyPerTarget,
    Duration backoffBase,
    Duration backoffCap,
    int claimBatchSize,
    Duration claimLease,
    Duration pollInterval) {

  /** Checks the values. */
  public DeliveryConfig {
    if (maxConcurrencyPerTarget < 1 || maxConcurrencyPerTarget > 10_000) {
      throw new IllegalArgumentException(
          "maxConcurrencyPerTarget must be between 1 and 10000, but was "
              + maxConcurrencyPerTarget);
    }
    positive("backoffBase", backoffBase);
    positive("backoffCap", backoffCap);
    if (backoffCap.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException(
          "backoffCap must not be shorter than backoffBase ("
              + backoffBase
              + "), but was "
              + backoffCap);
    }
    if (claimBatchSize < 1 || claimBatchSize > 10_000) {
      throw new IllegalArgumentException(
          "claimBatchSize must be between 1 and 10000, but was " + claimBatchSize);
    }
    positive("claimLease", claimLease);
    positive("pollInterval", pollInterval);
  }

  /**
   * The defaults: 32 concurrent attempts per target, backoff from 1 s capped at 15 min, claims of
   * 256 due deliveries leased for 5 min, a poll at least every second. Every claimed batch costs
   * the loop two commits one after the other (the claim, then the attempts' completions), so the
   * batch bounds how fast due deliveries drain (a schedule's firings are due deliveries too).
   */
  public static DeliveryConfig defaults() {
    return new DeliveryConfig(
        32,
        Duration.ofSeconds(1),
        Duration.ofMinutes(15),
        256,
        Duration.ofMinutes(5),
        Duration.ofSeconds(1));
  }

  /** This configuration with another backoff base and cap (tests use milliseconds). */
  public DeliveryConfig withBackoff(Duration base, Duration cap) {
    return new DeliveryConfig(
        maxConcurrencyPerTarget, base, cap, claimBatchSize, claimLease, pollInterval);
  }

  /** This configuration with another per-target concurrency limit. */
  public DeliveryConfig withMaxConcurrencyPerTarget(int limit) {
    return new DeliveryConfig(
        limit, backoffBase, backoffCap, claimBatchSize, claimLease, pollInterval);
  }

  /** This configuration with another poll floor. */
  public DeliveryConfig withPollInterval(Duration interval) {
    return new DeliveryConfig(
        maxConcurrencyPerTarget, backoffBase, backoffCap, claimBatchSize, claimLease, interval);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, but was " + value);
    }
  }
}
