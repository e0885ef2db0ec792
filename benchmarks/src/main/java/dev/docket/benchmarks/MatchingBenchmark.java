package dev.docket.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.patterns.EventPattern;
import dev.docket.patterns.PatternLimits;
import dev.docket.patterns.RuleMatcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.event.ruler.Machine;

/**
 * Matching one already-parsed event against every rule of a bus: Docket's {@link RuleMatcher} (what
 * the router runs for each event) against a raw event-ruler {@link Machine} built from the same
 * pattern texts, both with {@code rulesForJSONEvent} on the same {@link JsonNode}s. The difference
 * is Docket's overhead (EventBridge validation is at build time, so it is the returned set).
 *
 * <p>The rules are 100 or 1,000 patterns of mixed kinds: exact values, prefix, suffix,
 * equals-ignore-case, anything-but lists, numeric ranges, exists, cidr, {@code $or}, nested fields
 * and (a few, as EventBridge limits them) wildcards. The events are 64 EventBridge events of about
 * 520 bytes with arrays of objects, cycled; each matches a handful of the rules.
 *
 * <p>Run (after {@code ./mvnw -B -q -DskipTests -pl benchmarks -am package
 * dependency:build-classpath -Dmdep.outputFile=target/classpath.txt}): {@code java -cp
 * "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main
 * MatchingBenchmark -wi 2 -i 3 -f 1}. Scores are matches (events) per second.
 *
 * <p>Thread-safety: the state is shared by the benchmark threads; both matchers are only read after
 * set-up and are thread-safe for readers, and the event cursor is per thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MatchingBenchmark {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int EVENTS = 64;

  /** How many rules the bus has. */
  @Param({"100", "1000"})
  public int rules;

  private RuleMatcher<Integer> docket;
  private Machine raw;
  private JsonNode[] events;

  /** The per-thread position in the event cycle. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    JsonNode next(JsonNode[] events) {
      JsonNode event = events[next];
      next = (next + 1) % events.length;
      return event;
    }
  }

  /** Builds both matchers from the same pattern texts and checks that they agree. */
  @Setup(Level.Trial)
  public void build() throws IOException {
    Map<Integer, EventPattern> patterns = new LinkedHashMap<>();
    raw = Machine.builder().build();
    for (int i = 0; i < rules; i++) {
      String text = pattern(i);
      patterns.put(i, EventPattern.parse(text, PatternLimits.apiMaximum()));
      raw.addRule(Integer.toString(i), text);
    }
    docket = RuleMatcher.of(patterns);
    events = new JsonNode[EVENTS];
    int matches = 0;
    for (int k = 0; k < EVENTS; k++) {
      events[k] = MAPPER.readTree(event(k));
      List<Integer> rawKeys = new ArrayList<>();
      for (String name : raw.rulesForJSONEvent(events[k])) {
        rawKeys.add(Integer.valueOf(name));
      }
      if (!docket.matches(events[k]).equals(new HashSet<>(rawKeys))) {
        throw new IllegalStateException("Docket and event-ruler disagree on event " + k);
      }
      matches += rawKeys.size();
    }
    System.out.printf("%n%d rules, %d events, %d matches in all%n", rules, EVENTS, matches);
  }

  /** One event through Docket's RuleMatcher. */
  @Benchmark
  public void docketRuleMatcher(Cursor cursor, Blackhole hole) {
    hole.consume(docket.matches(cursor.next(events)));
  }

  /** The same event through the raw event-ruler machine. */
  @Benchmark
  public void rawEventRuler(Cursor cursor, Blackhole hole) {
    hole.consume(raw.rulesForJSONEvent(cursor.next(events)));
  }

  /** Rule {@code i}: one of ten kinds, with values that some of the events carry. */
  static String pattern(int i) {
    int x = i % 50;
    return switch (i % 10) {
      case 0 -> "{\"source\": [\"app." + x + "\"], \"detail-type\": [\"Order Placed\"]}";
      case 1 ->
          "{\"source\": [{\"prefix\": \"app."
              + x
              + "\"}], \"detail\": {\"state\": [\"s"
              + (i % 7)
              + "\"]}}";
      case 2 ->
          "{\"source\": [\"app."
              + x
              + "\"], \"detail\": {\"amount\": [{\"numeric\": [\">\", "
              + (i % 100)
              + ", \"<=\", "
              + (i % 100 + 50)
              + "]}]}}";
      case 3 ->
          "{\"detail-type\": [\"Order Placed\", \"Order Shipped\"], \"detail\": {\"state\":"
              + " [{\"anything-but\": [\"s"
              + (i % 7)
              + "\", \"s"
              + ((i + 1) % 7)
              + "\"]}],"
              + " \"customer\": {\"tier\": [\"gold\"]}, \"region\": [\"r"
              + x
              + "\"]}}";
      case 4 ->
          "{\"source\": [\"app."
              + x
              + "\"], \"detail\": {\"customer\": {\"id\": [{\"exists\":"
              + " true}]}, \"coupon\": [{\"exists\": false}]}}";
      case 5 ->
          "{\"source\": [\"app."
              + x
              + "\"], \"detail\": {\"file\": [{\"suffix\": \"."
              + (x % 3)
              + "png\"}]}}";
      case 6 ->
          "{\"detail\": {\"ip\": [{\"cidr\": \"10."
              + x
              + ".0.0/16\"}], \"state\": [\"s"
              + (i % 7)
              + "\"]}}";
      case 7 ->
          "{\"$or\": [{\"source\": [\"app."
              + x
              + "\"], \"detail\": {\"state\": [\"s0\"]}},"
              + " {\"detail\": {\"tags\": [\"t"
              + x
              + "\"]}}]}";
      case 8 ->
          "{\"source\": [{\"equals-ignore-case\": \"APP."
              + x
              + "\"}], \"detail\": {\"items\":"
              + " {\"sku\": [\"sku-"
              + (i % 20)
              + "\"], \"qty\": [1, 2]}}}";
      default ->
          i % 50 == 9
              ? "{\"source\": [\"app."
                  + x
                  + "\"], \"detail\": {\"path\": [{\"wildcard\": \"dir/"
                  + x
                  + "/*.png\"}]}}"
              : "{\"account\": [\"1234567890" + (i % 100) + "\"], \"region\": [\"us-east-1\"]}";
    };
  }

  /** Event {@code k}: an order event whose fields vary with {@code k}. */
  static String event(int k) {
    int x = k % 50;
    return "{\"version\": \"0\", \"id\": \"6a7e8feb-b491-4cf7-a9f1-bf37034677"
        + (10 + k)
        + "\", \"detail-type\": \""
        + (k % 2 == 0 ? "Order Placed" : "Order Shipped")
        + "\", \"source\": \"app."
        + x
        + "\", \"account\": \"1234567890"
        + (k % 100)
        + "\", \"time\": \"2026-12-01T06:00:00Z\", \"region\": \"us-east-1\", \"resources\":"
        + " [\"arn:aws:events:us-east-1:123456789012:thing/"
        + k
        + "\"], \"detail\": {\"state\": \"s"
        + (k % 7)
        + "\", \"amount\": "
        + (k * 3 % 150)
        + ".5, \"customer\": {\"id\": \"c-"
        + k
        + "\", \"tier\": \""
        + (k % 3 == 0 ? "gold" : "silver")
        + "\"}, \"region\": \"r"
        + x
        + "\", \"file\": \"report."
        + (x % 3)
        + "png\", \"ip\": \"10."
        + x
        + ".3.4\", \"tags\": [\"t"
        + x
        + "\", \"t"
        + (x + 1)
        + "\"], \"items\": [{\"sku\": \"sku-"
        + (k % 20)
        + "\", \"qty\": 1}, {\"sku\": \"sku-"
        + ((k + 1) % 20)
        + "\", \"qty\": 5}], \"path\": \"dir/"
        + x
        + "/a/b.png\"}}";
  }
}
