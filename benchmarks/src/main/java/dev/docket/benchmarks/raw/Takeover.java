package dev.docket.benchmarks.raw;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The kill-one measurement of a cluster run ({@code --kill-pid} or {@code --kill-chooser}): kills
 * one node with SIGKILL in the middle of the measured window and reports how long the entries sent
 * around that moment took to arrive at the consumers, and whether any accepted entry never did.
 *
 * <p>A node holds work that no client can see: events it accepted that its bus router had not yet
 * delivered (when it owned the router's lease), messages it had claimed for a receive whose answer
 * never left it. The others redeliver that work only once the lease or the visibility timeout
 * expires, so the time from the kill until the last entry sent around it arrives is that takeover
 * time. To see it, every entry a producer sends is awaited by a key written in its body (the send
 * stamp, the worker, the entry) until it arrives or its request fails (an error, or no answer from
 * the dying node: the entry may or may not have been taken), and consumers strike entries off as
 * they arrive; consumers keep draining after the window until every accepted entry arrived or
 * {@code --drain} passed. Tracking costs the client a map entry per entry, so it is off unless a
 * kill is asked for.
 *
 * <p>Thread-safe: producers and consumers call {@link #sending}, {@link #answered} and {@link
 * #arrived} concurrently.
 */
final class Takeover {

  /** Entries sent from this long before the kill count as sent around it. */
  private static final long BEFORE_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** ... and up to this long after it. */
  private static final long AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final boolean events;
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong arrived = new AtomicLong();
  private final AtomicLong unmatched = new AtomicLong();
  private final AtomicLong lastAroundKill = new AtomicLong(Long.MIN_VALUE);
  private final ConcurrentHistogram aroundKill = new ConcurrentHistogram(600_000_000L, 3);
  private final AtomicLong longestAfterKill = new AtomicLong();
  private volatile long killedAt;
  private volatile long killedPid;
  private volatile long drainedAt;

  /**
   * @param events whether entries are EventBridge events delivered to queues (the key is read from
   *     the event's {@code detail}) rather than SQS message bodies
   */
  Takeover(boolean events) {
    this.events = events;
  }

  /** The key suffix of entry {@code entry} of worker {@code worker}, as its body spells it. */
  static String suffix(boolean events, int worker, int entry) {
    return events ? " w" + worker + " n" + entry : " w" + worker + " e" + entry;
  }

  /**
   * A producer sends, at {@code sent}, a request stamped {@code stamp} (its intended start, which
   * an open loop that fell behind puts in the past) with these entries' key suffixes. They are
   * awaited from now on, before the answer: a consumer may receive an entry before its producer has
   * read the answer.
   */
  void sending(long stamp, long sent, String[] suffixes) {
    String prefix = Long.toString(stamp);
    for (String suffix : suffixes) {
      pending.put(prefix + suffix, sent);
    }
  }

  /**
   * The answer to {@link #sending}: accepted, or not (an error, or no answer from a node that
   * died), in which case its entries that have not arrived are no longer awaited.
   */
  void answered(long stamp, String[] suffixes, boolean ok) {
    if (ok) {
      accepted.addAndGet(suffixes.length);
      return;
    }
    String prefix = Long.toString(stamp);
    for (String suffix : suffixes) {
      pending.remove(prefix + suffix);
    }
  }

  /** A consumer received a message whose body is {@code body} at {@code now}. */
  void arrived(String body, long now) throws IOException {
    String key = key(body);
    Long sent = key == null ? null : pending.remove(key);
    if (sent == null) {
      // a second delivery, or an entry whose answer was lost with the node that took it
      unmatched.incrementAndGet();
      return;
    }
    arrived.incrementAndGet();
    long killed = killedAt;
    if (killed != 0 && sent >= killed - BEFORE_NANOS) {
      longestAfterKill.accumulateAndGet(now - sent, Math::max);
      if (sent <= killed + AFTER_NANOS) {
        lastAroundKill.accumulateAndGet(now, Math::max);
        // microseconds from the kill (only arrivals after it: killedAt is 0 before)
        aroundKill.recordValue(Math.max(0, (now - killed) / 1000));
      }
    }
  }

  private String key(String body) throws IOException {
    if (events) {
      JsonNode detail = RawLoad.JSON.readTree(body).path("detail");
      long stamp = RawRequest.readStamp(detail.path("m").asText(), RawLoad.MARK, 0);
      return stamp < 0
          ? null
          : stamp + suffix(true, detail.path("w").asInt(), detail.path("n").asInt());
    }
    // "@ts<19 digits> w<worker> e<entry> xxx..."
    int at = body.indexOf(RawLoad.MARK);
    long stamp = RawRequest.readStamp(body, RawLoad.MARK, 0);
    if (at < 0 || stamp < 0) {
      return null;
    }
    int from = at + RawLoad.MARK.length() + 19;
    int worker = body.indexOf(' ', from + 1);
    int end = worker < 0 ? -1 : body.indexOf(' ', worker + 1);
    return end < 0 ? null : stamp + body.substring(from, end);
  }

  /**
   * Kills {@code pid} with SIGKILL now and remembers when, or, with a {@code chooser} command, the
   * PID that command prints on its first line (e.g. the node that holds a router's lease).
   */
  void kill(long pid, String chooser) throws IOException, InterruptedException {
    if (chooser != null && !chooser.isBlank()) {
      Process process = new ProcessBuilder("/bin/sh", "-c", chooser).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      pid = Long.parseLong(out.strip().lines().findFirst().orElse("0").strip());
    }
    ProcessHandle victim =
        ProcessHandle.of(pid).orElseThrow(() -> new IOException("no process to kill"));
    killedPid = pid;
    killedAt = System.nanoTime();
    victim.destroyForcibly();
  }

  /** Waits until every accepted entry arrived, at most until {@code deadline} (nanoTime). */
  void drain(long deadline) {
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    drainedAt = System.nanoTime();
  }

  /** Prints what the kill cost, after the drain. */
  void print(long measureFrom, long measureUntil, long failovers) {
    long killed = killedAt;
    if (killed == 0) {
      System.out.println("  kill: no node was killed");
      return;
    }
    long last = lastAroundKill.get();
    System.out.printf(
        Locale.ROOT,
        "  kill: node pid %d killed %.1f s into the window; %d connections moved to another"
            + " node%n",
        killedPid,
        (killed - measureFrom) / 1e9,
        failovers);
    System.out.printf(
        Locale.ROOT,
        "  kill: %,d entries accepted, %,d arrived, %,d never arrived, %,d arrived again or"
            + " unacknowledged%n",
        accepted.get(),
        arrived.get(),
        pending.size(),
        unmatched.get());
    if (!pending.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "  kill: the drain stopped %.1f s after the window; never arrived (sent relative to the"
              + " kill): %s%n",
          (drainedAt - measureUntil) / 1e9,
          pending.values().stream()
              .sorted()
              .limit(10)
              .map(sent -> String.format(Locale.ROOT, "%+.2f s", (sent - killed) / 1e9))
              .toList());
    }
    System.out.printf(
        Locale.ROOT,
        "  kill: entries sent from 2 s before to 1 s after the kill: the last arrived %s after the"
            + " kill; longest send-to-arrival of entries sent from 2 s before the kill on: %.2f s%n",
        last == Long.MIN_VALUE ? "(none arrived)" : String.format("%.2f s", (last - killed) / 1e9),
        longestAfterKill.get() / 1e9);
    if (aroundKill.getTotalCount() > 0) {
      System.out.printf(
          Locale.ROOT,
          "  kill: the %,d of them that arrived after the kill arrived at p50 %.2f s, p90 %.2f s,"
              + " p99 %.2f s, max %.2f s after it%n",
          aroundKill.getTotalCount(),
          aroundKill.getValueAtPercentile(50) / 1e6,
          aroundKill.getValueAtPercentile(90) / 1e6,
          aroundKill.getValueAtPercentile(99) / 1e6,
          aroundKill.getMaxValue() / 1e6);
    }
    System.out.println(
        RawLoad.JSON
            .createObjectNode()
            .put("killedPid", killedPid)
            .put("killedAtSeconds", Math.round((killed - measureFrom) / 1e7) / 100.0)
            .put("failovers", failovers)
            .put("accepted", accepted.get())
            .put("arrived", arrived.get())
            .put("neverArrived", pending.size())
            .put("unmatched", unmatched.get())
            .put(
                "lastAroundKillSeconds",
                last == Long.MIN_VALUE ? -1 : Math.round((last - killed) / 1e7) / 100.0)
            .put("longestAfterKillSeconds", Math.round(longestAfterKill.get() / 1e7) / 100.0)
            .put("aroundKill", aroundKill.getTotalCount())
            .put("aroundKillP50Seconds", aroundKill.getValueAtPercentile(50) / 1e6)
            .put("aroundKillP90Seconds", aroundKill.getValueAtPercentile(90) / 1e6)
            .put("aroundKillP99Seconds", aroundKill.getValueAtPercentile(99) / 1e6));
  }
}
