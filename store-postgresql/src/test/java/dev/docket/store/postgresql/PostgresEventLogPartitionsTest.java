package dev.docket.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.EventLogStore;
import dev.docket.store.LoggedEvent;
import dev.docket.store.NewEvent;
import dev.docket.store.Store;
import dev.docket.store.jdbc.MigrationScripts;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.junit.jupiter.api.Test;

/**
 * The event log in range partitions of the sequence (schema version 6): appends and reads across
 * partition boundaries with partitions created ahead, trims that drop whole partitions once every
 * bus has trimmed past them, concurrent appenders on several stores while a consumer trims and
 * partitions come and go, and a version-5 database migrated with its events, trims and cursors.
 * Small widths come from {@code event_log_settings}, the table an operator would change.
 */
class PostgresEventLogPartitionsTest {

  private static final String BUS = "arn:aws:events:us-east-1:000000000000:event-bus/default";
  private static final String OTHER_BUS = "arn:aws:events:us-east-1:000000000000:event-bus/b";
  private static final String GONE_BUS = "arn:aws:events:us-east-1:000000000000:event-bus/gone";

  private static TestDatabase database;
  private final List<Store> stores = new ArrayList<>();

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

  @AfterEach
  void closeStores() {
    stores.forEach(Store::close);
  }

  @Test
  void appendsCrossPartitionBoundariesWithPartitionsCreatedAheadAndReadsSpanThem()
      throws Exception {
    Store store = freshWithWidth(8);
    int before = partitions();
    List<Long> sequences = new ArrayList<>();

    for (int call = 0; call < 15; call++) {
      sequences.addAll(
          store
              .eventLog()
              .append(List.of(event(BUS, "e" + (2 * call)), event(BUS, "e" + (2 * call + 1)))));
      store.eventLog().append(List.of(event(OTHER_BUS, "x" + call)));
    }

    assertThat(partitions()).isGreaterThanOrEqualTo(before + 5);
    assertThat(missed(store)).isZero();
    assertThat(store.eventLog().read(BUS, 0, 100))
        .extracting(LoggedEvent::sequence)
        .isEqualTo(sequences);
    assertThat(readInPages(store.eventLog(), BUS, 0, 3))
        .extracting(LoggedEvent::id)
        .containsExactlyElementsOf(ids("e", 30));
    assertThat(store.eventLog().read(OTHER_BUS, 0, 100))
        .extracting(LoggedEvent::id)
        .containsExactlyElementsOf(ids("x", 15));
  }

  @Test
  void aPartitionIsDroppedOnlyOnceEveryBusHasTrimmedPastIt() throws Exception {
    Store store = freshWithWidth(8);
    EventLogStore log = store.eventLog();
    List<Long> bus = new ArrayList<>();
    List<Long> other = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      bus.add(log.append(List.of(event(BUS, "e" + i))).getFirst());
      other.add(log.append(List.of(event(OTHER_BUS, "x" + i))).getFirst());
    }
    int appended = partitions();

    int trimmed = log.trim(BUS, bus.get(15));

    assertThat(trimmed).isEqualTo(16);
    assertThat(partitions()).isEqualTo(appended); // OTHER_BUS still has all its events
    assertThat(log.read(BUS, 0, 100))
        .extracting(LoggedEvent::id)
        .containsExactly("e16", "e17", "e18", "e19");

    log.trim(OTHER_BUS, other.get(9));

    // everything below e10/x10 is trimmed on both buses: the partitions wholly below x10 go
    assertThat(partitions()).isLessThan(appended);
    assertThat(lowestPartitionUpper()).isGreaterThan(other.get(9) - 8);
    assertThat(log.read(OTHER_BUS, 0, 100))
        .extracting(LoggedEvent::id)
        .containsExactlyElementsOf(ids("x", 20).subList(10, 20));
    assertThat(log.read(BUS, 0, 100))
        .extracting(LoggedEvent::id)
        .containsExactly("e16", "e17", "e18", "e19");
  }

  @Test
  void trimmingEveryBusEmptyKeepsTheNewestPartitionAndLaterAppendsReadable() throws Exception {
    Store store = freshWithWidth(4);
    EventLogStore log = store.eventLog();
    for (int i = 0; i < 12; i++) {
      log.append(List.of(event(BUS, "e" + i), event(OTHER_BUS, "x" + i)));
    }

    assertThat(log.trim(BUS, Long.MAX_VALUE)).isEqualTo(12); // as when a bus is deleted
    assertThat(log.trim(OTHER_BUS, Long.MAX_VALUE)).isEqualTo(12);

    assertThat(partitions()).isBetween(1, 2);
    List<Long> later = log.append(List.of(event(BUS, "later")));
    assertThat(log.read(BUS, 0, 10)).extracting(LoggedEvent::id).containsExactly("later");
    assertThat(log.read(BUS, 0, 10).getFirst().sequence()).isEqualTo(later.getFirst());
    assertThat(missed(store)).isZero();
  }

  @Test
  void anAppendThatFindsNoPartitionCreatesItAndSucceeds() throws Exception {
    Store store = freshWithWidth(8);
    long beyond = lowestPartitionUpper() + 1_000_000_000L;
    execute("SELECT setval('event_sequence', " + beyond + ")");

    List<Long> sequences = store.eventLog().append(List.of(event(BUS, "a"), event(BUS, "b")));

    assertThat(sequences.getFirst()).isGreaterThan(beyond);
    assertThat(missed(store)).isEqualTo(1);
    assertThat(store.eventLog().read(BUS, 0, 10))
        .extracting(LoggedEvent::id)
        .containsExactly("a", "b");
  }

  @Test
  void concurrentAppendersOnSeveralStoresNeverFailWhileATrimmingConsumerDropsPartitions()
      throws Exception {
    Store reader = freshWithWidth(256);
    long firstSmall = query("SELECT max(lower) FROM event_partitions");
    for (int i = 0; i < 3; i++) {
      stores.add(database.open());
    }
    int nodes = 3;
    int appendersPerNode = 4;
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    List<Future<Map<String, Long>>> appenders = new ArrayList<>();
    Future<List<LoggedEvent>> tail;

    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      tail = executor.submit(() -> tailAndTrim(reader, done));
      for (int n = 1; n <= nodes; n++) {
        for (int a = 0; a < appendersPerNode; a++) {
          Store node = stores.get(n);
          String name = n + "." + a;
          appenders.add(executor.submit(() -> append(node, name, start)));
        }
      }
      start.countDown();
      for (Future<Map<String, Long>> appender : appenders) {
        appender.get();
      }
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
    // the two wide partitions of the fresh database went at the consumer's first trims at least
    assertThat(query("SELECT min(lower) FROM event_partitions")).isGreaterThanOrEqualTo(firstSmall);
  }

  @Test
  void aVersion5DatabaseMigratesWithItsEventsTrimsAndCursors() throws Exception {
    long nearBoundary = (1L << 20) - 5; // the old rows straddle the first two partitions
    try (Connection connection = connect()) {
      migrateToVersion5(connection);
      execute("SELECT setval('event_sequence', " + nearBoundary + ")");
      for (int i = 0; i < 6; i++) {
        appendAsVersion5(connection, BUS, "e" + i);
        appendAsVersion5(connection, OTHER_BUS, "x" + i);
      }
      appendAsVersion5(connection, GONE_BUS, "g");
      execute("DELETE FROM events WHERE bus = '" + BUS + "' AND sequence <= " + (nearBoundary + 3));
      execute("DELETE FROM events WHERE bus = '" + GONE_BUS + "'"); // trimmed when deleted
      execute("INSERT INTO cursors (consumer, sequence) VALUES ('router', 42)");
    }

    Store store = database.open();
    stores.add(store);
    EventLogStore log = store.eventLog();

    try (Connection connection = connect()) {
      assertThat(Migrations.currentVersion(connection)).isEqualTo(Migrations.latestVersion());
    }
    assertThat(partitions()).isEqualTo(3);
    assertThat(log.read(BUS, 0, 100))
        .extracting(LoggedEvent::id)
        .containsExactly("e2", "e3", "e4", "e5");
    List<LoggedEvent> other = log.read(OTHER_BUS, 0, 100);
    assertThat(other).extracting(LoggedEvent::id).containsExactlyElementsOf(ids("x", 6));
    assertThat(other.getFirst().sequence()).isEqualTo(nearBoundary + 2);
    assertThat(log.read(GONE_BUS, 0, 100)).isEmpty();
    assertThat(log.cursor("router")).isEqualTo(42);
    long next = log.append(List.of(event(BUS, "after"))).getFirst();
    assertThat(next).isGreaterThan(other.getLast().sequence());

    assertThat(log.trim(OTHER_BUS, Long.MAX_VALUE)).isEqualTo(6);
    assertThat(log.trim(BUS, Long.MAX_VALUE)).isEqualTo(5);

    // no bus (the deleted one included) holds the first partition any longer
    assertThat(partitions()).isEqualTo(2);
  }

  // --- helpers ---

  /** A fresh store whose partitions from the next append on are {@code width} wide. */
  private Store freshWithWidth(int width) throws Exception {
    Store store = database.fresh();
    stores.add(store);
    execute("UPDATE event_log_settings SET partition_width = " + width);
    long newestUpper = query("SELECT max(upper) FROM event_partitions");
    // the next append falls at the end of the newest (full-width) partition: the next is created
    execute("SELECT setval('event_sequence', " + (newestUpper - 2) + ")");
    String warmUp = "arn:aws:events:us-east-1:000000000000:event-bus/warm-up";
    store.eventLog().append(List.of(event(warmUp, "w")));
    store.eventLog().trim(warmUp, Long.MAX_VALUE);
    assertThat(query("SELECT max(upper) - max(lower) FROM event_partitions")).isEqualTo(width);
    return store;
  }

  private static List<LoggedEvent> readInPages(
      EventLogStore log, String bus, long after, int page) {
    List<LoggedEvent> all = new ArrayList<>();
    while (true) {
      List<LoggedEvent> batch = log.read(bus, after, page);
      if (batch.isEmpty()) {
        return all;
      }
      all.addAll(batch);
      after = batch.getLast().sequence();
    }
  }

  private static Map<String, Long> append(Store node, String name, CountDownLatch start)
      throws InterruptedException {
    start.await();
    Map<String, Long> sequences = new HashMap<>();
    for (int call = 0; call < 25; call++) {
      List<NewEvent> events = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        events.add(event(BUS, name + "-" + call + "-" + i));
      }
      List<Long> appended = node.eventLog().append(events);
      for (int i = 0; i < events.size(); i++) {
        sequences.put(events.get(i).id(), appended.get(i));
      }
    }
    return sequences;
  }

  /** A router's loop: reads after its cursor, advances it, trims behind it every few batches. */
  private static List<LoggedEvent> tailAndTrim(Store reader, AtomicBoolean done) {
    List<LoggedEvent> seen = new ArrayList<>();
    EventLogStore log = reader.eventLog();
    int batches = 0;
    while (true) {
      boolean finished = done.get();
      List<LoggedEvent> batch = log.read(BUS, log.cursor("t"), 50);
      if (batch.isEmpty()) {
        if (finished) {
          log.trim(BUS, log.cursor("t"));
          return seen;
        }
        Thread.yield();
        continue;
      }
      seen.addAll(batch);
      log.advance("t", batch.getLast().sequence());
      if (++batches % 4 == 0) {
        log.trim(BUS, batch.getLast().sequence());
      }
    }
  }

  private static void migrateToVersion5(Connection connection) throws SQLException {
    MigrationScripts version5 =
        new MigrationScripts(
            "db/postgresql",
            Migrations.SCRIPTS.subList(0, 5),
            PostgresEventLogPartitionsTest.class.getClassLoader());
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA public CASCADE");
      statement.execute("CREATE SCHEMA public");
      statement.execute(
          "CREATE TABLE docket_schema_version (version integer PRIMARY KEY,"
              + " script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
      for (String script : version5.scripts()) {
        for (String sql : version5.statements(script)) {
          statement.execute(sql);
        }
        statement.execute(
            "INSERT INTO docket_schema_version (version, script) VALUES ("
                + MigrationScripts.version(script)
                + ", '"
                + script
                + "')");
      }
    }
    assertThat(version5.latestVersion()).isEqualTo(5);
  }

  /** What a version-5 store's append did, in autocommit (one event per transaction is enough). */
  private static void appendAsVersion5(Connection connection, String bus, String id)
      throws SQLException {
    try (PreparedStatement append =
        connection.prepareStatement(
            "WITH drawn AS (SELECT nextval('event_sequence') AS s),"
                + " lock AS (INSERT INTO event_buses (bus, last_sequence) SELECT ?, s FROM drawn"
                + " ON CONFLICT (bus) DO UPDATE SET last_sequence = excluded.last_sequence)"
                + " INSERT INTO events (sequence, bus, id, time, json, trace_header)"
                + " SELECT s, ?, ?, 0, '{}', '' FROM drawn")) {
      append.setString(1, bus);
      append.setString(2, bus);
      append.setString(3, id);
      append.executeUpdate();
    }
  }

  private static long missed(Store store) {
    return ((GroupedEventLog) store.eventLog()).partitions().missed();
  }

  private static int partitions() throws SQLException {
    return (int) query("SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass");
  }

  private static long lowestPartitionUpper() throws SQLException {
    return query("SELECT min(upper) FROM event_partitions");
  }

  private static List<String> ids(String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }

  private static NewEvent event(String bus, String id) {
    return new NewEvent(bus, id, Instant.EPOCH, "{\"id\":\"" + id + "\"}", "");
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(database.config().url(), database.config().user(), "");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long query(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
