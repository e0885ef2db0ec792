package dev.docket.benchmarks.sqs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one load run: message rates and, per operation, latency percentiles from the
 * HdrHistograms (recorded in microseconds, reported in milliseconds). Printed as a table for people
 * and as one JSON line for scripts.
 *
 * @param settings the run's settings
 * @param seconds measured wall time, from the end of the warm-up until the last worker stopped
 * @param sent messages acknowledged by SendMessageBatch
 * @param received messages returned by ReceiveMessage
 * @param deleted messages acknowledged by DeleteMessageBatch
 * @param latencies per operation, microseconds
 * @param errors failed calls per operation
 * @param firstError the first failure's description, or null
 */
record LoadReport(
    LoadSettings settings,
    double seconds,
    long sent,
    long received,
    long deleted,
    Map<String, Histogram> latencies,
    Map<String, Long> errors,
    String firstError) {

  private static final double[] PERCENTILES = {50, 90, 99, 99.9};

  LoadReport {
    // Copies that keep the operations in the order they were given (send, receive, delete).
    latencies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(latencies));
    errors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
  }

  long totalErrors() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s  mode=%s concurrency=%d batch=%d body=%dB warmup=%ds measured=%.1fs%n",
            settings.label(),
            settings.mode().option(),
            settings.concurrency(),
            settings.batch(),
            settings.bodyBytes(),
            settings.warmup().toSeconds(),
            seconds));
    out.append(
        String.format(
            Locale.ROOT,
            "  sent %.0f msg/s   received %.0f msg/s   deleted %.0f msg/s   errors %d%n",
            sent / seconds,
            received / seconds,
            deleted / seconds,
            totalErrors()));
    out.append(
        String.format(
            Locale.ROOT,
            "  %-20s %9s %9s %9s %9s %9s %9s %7s%n",
            "operation",
            "calls",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "p99.9 ms",
            "max ms",
            "errors"));
    latencies.forEach(
        (operation, histogram) -> {
          if (histogram.getTotalCount() == 0 && errors.get(operation) == 0) {
            return;
          }
          out.append(
              String.format(Locale.ROOT, "  %-20s %9d", operation, histogram.getTotalCount()));
          for (double percentile : PERCENTILES) {
            out.append(String.format(Locale.ROOT, " %9.2f", millis(histogram, percentile)));
          }
          out.append(
              String.format(
                  Locale.ROOT,
                  " %9.2f %7d%n",
                  histogram.getMaxValue() / 1000.0,
                  errors.get(operation)));
        });
    if (firstError != null) {
      out.append("  first error: ").append(firstError).append('\n');
    }
    return out.toString().stripTrailing();
  }

  String json() {
    StringJoiner operations = new StringJoiner(",", "{", "}");
    latencies.forEach(
        (operation, histogram) -> {
          if (histogram.getTotalCount() == 0 && errors.get(operation) == 0) {
            return;
          }
          operations.add(
              String.format(
                  Locale.ROOT,
                  "\"%s\":{\"calls\":%d,\"errors\":%d,\"p50Ms\":%.3f,\"p90Ms\":%.3f,"
                      + "\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f}",
                  operation,
                  histogram.getTotalCount(),
                  errors.get(operation),
                  millis(histogram, 50),
                  millis(histogram, 90),
                  millis(histogram, 99),
                  millis(histogram, 99.9),
                  histogram.getMaxValue() / 1000.0));
        });
    return String.format(
        Locale.ROOT,
        "{\"label\":\"%s\",\"mode\":\"%s\",\"concurrency\":%d,\"batch\":%d,\"bodyBytes\":%d,"
            + "\"warmupSeconds\":%d,\"measuredSeconds\":%.3f,\"sentPerSecond\":%.1f,"
            + "\"receivedPerSecond\":%.1f,\"deletedPerSecond\":%.1f,\"errors\":%d,"
            + "\"operations\":%s}",
        escape(settings.label()),
        settings.mode().option(),
        settings.concurrency(),
        settings.batch(),
        settings.bodyBytes(),
        settings.warmup().toSeconds(),
        seconds,
        sent / seconds,
        received / seconds,
        deleted / seconds,
        totalErrors(),
        operations);
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
