package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.EventLogStore;
import dev.docket.store.Lease;
import dev.docket.store.LoggedEvent;
import dev.docket.store.NewEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The per-bus event log: appends numbered in order, reads per bus after a sequence, consumer
 * cursors that only move forward, trimming; and under concurrent appends, a consumer that reads
 * after its cursor and advances it through what it read sees every event exactly once.
 */
public abstract class EventLogContract extends StoreContract {

  /** The bus most cases append to. */
  protected static final String BUS = "arn:aws:events:us-east-1:000000000000:event-bus/default";

  /** Another bus, whose events a reader of {@link #BUS} must never see. */
  protected static final String OTHER_BUS = "arn:aws:events:us-east-1:000000000000:event-bus/b";

  private static final int APPENDERS = 8;
  private static final int CALLS_PER_APPENDER = 20;
  private static final int EVENTS_PER_CALL = 10;

  @Test
  void appendReturnsIncreasingSequencesInTheOrderOfTheEvents() {
    List<Long> first = log().append(List.of(event(BUS, "a"), event(BUS, "b"), event(BUS, "c")));
    List<Long> second = log().append(List.of(event(BUS, "d")));

    assertThat(first).hasSize(3).isSorted().doesNotHaveDuplicates();
    assertThat(first).allSatisfy(sequence -> assertThat(sequence).isPositive());
    assertThat(second.getFirst()).isGreaterThan(first.getLast());
    assertThat(log().append(List.of())).isEmpty();
  }

  @Test
  void readReturnsTheEventsOfABusAfterASequenceUpToTheLimit() {
    List<Long> sequences =
        log().append(List.of(event(BUS, "a"), event(BUS, "b"), event(BUS, "c"), event(BUS, "d")));

    List<LoggedEvent> all = log().read(BUS, 0, 100);
    List<LoggedEvent> page = log().read(BUS, sequences.get(0), 2);

    assertThat(ids(all)).containsExactly("a", "b", "c", "d");
    assertThat(all).extracting(LoggedEvent::sequence).isEqualTo(sequences);
    assertThat(ids(page)).containsExactly("b", "c");
    assertThat(log().read(BUS, sequences.getLast(), 100)).isEmpty();
    assertThat(log().read(BUS, 0, 0)).isEmpty();
  }

  @Test
  void readReturnsEveryFieldAsAppended() {
    NewEvent event =
        new NewEvent(BUS, "id-1", at(7).plusMillis(250), "{\"detail\":{\"k\":\"é\"}}", "Root=1-x");
    long sequence = log().append(List.of(event)).getFirst();

    LoggedEvent read = log().read(BUS, 0, 1).getFirst();

    assertThat(read)
        .isEqualTo(
            new LoggedEvent(
                BUS, sequence, "id-1", at(7).plusMillis(250), event.json(), "Root=1-x"));
  }

  @Test
  void readersOfABusNeverSeeEventsOfOtherBuses() {
    log().append(List.of(event(BUS, "a"), event(OTHER_BUS, "x"), event(BUS, "b")));
    log().append(List.of(event(OTHER_BUS, "y")));

    assertThat(ids(log().read(BUS, 0, 100))).containsExactly("a", "b");
    assertThat(ids(log().read(OTHER_BUS, 0, 100))).containsExactly("x", "y");
    assertThat(log().read("arn:aws:events:us-east-1:000000000000:event-bus/none", 0, 100))
        .isEmpty();
  }

  @Test
  void cursorIsZeroUntilAdvancedAndNeverMovesBack() {
    assertThat(log().cursor("router:a")).isZero();

    log().advance("router:a", 10);
    log().advance("router:a", 4);
    log().advance("router:b", 3);

    assertThat(log().cursor("router:a")).isEqualTo(10);
    assertThat(log().cursor("router:b")).isEqualTo(3);
    log().advance("router:a", 12);
    assertThat(log().cursor("router:a")).isEqualTo(12);
  }

  @Test
  void forgottenCursorStartsAgainFromZero() {
    log().advance("router:a", 10);
    log().advance("router:b", 10);

    log().forget("router:a");
    log().forget("router:none");

    assertThat(log().cursor("router:a")).isZero();
    assertThat(log().cursor("router:b")).isEqualTo(10);
    log().advance("router:a", 2);
    assertThat(log().cursor("router:a")).isEqualTo(2);
  }

  @Test
  void trimDeletesOneBusThroughASequenceAndCountsWhatItDeleted() {
    List<Long> sequences =
        log()
            .append(
                List.of(event(BUS, "a"), event(OTHER_BUS, "x"), event(BUS, "b"), event(BUS, "c")));

    int trimmed = log().trim(BUS, sequences.get(2));

    assertThat(trimmed).isEqualTo(2);
    assertThat(ids(log().read(BUS, 0, 100))).containsExactly("c");
    assertThat(ids(log().read(OTHER_BUS, 0, 100))).containsExactly("x");
    assertThat(log().trim(BUS, sequences.get(2))).isZero();
  }

  @Test
  void sequencesAreNotReusedAfterTheNewestEventsAreTrimmed() {
    List<Long> before = log().append(List.of(event(BUS, "a"), event(BUS, "b")));
    log().trim(BUS, before.getLast());

    long next = log().append(List.of(event(BUS, "c"))).getFirst();

    assertThat(next).isGreaterThan(before.getLast());
    assertThat(ids(log().read(BUS, before.getLast(), 10))).containsExactly("c");
  }

  @Test
  void tailingConsumerSeesEveryConcurrentlyAppendedEventExactlyOnceInSequenceOrder()
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean appendersDone = new AtomicBoolean();
    List<Future<Map<String, Long>>> appenders = new ArrayList<>();
    Future<List<LoggedEvent>> consumer;

    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      consumer = executor.submit(() -> tail("tail", appendersDone));
      for (int a = 0; a < APPENDERS; a++) {
        int appender = a;
        appenders.add(executor.submit(() -> appendConcurrently(appender, start)));
      }
      start.countDown();
      for (Future<Map<String, Long>> future : appenders) {
        future.get();
      }
      appendersDone.set(true);
    }

    Map<String, Long> appended = new HashMap<>();
    for (Future<Map<String, Long>> future : appenders) {
      appended.putAll(future.get());
    }
    List<LoggedEvent> seen = consumer.get();
    assertThat(appended).hasSize(APPENDERS * CALLS_PER_APPENDER * (EVENTS_PER_CALL - 1));
    assertThat(ids(seen))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(appended.keySet());
    assertThat(seen).extracting(LoggedEvent::sequence).isSorted().doesNotHaveDuplicates();
    assertThat(seen).allSatisfy(e -> assertThat(e.sequence()).isEqualTo(appended.get(e.id())));
    assertThat(log().cursor("tail")).isEqualTo(seen.getLast().sequence());
    assertThat(log().read(OTHER_BUS, 0, 10_000)).hasSize(APPENDERS * CALLS_PER_APPENDER);
  }

  /**
   * Appends {@link #CALLS_PER_APPENDER} calls of {@link #EVENTS_PER_CALL} events, one of each call
   * to {@link #OTHER_BUS}; returns the sequences of the events of {@link #BUS} by id.
   */
  private Map<String, Long> appendConcurrently(int appender, CountDownLatch start)
      throws InterruptedException {
    start.await();
    Map<String, Long> sequences = new HashMap<>();
    long previous = 0;
    for (int call = 0; call < CALLS_PER_APPENDER; call++) {
      List<NewEvent> events = new ArrayList<>(EVENTS_PER_CALL);
      for (int i = 0; i < EVENTS_PER_CALL; i++) {
        String bus = i == EVENTS_PER_CALL / 2 ? OTHER_BUS : BUS;
        events.add(event(bus, appender + "-" + call + "-" + i));
      }
      List<Long> appended = log().append(events);
      assertThat(appended).hasSize(EVENTS_PER_CALL).isSorted();
      assertThat(appended.getFirst()).isGreaterThan(previous);
      previous = appended.getLast();
      for (int i = 0; i < EVENTS_PER_CALL; i++) {
        if (events.get(i).bus().equals(BUS)) {
          sequences.put(events.get(i).id(), appended.get(i));
        }
      }
    }
    return sequences;
  }

  /**
   * A router's loop: reads a batch after its durable cursor and advances the cursor to the last
   * event read, until the appenders are done and a read that began after that finds nothing.
   */
  private List<LoggedEvent> tail(String consumer, AtomicBoolean appendersDone) {
    List<LoggedEvent> seen = new ArrayList<>();
    while (true) {
      boolean finished = appendersDone.get();
      List<LoggedEvent> batch = log().read(BUS, log().cursor(consumer), 64);
      if (batch.isEmpty()) {
        if (finished) {
          return seen;
        }
        Thread.yield();
        continue;
      }
      seen.addAll(batch);
      log().advance(consumer, batch.getLast().sequence());
    }
  }

  private EventLogStore log() {
    return store.eventLog();
  }

  /** An event with a small JSON envelope at {@link #T0}. */
  @Test
  void aFencedAdvanceMovesTheCursorOnlyWhileItsLeaseIsHeldUnderItsToken() {
    Instant now = T0;
    Duration ttl = Duration.ofSeconds(10);
    Lease first = store.leases().acquire("router:x", "node-a", ttl, now).orElseThrow();

    assertThat(log().advance("router:x", 5, first)).isTrue();
    assertThat(log().cursor("router:x")).isEqualTo(5);
    // expired but not taken: nobody else did the work, the holder may still advance
    assertThat(log().advance("router:x", 6, first)).isTrue();

    Lease second = store.leases().acquire("router:x", "node-b", ttl, now.plus(ttl)).orElseThrow();
    assertThat(log().advance("router:x", 9, first)).isFalse();
    assertThat(log().cursor("router:x")).isEqualTo(6);
    assertThat(log().advance("router:x", 7, second)).isTrue();
    assertThat(log().advance("router:x", 3, second)).isTrue();
    assertThat(log().cursor("router:x")).isEqualTo(7);

    // a fence from the right owner with a stale token, and a released lease, move nothing
    Lease forged = new Lease("router:x", "node-b", first.token(), second.until());
    assertThat(log().advance("router:x", 20, forged)).isFalse();
    assertThat(store.leases().release("router:x", "node-b", second.token())).isTrue();
    assertThat(log().advance("router:x", 20, second)).isFalse();
    assertThat(log().advance("router:y", 20, second)).isFalse();
    assertThat(log().cursor("router:x")).isEqualTo(7);
    assertThat(log().cursor("router:y")).isZero();
  }

  protected static NewEvent event(String bus, String id) {
    return new NewEvent(bus, id, T0, "{\"id\":\"" + id + "\",\"detail\":{}}", "");
  }

  /** The ids of events, in order. */
  protected static List<String> ids(List<LoggedEvent> events) {
    return events.stream().map(LoggedEvent::id).toList();
  }
}
