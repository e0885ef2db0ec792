package dev.docket.benchmarks.store;

import dev.docket.store.NewEvent;
import dev.docket.store.NewMessage;
import dev.docket.store.QueueRecord;
import dev.docket.store.Receipt;
import dev.docket.store.ReceiptOutcome;
import dev.docket.store.ReceiveRequest;
import dev.docket.store.SendResult;
import dev.docket.store.StoredMessage;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable throughput of the SQLite store: {@code send} of 1 KB messages, 1 or 10 per call, from 1
 * or 16 threads (each call returns only once fsync'd, so 16 threads measure group commit), a
 * receive of 10 followed by their delete, and the event log's {@code append} of 10 events of 1 KB
 * per call from 64 threads (PutEvents' path). Scores are calls per second; multiply by the messages
 * or events per call for messages or events per second.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.openjdk.jmh.Main SqliteStoreBenchmark -wi 1 -i
 * 2 -f 1}. The store lives in a fresh temporary directory per trial, on the same disk as {@code
 * java.io.tmpdir}.
 *
 * <p>Thread-safety: one instance is shared by all benchmark threads; the store is thread-safe and
 * the only mutable field besides it is an atomic counter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 3)
public class SqliteStoreBenchmark {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final String BODY = "x".repeat(1024);
  private static final String BUS = "arn:aws:events:us-east-1:000000000000:event-bus/default";
  private static final String EVENT =
      "{\"version\":\"0\",\"detail-type\":\"bench\",\"source\":\"bench\",\"detail\":{\"x\":\""
          + "x".repeat(900)
          + "\"}}";
  private static final int REFILL = 5_000;

  private final AtomicLong ids = new AtomicLong();
  private Path directory;
  private SqliteStore store;
  private long queueId;
  private ReceiveRequest receive;

  /** Opens a store in a fresh temporary directory with one empty queue. */
  @Setup
  public void open() throws IOException {
    directory = Files.createTempDirectory("docket-store-bench");
    store = SqliteStore.open(SqliteConfig.defaults(directory));
    QueueRecord queue =
        store
            .queues()
            .createQueue(
                new QueueRecord(0, "000000000000", "bench", false, Map.of(), Map.of(), NOW, NOW));
    queueId = queue.id();
    receive =
        new ReceiveRequest(
            queueId, NOW, 10, Duration.ofHours(1), false, Optional.empty(), Instant.EPOCH);
  }

  /** Closes the store and deletes its directory. */
  @TearDown
  public void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(SqliteStoreBenchmark::delete);
    }
  }

  /** One 1 KB message per call, one thread: one commit per call. */
  @Benchmark
  @Threads(1)
  public List<SendResult> sendOneFromOneThread() {
    return store.queues().send(queueId, messages(1));
  }

  /** Ten 1 KB messages per call, one thread. */
  @Benchmark
  @Threads(1)
  public List<SendResult> sendTenFromOneThread() {
    return store.queues().send(queueId, messages(10));
  }

  /** One 1 KB message per call, 16 threads sharing group commits. */
  @Benchmark
  @Threads(16)
  public List<SendResult> sendOneFromSixteenThreads() {
    return store.queues().send(queueId, messages(1));
  }

  /** Ten 1 KB messages per call, 16 threads sharing group commits. */
  @Benchmark
  @Threads(16)
  public List<SendResult> sendTenFromSixteenThreads() {
    return store.queues().send(queueId, messages(10));
  }

  /**
   * Receives up to 10 messages and deletes them: two durable operations. When the queue runs dry it
   * is refilled in large batches (rarely, and inside the measurement).
   */
  @Benchmark
  @Threads(1)
  public List<ReceiptOutcome> receiveAndDeleteTen() {
    List<StoredMessage> received = store.queues().receive(receive).messages();
    if (received.isEmpty()) {
      for (int i = 0; i < REFILL / 500; i++) {
        store.queues().send(queueId, messages(500));
      }
      received = store.queues().receive(receive).messages();
    }
    List<Receipt> receipts = new ArrayList<>(received.size());
    for (StoredMessage message : received) {
      receipts.add(new Receipt(message.sequence(), message.receiptToken()));
    }
    return store.queues().delete(queueId, receipts);
  }

  /**
   * Ten 1 KB events per call from 64 threads sharing group commits: PutEvents' storage path under
   * many concurrent callers.
   */
  @Benchmark
  @Threads(64)
  public List<Long> appendTenEventsFromSixtyFourThreads() {
    return store.eventLog().append(events(10));
  }

  private List<NewEvent> events(int count) {
    List<NewEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(new NewEvent(BUS, Long.toString(ids.incrementAndGet()), NOW, EVENT, ""));
    }
    return events;
  }

  private List<NewMessage> messages(int count) {
    List<NewMessage> messages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      messages.add(
          new NewMessage(
              Long.toString(ids.incrementAndGet()),
              BODY,
              "{}",
              NOW,
              NOW,
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
    }
    return messages;
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
