package dev.docket.store.postgresql;

import dev.docket.store.NewEvent;
import dev.docket.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cost report of the event log on PostgreSQL, not a test: it asserts nothing and is not run by
 * the build (its name does not end in {@code Test}). Run it by name:
 *
 * <pre>
 * DOCKET_TEST_POSTGRESQL_REQUIRED=1 ./mvnw -o -q -pl store-postgresql test \
 *     -Dtest=PostgresEventLogCost -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>It appends 8 threads &times; 400 calls of 10 events of about 1 KiB (PutEvents' batch), spread
 * over 4 buses, then trims each bus through its last event in steps of 1,600 events (a router trims
 * every 16 batches of 100), then runs {@code VACUUM events}, and prints, per event, the wall time
 * and the CPU of the database backends of its own database (from {@code /proc}), and the bytes the
 * log occupies after each phase. {@code -Ddocket.bench.partition-width=N} sets the partition width
 * before the run where the schema has one, to show partition creation and dropping at an
 * exaggerated rate. Dead rows are counted with the {@code pgstattuple} extension (PostgreSQL's
 * contrib).
 */
class PostgresEventLogCost {

  private static final int THREADS = 8;
  private static final int CALLS = 400;
  private static final int EVENTS_PER_CALL = 10;
  private static final int BUSES = 4;
  private static final int TRIM_STEP = 1_600;
  private static final String PAYLOAD = "x".repeat(1000);
  // the log's tables: events itself before version 6, its partitions events_<n> since
  private static final String LEAVES = " WHERE relkind = 'r' AND relname ~ '^events(_[0-9]+)?$'";

  private static TestDatabase database;

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

  @Test
  void reportAppendAndTrimCost() throws Exception {
    try (Store store = database.fresh();
        Connection admin =
            DriverManager.getConnection(database.config().url(), database.config().user(), "")) {
      execute(admin, "CREATE EXTENSION IF NOT EXISTS pgstattuple");
      String width = System.getProperty("docket.bench.partition-width");
      if (width != null) { // and the next sequence at the end of the newest (full-width) one
        execute(admin, "UPDATE event_log_settings SET partition_width = " + width);
        long upper = query(admin, "SELECT max(upper) FROM event_partitions");
        execute(admin, "SELECT setval('event_sequence', " + (upper - 2) + ")");
      }
      appendAll(store, 20); // warm the pool, the JIT and the plans
      List<Long> lasts = new ArrayList<>();

      long cpu = backendTicks(admin);
      long start = System.nanoTime();
      List<Future<Long>> appenders = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      try (ExecutorService executor = Executors.newFixedThreadPool(THREADS)) {
        for (int t = 0; t < THREADS; t++) {
          String bus = "bus-" + (t % BUSES);
          appenders.add(executor.submit(() -> appendCalls(store, bus, CALLS, go)));
        }
        go.countDown();
        for (Future<Long> appender : appenders) {
          lasts.add(appender.get());
        }
      }
      long appendNanos = System.nanoTime() - start;
      long appendTicks = backendTicks(admin) - cpu;
      int events = THREADS * CALLS * EVENTS_PER_CALL;
      report("append", events, appendNanos, appendTicks, admin);

      cpu = backendTicks(admin);
      start = System.nanoTime();
      int trimmed = 0;
      for (int b = 0; b < BUSES; b++) {
        String bus = "bus-" + b;
        long last = 0;
        for (int t = b; t < THREADS; t += BUSES) {
          last = Math.max(last, lasts.get(t));
        }
        long first = store.eventLog().read(bus, 0, 1).getFirst().sequence();
        for (long through = first + TRIM_STEP; ; through += TRIM_STEP) {
          trimmed += store.eventLog().trim(bus, Math.min(through, last));
          if (through >= last) {
            break;
          }
        }
      }
      report("trim", trimmed, System.nanoTime() - start, backendTicks(admin) - cpu, admin);

      cpu = backendTicks(admin);
      start = System.nanoTime();
      execute(admin, "VACUUM events");
      report("vacuum", trimmed, System.nanoTime() - start, backendTicks(admin) - cpu, admin);
    }
  }

  private static void appendAll(Store store, int calls) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(0);
    for (int b = 0; b < BUSES; b++) {
      appendCalls(store, "bus-" + b, calls, go);
    }
  }

  private static long appendCalls(Store store, String bus, int calls, CountDownLatch go)
      throws InterruptedException {
    go.await();
    long last = 0;
    for (int c = 0; c < calls; c++) {
      List<NewEvent> events = new ArrayList<>(EVENTS_PER_CALL);
      for (int i = 0; i < EVENTS_PER_CALL; i++) {
        events.add(new NewEvent(bus, bus + "-" + c + "-" + i, Instant.now(), PAYLOAD, ""));
      }
      last = store.eventLog().append(events).getLast();
    }
    return last;
  }

  private static void report(String phase, int events, long nanos, long ticks, Connection admin)
      throws Exception {
    long bytes =
        query(admin, "SELECT coalesce(sum(pg_total_relation_size(oid)), 0) FROM pg_class" + LEAVES);
    long partitions = query(admin, "SELECT count(*) FROM pg_class" + LEAVES);
    long rows = query(admin, "SELECT count(*) FROM events"); // trimmed or not
    // counted by scanning (pgstattuple): the statistics views lag by up to 10 s
    long dead =
        query(
            admin,
            "SELECT coalesce(sum((pgstattuple(oid)).dead_tuple_count), 0) FROM pg_class" + LEAVES);
    System.out.printf(
        "event-log-cost %s: %d events, %.1f us wall/event (%.0f events/s), %.1f us backend"
            + " CPU/event; events now %d bytes in %d leaf table(s), %d rows, %d dead%n",
        phase,
        events,
        nanos / 1000.0 / events,
        events * 1e9 / nanos,
        ticks * 10_000.0 / events,
        bytes,
        partitions,
        rows,
        dead);
  }

  /** CPU clock ticks (1/100 s) of the backends connected to this database, from {@code /proc}. */
  private static long backendTicks(Connection admin) throws Exception {
    long ticks = 0;
    try (Statement statement = admin.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()")) {
      while (rows.next()) {
        Path stat = Path.of("/proc", Integer.toString(rows.getInt(1)), "stat");
        if (!Files.exists(stat)) {
          continue;
        }
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
      }
    }
    return ticks;
  }

  private static long query(Connection admin, String sql) throws Exception {
    try (Statement statement = admin.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void execute(Connection admin, String sql) throws Exception {
    try (Statement statement = admin.createStatement()) {
      statement.execute(sql);
    }
  }
}
