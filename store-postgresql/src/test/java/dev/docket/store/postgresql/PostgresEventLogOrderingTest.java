package dev.docket.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.LoggedEvent;
import dev.docket.store.NewEvent;
import dev.docket.store.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event log's ordering promise with several stores (as several nodes would) on one database,
 * each with its own connection pool: a reader never passes a sequence an open transaction may still
 * commit below, so a tailing consumer sees every event exactly once, in order, whoever appended it,
 * and rolled-back appends only leave gaps.
 */
class PostgresEventLogOrderingTest {

  private static final String BUS = "arn:aws:events:us-east-1:000000000000:event-bus/default";
  private static final String OTHER_BUS = "arn:aws:events:us-east-1:000000000000:event-bus/b";
  private static final int NODES = 3;
  private static final int APPENDERS_PER_NODE = 4;
  private static final int CALLS = 25;
  private static final int EVENTS_PER_CALL = 5;

  private static TestDatabase database;
  private final List<Store> nodes = new ArrayList<>();

  @BeforeAll
  static void createDatabase() {
    database = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.drop();
    }
  }

  @BeforeEach
  void openNodes() {
    nodes.add(database.fresh());
    for (int i = 1; i <= NODES; i++) {
      nodes.add(database.open());
    }
  }

  @AfterEach
  void closeNodes() {
    nodes.forEach(Store::close);
  }

  @Test
  void aTailOnOneNodeSeesEveryEventAppendedOnOthersOnceAndInOrderDespiteRollbacks()
      throws Exception {
    Store reader = nodes.getFirst();
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    List<Future<Map<String, Long>>> appenders = new ArrayList<>();
    Future<List<LoggedEvent>> tail;

    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      tail = executor.submit(() -> tail(reader, done));
      for (int n = 1; n <= NODES; n++) {
        for (int a = 0; a < APPENDERS_PER_NODE; a++) {
          Store node = nodes.get(n);
          String name = n + "." + a;
          appenders.add(executor.submit(() -> append(node, name, start)));
        }
      }
      Future<?> rollbacks = executor.submit(() -> rollBackAppends(start));
      start.countDown();
      for (Future<Map<String, Long>> appender : appenders) {
        appender.get();
      }
      rollbacks.get();
      done.set(true);
    }

    Map<String, Long> appended = new HashMap<>();
    for (Future<Map<String, Long>> appender : appenders) {
      appended.putAll(appender.get());
    }
    List<LoggedEvent> seen = tail.get();
    assertThat(seen)
        .extracting(LoggedEvent::id)
        .containsExactlyInAnyOrderElementsOf(appended.keySet());
    assertThat(seen).extracting(LoggedEvent::sequence).isSorted().doesNotHaveDuplicates();
    assertThat(seen).allSatisfy(e -> assertThat(e.sequence()).isEqualTo(appended.get(e.id())));
  }

  @Test
  void anAppendToABusWaitsForAnOpenAppendToItAndReadersStopBelowTheOpenOne() throws Exception {
    Store reader = nodes.get(0);
    long first = nodes.get(1).eventLog().append(List.of(event(BUS, "first"))).getFirst();

    try (Connection open = DriverManager.getConnection(database.config().url(), "postgres", "")) {
      open.setAutoCommit(false);
      long held = beginAppend(open, BUS, "held");
      try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<List<Long>> later =
            executor.submit(() -> nodes.get(2).eventLog().append(List.of(event(BUS, "later"))));
        Future<List<Long>> elsewhere =
            executor.submit(() -> nodes.get(3).eventLog().append(List.of(event(OTHER_BUS, "x"))));
        awaitLockWait();

        assertThat(elsewhere.get().getFirst()).isGreaterThan(held);
        assertThat(later).isNotDone();
        assertThat(reader.eventLog().read(BUS, first, 10)).isEmpty();

        open.commit();
        long afterHeld = later.get().getFirst();

        assertThat(afterHeld).isGreaterThan(held);
        assertThat(reader.eventLog().read(BUS, first, 10))
            .extracting(LoggedEvent::id)
            .containsExactly("held", "later");
      }
    }
  }

  /** Waits until some session of the test database waits for a row lock. */
  private static void awaitLockWait() throws Exception {
    try (Connection admin = DriverManager.getConnection(database.config().url(), "postgres", "");
        PreparedStatement waiting =
            admin.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock'")) {
      while (true) {
        try (ResultSet rows = waiting.executeQuery()) {
          rows.next();
          if (rows.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(5);
      }
    }
  }

  /** What an append does before it commits, on a raw connection; returns the sequence drawn. */
  private static long beginAppend(Connection connection, String bus, String id) throws Exception {
    try (PreparedStatement lock =
        connection.prepareStatement(
            "INSERT INTO event_buses (bus, last_sequence) VALUES (?, 0) ON CONFLICT (bus)"
                + " DO UPDATE SET last_sequence = event_buses.last_sequence")) {
      lock.setString(1, bus);
      lock.executeUpdate();
    }
    long sequence;
    try (Statement draw = connection.createStatement();
        ResultSet rows = draw.executeQuery("SELECT nextval('event_sequence')")) {
      rows.next();
      sequence = rows.getLong(1);
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO events (sequence, bus, id, time, json, trace_header)"
                + " VALUES (?, ?, ?, 0, '{}', '')")) {
      insert.setLong(1, sequence);
      insert.setString(2, bus);
      insert.setString(3, id);
      insert.executeUpdate();
    }
    return sequence;
  }

  /** Appends that draw sequences and roll back, leaving gaps among the committed ones. */
  private static Void rollBackAppends(CountDownLatch start) throws Exception {
    start.await();
    try (Connection connection =
        DriverManager.getConnection(database.config().url(), "postgres", "")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < CALLS; i++) {
        beginAppend(connection, BUS, "rolled-back-" + i);
        connection.rollback();
      }
    }
    return null;
  }

  private static Map<String, Long> append(Store node, String name, CountDownLatch start)
      throws InterruptedException {
    start.await();
    Map<String, Long> sequences = new HashMap<>();
    for (int call = 0; call < CALLS; call++) {
      List<NewEvent> events = new ArrayList<>();
      for (int i = 0; i < EVENTS_PER_CALL; i++) {
        events.add(event(i == 0 ? OTHER_BUS : BUS, name + "-" + call + "-" + i));
      }
      List<Long> appended = node.eventLog().append(events);
      for (int i = 0; i < events.size(); i++) {
        if (events.get(i).bus().equals(BUS)) {
          sequences.put(events.get(i).id(), appended.get(i));
        }
      }
    }
    return sequences;
  }

  /** A router's loop over its durable cursor, until the appenders are done and nothing is left. */
  private static List<LoggedEvent> tail(Store reader, AtomicBoolean done) {
    List<LoggedEvent> seen = new ArrayList<>();
    while (true) {
      boolean finished = done.get();
      List<LoggedEvent> batch = reader.eventLog().read(BUS, reader.eventLog().cursor("t"), 50);
      if (batch.isEmpty()) {
        if (finished) {
          return seen;
        }
        Thread.yield();
        continue;
      }
      seen.addAll(batch);
      reader.eventLog().advance("t", batch.getLast().sequence());
    }
  }

  private static NewEvent event(String bus, String id) {
    return new NewEvent(bus, id, Instant.EPOCH, "{\"id\":\"" + id + "\"}", "");
  }
}
