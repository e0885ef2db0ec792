package dev.docket.benchmarks.schedule;

import static dev.docket.benchmarks.schedule.CountingTarget.micros;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.DeliveryConfig;
import dev.docket.delivery.DeliveryEngine;
import dev.docket.delivery.DeliveryRequest;
import dev.docket.delivery.RetryPolicy;
import dev.docket.delivery.ScheduledFirings;
import dev.docket.delivery.ScheduledFirings.Firing;
import dev.docket.delivery.Targets;
import dev.docket.store.Timer;
import dev.docket.store.TimerStore;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scheduled-firing hot path, in process: loads {@code --timers} durable timers of kind {@value
 * #KIND} into a fresh {@link SqliteStore} (concurrent {@code schedule} calls, so the writer
 * group-commits), then fires them with a {@link ScheduledFirings} whose {@code Fire} returns one
 * delivery and the next occurrence one hour later, through a {@link DeliveryEngine} to a counting
 * no-op target, and reports per window of due times: firings/s, lateness (delivery time minus due
 * time; also the {@code Fire} call minus due time) at p50/p99/max, and the process's CPU time per
 * firing.
 *
 * <p>The windows, in due-time order: a warm-up at 2,000 firings/s for {@code --warmup} seconds (the
 * JIT compiles the path), one per {@code --rates} value, that many firings per second due evenly
 * over {@code --seconds}, each {@code --gap} seconds after the previous one ends, then a burst of
 * {@code --burst} timers all due at one instant (peak throughput). Timers in no window are due a
 * day later: they are stored, never fire. Which timers fall in which window is a permutation of
 * their ids, so timers due together are spread over the table as real schedules are.
 *
 * <p>The clock is the system clock moved so that it reads the first window's start {@code --lead}
 * seconds after the loops start, whatever the load took.
 *
 * <p>Not thread-safe: one instance per run; the target and windows are shared with the loops.
 */
@Command(
    name = "firing-benchmark",
    mixinStandardHelpOptions = true,
    description = "Scheduled firings from a million durable timers through the delivery engine.")
public final class FiringBenchmark implements Callable<Integer> {

  static final String KIND = "events.schedule";
  private static final Instant BASE = Instant.parse("2030-01-01T00:00:00Z");
  private static final String RULE_PREFIX = "arn:aws:events:us-east-1:123456789012:rule/bench-";
  private static final String PAYLOAD =
      "{\"expression\":\"rate(1 hour)\",\"since\":\"2029-12-31T23:00:00Z\"}";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--timers", defaultValue = "1000000", description = "timers stored")
  int timers;

  @Option(
      names = "--rates",
      split = ",",
      defaultValue = "2000,5000,10000",
      description = "one window per rate (firings/s); 0 for none")
  List<Integer> rates;

  @Option(names = "--seconds", defaultValue = "20", description = "span of each rate window")
  int seconds;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "seconds of a first window at 2,000 firings/s, for the JIT; 0 for none")
  int warmup;

  @Option(names = "--gap", defaultValue = "10", description = "seconds between windows")
  int gap;

  @Option(
      names = "--burst",
      defaultValue = "-1",
      description = "timers due at once after the rate windows; -1: all the others")
  int burst;

  @Option(names = "--lead", defaultValue = "3", description = "seconds before the first window")
  int lead;

  @Option(names = "--load-concurrency", defaultValue = "1024")
  int loadConcurrency;

  @Option(names = "--claim-batch", defaultValue = "256", description = "firings claimed at once")
  int claimBatch;

  @Option(
      names = "--delivery-batch",
      description = "deliveries the engine claims at once (default: the engine's default)")
  Integer deliveryBatch;

  @Option(names = "--timeout", defaultValue = "900", description = "seconds to wait per window")
  int timeout;

  @Option(names = "--dir", description = "parent of the data directory (default: java.io.tmpdir)")
  Path dir;

  @Option(names = "--keep", description = "keep the data directory")
  boolean keep;

  @Option(names = "--label", defaultValue = "docket")
  String label;

  /** Runs the benchmark; the exit code is 1 when a window did not complete. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new FiringBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<Window> windows = plan();
    Path data =
        dir == null
            ? Files.createTempDirectory("docket-firings")
            : Files.createTempDirectory(dir, "docket-firings");
    ObjectNode result = JSON.createObjectNode();
    result.put("label", label);
    result.put("timers", timers);
    boolean complete;
    try (SqliteStore store = SqliteStore.open(SqliteConfig.defaults(data))) {
      load(store.timers(), windows, result);
      sizes(data, "afterLoad", result);
      complete = fire(store.timers(), windows, result);
    } finally {
      sizes(data, "afterRun", result);
      if (!keep) {
        delete(data);
      } else {
        System.out.println("data directory kept: " + data);
      }
    }
    System.out.println(result);
    return complete ? 0 : 1;
  }

  /** The windows of due times, in order. */
  private List<Window> plan() {
    List<Window> windows = new ArrayList<>();
    Instant start = BASE.plusSeconds(lead);
    int used = 0;
    if (warmup > 0) {
      windows.add(new Window(0, 2_000 * warmup, start, Duration.ofSeconds(warmup)));
      used += 2_000 * warmup;
      start = start.plusSeconds(warmup + gap);
    }
    for (int rate : rates) {
      if (rate <= 0) {
        continue;
      }
      int count = rate * seconds;
      windows.add(new Window(windows.size(), count, start, Duration.ofSeconds(seconds)));
      used += count;
      start = start.plusSeconds(seconds + gap);
    }
    int burstCount = burst < 0 ? timers - used : burst;
    if (burstCount > 0) {
      windows.add(new Window(windows.size(), burstCount, start, Duration.ZERO));
      used += burstCount;
    }
    if (used > timers) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "the windows need " + used + " timers, more than --timers");
    }
    return windows;
  }

  private void load(TimerStore store, List<Window> windows, ObjectNode result) throws Exception {
    long multiplier = coprime(timers);
    int[] firstSlot = new int[windows.size() + 1];
    for (int w = 0; w < windows.size(); w++) {
      firstSlot[w + 1] = firstSlot[w] + windows.get(w).count;
    }
    Instant parked = BASE.plus(Duration.ofDays(1));
    AtomicInteger next = new AtomicInteger();
    long cpu0 = cpu();
    long t0 = System.nanoTime();
    try (ExecutorService loaders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int worker = 0; worker < loadConcurrency; worker++) {
        loaders.submit(
            () -> {
              for (int i = next.getAndIncrement(); i < timers; i = next.getAndIncrement()) {
                int slot = (int) (i * multiplier % timers);
                Instant due = parked.plusMillis(slot);
                for (int w = 0; w < windows.size(); w++) {
                  if (slot >= firstSlot[w] && slot < firstSlot[w + 1]) {
                    due = windows.get(w).due(slot - firstSlot[w]);
                    break;
                  }
                }
                store.schedule(new Timer(timerId(i), KIND, due, PAYLOAD, 0));
              }
              return null;
            });
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    double cpuMicros = (cpu() - cpu0) / 1e3;
    System.out.printf(
        Locale.ROOT,
        "%s: loaded %,d timers in %.1f s (%,.0f timers/s, %.1f µs CPU per timer, %d concurrent"
            + " schedule calls)%n",
        label,
        timers,
        secs,
        timers / secs,
        cpuMicros / timers,
        loadConcurrency);
    result.put("loadSeconds", round(secs));
    result.put("loadTimersPerSecond", Math.round(timers / secs));
    result.put("loadCpuMicrosPerTimer", round(cpuMicros / timers));
  }

  private boolean fire(TimerStore store, List<Window> windows, ObjectNode result)
      throws InterruptedException {
    OffsetClock clock = new OffsetClock();
    CountingTarget target = new CountingTarget(clock, windows);
    Targets targets = new Targets();
    targets.register(
        arn -> arn.equals(CountingTarget.ARN) ? Optional.of(target) : Optional.empty());
    DeliveryConfig defaults = DeliveryConfig.defaults();
    DeliveryConfig config =
        new DeliveryConfig(
            defaults.maxConcurrencyPerTarget(),
            defaults.backoffBase(),
            defaults.backoffCap(),
            deliveryBatch == null ? defaults.claimBatchSize() : deliveryBatch,
            defaults.claimLease(),
            defaults.pollInterval());
    ArrayNode reports = result.putArray("windows");
    boolean complete = true;
    clock.set(BASE);
    long cpuStart = cpu();
    try (DeliveryEngine engine = new DeliveryEngine(store, targets, config, clock);
        ScheduledFirings firings =
            new ScheduledFirings(
                KIND,
                store,
                engine,
                clock,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                claimBatch,
                (timer, now) -> firing(windows, timer, now))) {
      engine.start();
      firings.start();
      Instant lastEnd = Instant.MIN;
      for (Window window : windows) {
        boolean overlapped = lastEnd.isAfter(window.start);
        sleepUntil(clock, window.start);
        long cpu0 = cpu();
        long writer0 = writerCpu();
        Instant deadline = clock.instant().plus(window.span).plusSeconds(timeout);
        while (window.delivered.sum() < window.count && clock.instant().isBefore(deadline)) {
          Thread.sleep(5);
        }
        long cpuNanos = cpu() - cpu0;
        long writerNanos = writerCpu() - writer0;
        lastEnd = clock.instant();
        complete &= window.delivered.sum() >= window.count;
        reports.add(report(window, cpuNanos, writerNanos, overlapped));
      }
    }
    result.put("cpuSecondsFiring", round((cpu() - cpuStart) / 1e9));
    return complete;
  }

  /** What the benchmark's {@code Fire} does: one delivery, next due one hour later. */
  private static Firing firing(List<Window> windows, Timer timer, Instant now) {
    long due = micros(timer.dueAt());
    long nowMicros = micros(now);
    Window window = null;
    for (Window w : windows) {
      if (w.holds(timer.dueAt())) {
        window = w;
        break;
      }
    }
    if (window == null) {
      throw new IllegalStateException("timer " + timer.id() + " fired outside every window");
    }
    window.recordFired(nowMicros - due, nowMicros);
    String ruleArn = timer.id().substring(KIND.length() + 1);
    String eventId = CountingTarget.eventId(window, due);
    String body =
        "{\"version\":\"0\",\"id\":\""
            + eventId
            + "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
            + "\"account\":\"123456789012\",\"time\":\""
            + timer.dueAt().truncatedTo(ChronoUnit.SECONDS)
            + "\",\"region\":\"us-east-1\",\"resources\":[\""
            + ruleArn
            + "\"],\"detail\":{}}";
    Delivery delivery =
        new Delivery(CountingTarget.ARN, body, JSON.createObjectNode(), Map.of(), eventId, "");
    DeliveryRequest request =
        new DeliveryRequest(
            delivery, RetryPolicy.DEFAULT, Optional.empty(), ruleArn, "target-1", timer.dueAt());
    return Firing.of(
        List.of(request), Optional.of(timer.dueAt().plus(Duration.ofHours(1))), timer.payload());
  }

  private ObjectNode report(Window window, long cpuNanos, long writerNanos, boolean overlapped) {
    long count = window.delivered.sum();
    double deliverSecs = (window.lastDeliveredMicros.get() - micros(window.start)) / 1e6;
    double fireSecs = (window.lastFiredMicros.get() - micros(window.start)) / 1e6;
    double perSecond = count / Math.max(deliverSecs, window.span.toNanos() / 1e9);
    double cpuPerFiring = count == 0 ? 0 : cpuNanos / 1e3 / count;
    double writerPerFiring = count == 0 ? 0 : writerNanos / 1e3 / count;
    Histogram late = window.deliveryLateness;
    Histogram fireLate = window.fireLateness;
    String what =
        warmup > 0 && window.index == 0
            ? "warm-up " + String.format(Locale.ROOT, "%,.0f/s", window.rate())
            : window.burst()
                ? String.format(Locale.ROOT, "burst of %,d", window.count)
                : String.format(
                    Locale.ROOT, "%,.0f/s over %d s", window.rate(), window.span.toSeconds());
    System.out.printf(
        Locale.ROOT,
        "%s: %-22s delivered %,9d in %6.2f s = %,7.0f firings/s (fired in %6.2f s);"
            + " delivery lateness p50 %s p99 %s max %s; firing lateness p50 %s p99 %s;"
            + " CPU %.1f µs/firing (store writer thread %.1f)%s%n",
        label,
        what,
        count,
        deliverSecs,
        perSecond,
        fireSecs,
        ms(late.getValueAtPercentile(50)),
        ms(late.getValueAtPercentile(99)),
        ms(late.getMaxValue()),
        ms(fireLate.getValueAtPercentile(50)),
        ms(fireLate.getValueAtPercentile(99)),
        cpuPerFiring,
        writerPerFiring,
        overlapped ? " (the previous window overran into this one)" : "");
    ObjectNode node = JSON.createObjectNode();
    node.put("window", what);
    node.put("offeredPerSecond", Math.round(window.rate()));
    node.put("count", window.count);
    node.put("delivered", count);
    node.put("fired", window.fired.sum());
    node.put("deliverSeconds", round(deliverSecs));
    node.put("firingsPerSecond", Math.round(perSecond));
    node.put("latenessP50Ms", late.getValueAtPercentile(50) / 1e3);
    node.put("latenessP99Ms", late.getValueAtPercentile(99) / 1e3);
    node.put("latenessP999Ms", late.getValueAtPercentile(99.9) / 1e3);
    node.put("latenessMaxMs", late.getMaxValue() / 1e3);
    node.put("fireLatenessP50Ms", fireLate.getValueAtPercentile(50) / 1e3);
    node.put("fireLatenessP99Ms", fireLate.getValueAtPercentile(99) / 1e3);
    node.put("cpuMicrosPerFiring", round(cpuPerFiring));
    node.put("writerCpuMicrosPerFiring", round(writerPerFiring));
    node.put("overlapped", overlapped);
    return node;
  }

  static String timerId(int i) {
    return KIND + ":" + RULE_PREFIX + String.format(Locale.ROOT, "%07d", i);
  }

  /** A multiplier coprime with {@code n}, so that {@code i * m % n} permutes {@code 0..n-1}. */
  private static long coprime(int n) {
    long m = 2_654_435_761L % Math.max(n, 1);
    while (n > 1 && BigInteger.valueOf(m).gcd(BigInteger.valueOf(n)).intValue() != 1) {
      m++;
    }
    return Math.max(m, 1);
  }

  private static void sleepUntil(OffsetClock clock, Instant at) throws InterruptedException {
    for (Duration left = Duration.between(clock.instant(), at);
        left.isPositive();
        left = Duration.between(clock.instant(), at)) {
      Thread.sleep(Math.max(1, Math.min(100, left.toMillis())));
    }
  }

  private static void sizes(Path data, String when, ObjectNode result) throws IOException {
    if (!Files.isDirectory(data)) {
      return;
    }
    ObjectNode node = result.putObject(when);
    StringBuilder line = new StringBuilder(when + ":");
    try (Stream<Path> files = Files.list(data)) {
      for (Path file : files.sorted().toList()) {
        long bytes = Files.size(file);
        node.put(file.getFileName().toString(), bytes);
        line.append(String.format(Locale.ROOT, " %s %,d bytes", file.getFileName(), bytes));
      }
    }
    System.out.println(line);
  }

  private static void delete(Path data) throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU time of the store's writer thread (found by its name), in nanoseconds; 0 if none. */
  private static long writerCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals("docket-sqlite-writer")) {
        total += Math.max(0, threads.getThreadCpuTime(thread.threadId()));
      }
    }
    return total;
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.1f ms", micros / 1e3);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
