package dev.docket.benchmarks.sqs;

import java.time.Duration;
import java.util.Objects;

/**
 * One load run's settings, validated.
 *
 * @param label name of the system under test, for the report
 * @param mode what the workers do
 * @param concurrency workers per role
 * @param warmup unmeasured time before the measurement
 * @param duration measured time
 * @param batch entries per SendMessageBatch (1-10)
 * @param bodyBytes message body size
 * @param prefill messages sent, untimed, before a receive-delete run
 */
record LoadSettings(
    String label,
    SqsLoad.Mode mode,
    int concurrency,
    Duration warmup,
    Duration duration,
    int batch,
    int bodyBytes,
    int prefill) {

  LoadSettings {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(mode, "mode");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be positive, but was " + concurrency);
    }
    if (batch < 1 || batch > 10) {
      throw new IllegalArgumentException("batch must be 1-10, but was " + batch);
    }
    if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          "warmup must be >= 0 and duration > 0, but were " + warmup + " and " + duration);
    }
  }

  boolean producing() {
    return mode != SqsLoad.Mode.RECEIVE_DELETE;
  }

  boolean consuming() {
    return mode != SqsLoad.Mode.SEND;
  }
}
