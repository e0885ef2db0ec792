package dev.docket.benchmarks;

import java.io.IOException;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The ratio of {@link MatchingBenchmark}'s two sides measured by alternation in one JVM: 640 events
 * through one matcher, then 640 through the other, the order swapped every round, 20 rounds of
 * warm-up and 80 measured. On a shared machine whose load drifts during a JMH run (so that the side
 * measured later looks faster or slower), the alternation cancels the drift out of the ratio.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> dev.docket.benchmarks.MatchingAlternation}.
 * Prints, for 100 and 1,000 rules, microseconds per event on each side and Docket / raw.
 *
 * <p>Thread-safety: single-threaded; a command-line tool.
 */
public final class MatchingAlternation {

  private static final int BATCH = 640;
  private static final int WARMUP_ROUNDS = 20;
  private static final int ROUNDS = 100;

  private MatchingAlternation() {}

  /** Runs the alternation for 100 and 1,000 rules. */
  public static void main(String[] args) throws IOException {
    Blackhole hole =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous.");
    for (int rules : new int[] {100, 1000}) {
      MatchingBenchmark benchmark = new MatchingBenchmark();
      benchmark.rules = rules;
      benchmark.build();
      MatchingBenchmark.Cursor cursor = new MatchingBenchmark.Cursor();
      long docket = 0;
      long raw = 0;
      for (int round = 0; round < ROUNDS; round++) {
        boolean docketFirst = round % 2 == 0;
        long first = time(benchmark, cursor, hole, docketFirst);
        long second = time(benchmark, cursor, hole, !docketFirst);
        if (round >= WARMUP_ROUNDS) {
          docket += docketFirst ? first : second;
          raw += docketFirst ? second : first;
        }
      }
      double events = (double) BATCH * (ROUNDS - WARMUP_ROUNDS);
      System.out.printf(
          Locale.ROOT,
          "%d rules: Docket %.1f us/event, raw event-ruler %.1f us/event, Docket/raw %.3f%n",
          rules,
          docket / 1000.0 / events,
          raw / 1000.0 / events,
          (double) docket / raw);
    }
  }

  private static long time(
      MatchingBenchmark benchmark,
      MatchingBenchmark.Cursor cursor,
      Blackhole hole,
      boolean docket) {
    long start = System.nanoTime();
    for (int i = 0; i < BATCH; i++) {
      if (docket) {
        benchmark.docketRuleMatcher(cursor, hole);
      } else {
        benchmark.rawEventRuler(cursor, hole);
      }
    }
    return System.nanoTime() - start;
  }
}
