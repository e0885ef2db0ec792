package dev.docket.benchmarks.raw;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Prints a run's results as a table and as one JSON line. Stateless. */
final class Report {

  private Report() {}

  static void print(RawLoad load, Duration serverCpu, Duration ownCpu) {
    RawLoad.Stats stats = load.stats;
    double seconds = load.durationSeconds;
    double sent = stats.sentEntries.get() / seconds;
    double received = stats.receivedEntries.get() / seconds;
    double entries = Math.max(stats.sentEntries.get(), stats.receivedEntries.get());
    double cpuPerEntry = entries == 0 ? 0 : serverCpu.toNanos() / 1000.0 / entries;
    ObjectNode json = RawLoad.JSON.createObjectNode();
    json.put("label", load.label.isEmpty() ? load.endpoint.toString() : load.label);
    json.put("scenario", load.scenario.option());
    json.put("connections", load.connections);
    json.put("consumers", load.consumers);
    json.put("rate", load.rate);
    json.put("sentPerSecond", Math.round(sent));
    json.put("receivedPerSecond", Math.round(received));
    json.put("serverCpuSeconds", serverCpu.toMillis() / 1000.0);
    json.put("serverCpuMicrosPerEntry", Math.round(cpuPerEntry * 10) / 10.0);
    json.put("serverCores", serverCpu.toNanos() / 1e9 / seconds);
    json.put("clientCores", ownCpu.toNanos() / 1e9 / seconds);
    json.put("errors", stats.errors.get());
    json.put("loadAverage", stats.loadAverage);
    if (load.scenario.stepFunctions()) {
      double executions = stats.receivedEntries.get();
      double cpuPerExecution = executions == 0 ? 0 : serverCpu.toNanos() / 1000.0 / executions;
      json.put("executionsPerSecond", Math.round(received));
      json.put("transitionsPerSecond", Math.round(received * StepFunctions.TRANSITIONS));
      json.put("serverCpuMicrosPerExecution", Math.round(cpuPerExecution * 10) / 10.0);
      json.put(
          "serverCpuMicrosPerTransition",
          Math.round(cpuPerExecution / StepFunctions.TRANSITIONS * 10) / 10.0);
      json.put("observerCallsPerSecond", Math.round(stats.observerCalls.get() / seconds));
      json.put("observerRowsPerSecond", Math.round(stats.observerRows.get() / seconds));
      System.out.printf(
          Locale.ROOT,
          "%s %s (%d in flight%s): %,.0f executions/s, %,.0f transitions/s, server CPU"
              + " %.1f µs/execution = %.1f µs/transition (%.2f cores), client %.2f cores,"
              + " observer %,d calls/s (%,d rows/s), errors %d%n",
          json.get("label").asText(),
          load.scenario.option(),
          load.connections,
          load.scenario == RawLoad.Scenario.SFN_STANDARD
              ? ", observed by " + load.observe.name().toLowerCase(Locale.ROOT)
              : "",
          received,
          received * StepFunctions.TRANSITIONS,
          cpuPerExecution,
          cpuPerExecution / StepFunctions.TRANSITIONS,
          json.get("serverCores").asDouble(),
          json.get("clientCores").asDouble(),
          json.get("observerCallsPerSecond").asLong(),
          json.get("observerRowsPerSecond").asLong(),
          stats.errors.get());
    } else {
      System.out.printf(
          Locale.ROOT,
          "%s %s: sent %,.0f/s, received %,.0f/s, server CPU %.1f µs/entry (%.2f cores),"
              + " client %.2f cores, errors %d%n",
          json.get("label").asText(),
          load.scenario.option(),
          sent,
          received,
          cpuPerEntry,
          json.get("serverCores").asDouble(),
          json.get("clientCores").asDouble(),
          stats.errors.get());
    }
    if (stats.errors.get() > 0) {
      System.out.println("  last error: " + stats.lastError);
    }
    if (!stats.loadAverage.isEmpty()) {
      System.out.println("  load average at the end of the window: " + stats.loadAverage);
    }
    System.out.printf(
        Locale.ROOT,
        "  %-20s %9s %9s %9s %9s %9s %9s (ms)%n",
        "latency",
        "count",
        "p50",
        "p90",
        "p99",
        "p99.9",
        "max");
    ObjectNode latencies = json.putObject("latencyMillis");
    for (String operation : stats.histograms.keySet()) {
      Histogram h = stats.merged(operation);
      if (h.getTotalCount() == 0) {
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "  %-20s %9d %9.2f %9.2f %9.2f %9.2f %9.2f%n",
          operation,
          h.getTotalCount(),
          ms(h, 50),
          ms(h, 90),
          ms(h, 99),
          ms(h, 99.9),
          h.getMaxValue() / 1000.0);
      latencies
          .putObject(operation)
          .put("count", h.getTotalCount())
          .put("p50", ms(h, 50))
          .put("p90", ms(h, 90))
          .put("p99", ms(h, 99))
          .put("p999", ms(h, 99.9))
          .put("max", h.getMaxValue() / 1000.0);
    }
    System.out.println(json);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }
}
