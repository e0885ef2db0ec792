package dev.docket.states.asl;

import java.util.List;

/**
 * One {@code Retry} entry, with AWS's defaults filled in.
 *
 * @param errorEquals the errors it matches
 * @param intervalSeconds {@code IntervalSeconds} (default 1)
 * @param maxAttempts {@code MaxAttempts} (default 3; 0 never retries)
 * @param backoffRate {@code BackoffRate} (default 2.0)
 * @param maxDelaySeconds {@code MaxDelaySeconds}, or null
 * @param jitterStrategy {@code JitterStrategy}: {@code FULL} or {@code NONE} (default)
 */
public record Retrier(
    List<String> errorEquals,
    int intervalSeconds,
    int maxAttempts,
    double backoffRate,
    Integer maxDelaySeconds,
    String jitterStrategy) {

  public Retrier {
    errorEquals = List.copyOf(errorEquals);
  }
}
