package dev.docket.store.postgresql;

import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.ArchivePosition;
import dev.docket.store.ArchiveStats;
import dev.docket.store.ArchiveStore;
import dev.docket.store.ArchivedEvent;
import dev.docket.store.jdbc.Rows;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Archives as day partitions: {@code archive_events} is range-partitioned by {@code (archive,
 * time)}, one partition {@code archive_<number>_<day>} per archive and UTC day, catalogued with its
 * counters in {@code archive_segments}. Retention and DeleteArchive drop partitions, so their cost
 * does not grow with the events they remove and leaves no dead rows to vacuum.
 *
 * <p>A missing partition is created before the append's transaction, in a short transaction of its
 * own under a transaction-level advisory lock on the archive, so concurrent appenders (on any node)
 * create it once; an append that finds its partition dropped meanwhile (retention of a day that was
 * still receiving events) creates it again and retries. Reads go through the parent table: the
 * archive's partitions are merged in position order. Thread-safe.
 */
final class PostgresArchiveStore implements ArchiveStore {

  private static final String ID = "SELECT id FROM archives WHERE arn = ?";
  private static final String REGISTER =
      "INSERT INTO archives (arn) VALUES (?) ON CONFLICT (arn) DO NOTHING";
  private static final String LOCK_ARCHIVE = "SELECT pg_advisory_xact_lock(?, ?)";
  private static final String PARTITION_EXISTS = "SELECT to_regclass(?) IS NOT NULL";
  private static final String INSERT =
      "INSERT INTO archive_events (archive, time, sequence, id, json, trace_header)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String READ =
      "SELECT time, sequence, id, json, trace_header FROM archive_events"
          + " WHERE archive = ? AND (time, sequence) > (?, ?) AND time <= ?"
          + " ORDER BY time, sequence LIMIT ?";
  private static final String STATS =
      "SELECT coalesce(sum(events), 0), coalesce(sum(bytes), 0) FROM archive_segments"
          + " WHERE archive = ?";
  private static final String SEGMENTS_BEFORE =
      "SELECT day, events FROM archive_segments WHERE archive = ? AND day < ? ORDER BY day"
          + " FOR UPDATE";
  private static final String COUNT =
      "INSERT INTO archive_segments AS s (archive, day, events, bytes) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (archive, day) DO UPDATE SET events = s.events + excluded.events,"
          + " bytes = s.bytes + excluded.bytes";
  private static final String FORGET_SEGMENT =
      "DELETE FROM archive_segments WHERE archive = ? AND day = ?";
  private static final String PARTITIONS_BEFORE =
      "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
          + " WHERE i.inhparent = 'archive_events'::regclass AND c.relname LIKE ?";
  private static final String UNREGISTER = "DELETE FROM archives WHERE id = ?";

  /** The advisory lock namespace of archive partitions (the first key of the two-key form). */
  private static final int LOCK_SPACE = 0x0a7c;

  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final String NO_PARTITION = "23514"; // check_violation: no partition for a row

  private final Database database;

  PostgresArchiveStore(Database database) {
    this.database = database;
  }

  /** The partition of archive number {@code archive} and epoch day {@code day}. */
  static String partition(long archive, long day) {
    return "archive_" + archive + "_" + (day < 0 ? "m" + -day : Long.toString(day));
  }

  static long day(long micros) {
    return Math.floorDiv(micros, MICROS_PER_DAY);
  }

  @Override
  public int append(List<ArchivedEvent> events) {
    List<ArchivedEvent> copy = List.copyOf(events);
    if (copy.isEmpty()) {
      return 0;
    }
    Map<String, Map<Long, List<ArchivedEvent>>> groups = new LinkedHashMap<>();
    for (ArchivedEvent event : copy) {
      groups
          .computeIfAbsent(event.archive(), a -> new LinkedHashMap<>())
          .computeIfAbsent(day(micros(event.time())), d -> new ArrayList<>())
          .add(event);
    }
    for (int attempt = 1; ; attempt++) {
      Map<String, Long> ids = database.transaction(connection -> prepare(connection, groups));
      try {
        return database.transaction(
            connection -> {
              int added = 0;
              for (var archive : groups.entrySet()) {
                long id = ids.get(archive.getKey());
                for (var day : archive.getValue().entrySet()) {
                  added += appendDay(connection, id, day.getKey(), day.getValue());
                }
              }
              return added;
            });
      } catch (RuntimeException e) {
        if (attempt >= 3
            || !(e.getCause() instanceof SQLException sql)
            || !NO_PARTITION.equals(sql.getSQLState())) {
          throw e;
        }
        // a partition was dropped between its creation and the insert: create it again
      }
    }
  }

  /** Registers the archives and creates their missing partitions; returns their numbers. */
  private static Map<String, Long> prepare(
      Connection connection, Map<String, Map<Long, List<ArchivedEvent>>> groups)
      throws SQLException {
    Map<String, Long> ids = new LinkedHashMap<>();
    for (var archive : groups.entrySet()) {
      long id = register(connection, archive.getKey());
      ids.put(archive.getKey(), id);
      for (long day : archive.getValue().keySet()) {
        createPartition(connection, id, day);
      }
    }
    return ids;
  }

  private static long register(Connection connection, String arn) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(REGISTER)) {
      insert.setString(1, arn);
      insert.executeUpdate();
    }
    return idOf(connection, arn).orElseThrow();
  }

  private static void createPartition(Connection connection, long archive, long day)
      throws SQLException {
    String table = partition(archive, day);
    if (partitionExists(connection, table)) {
      return;
    }
    try (PreparedStatement lock = connection.prepareStatement(LOCK_ARCHIVE)) {
      lock.setInt(1, LOCK_SPACE);
      lock.setInt(2, (int) archive);
      lock.executeQuery().close();
    }
    if (partitionExists(connection, table)) {
      return; // another appender created it while this one waited
    }
    try (Statement create = connection.createStatement()) {
      create.execute(
          "CREATE TABLE "
              + table
              + " PARTITION OF archive_events FOR VALUES FROM ("
              + archive
              + ", "
              + day * MICROS_PER_DAY
              + ") TO ("
              + archive
              + ", "
              + (day + 1) * MICROS_PER_DAY
              + ")");
    }
  }

  private static boolean partitionExists(Connection connection, String table) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(PARTITION_EXISTS)) {
      select.setString(1, table);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getBoolean(1);
      }
    }
  }

  private static int appendDay(
      Connection connection, long archive, long day, List<ArchivedEvent> events)
      throws SQLException {
    int added = 0;
    long bytes = 0;
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (ArchivedEvent event : events) {
        insert.setLong(1, archive);
        insert.setLong(2, micros(event.time()));
        insert.setLong(3, event.sequence());
        insert.setString(4, event.id());
        insert.setString(5, event.json());
        insert.setString(6, event.traceHeader());
        insert.addBatch();
      }
      int[] counts = insert.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0) {
          added++;
          bytes += events.get(i).json().getBytes(StandardCharsets.UTF_8).length;
        }
      }
    }
    if (added > 0) {
      try (PreparedStatement count = connection.prepareStatement(COUNT)) {
        count.setLong(1, archive);
        count.setLong(2, day);
        count.setLong(3, added);
        count.setLong(4, bytes);
        count.executeUpdate();
      }
    }
    return added;
  }

  private static Optional<Long> idOf(Connection connection, String arn) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(ID)) {
      select.setString(1, arn);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
      }
    }
  }

  @Override
  public List<ArchivedEvent> read(String archive, ArchivePosition after, Instant until, int limit) {
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(until, "until");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, but was " + limit);
    }
    if (limit == 0 || until.isBefore(after.time())) {
      return List.of();
    }
    return database.read(
        connection -> {
          Optional<Long> id = idOf(connection, archive);
          if (id.isEmpty()) {
            return List.of();
          }
          List<ArchivedEvent> events = new ArrayList<>(Math.min(limit, 1024));
          try (PreparedStatement select = connection.prepareStatement(READ)) {
            select.setLong(1, id.get());
            select.setLong(2, micros(after.time()));
            select.setLong(3, after.sequence());
            select.setLong(4, micros(until));
            select.setInt(5, limit);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                events.add(Rows.archivedEvent(archive, rows));
              }
            }
          }
          return events;
        });
  }

  @Override
  public ArchiveStats stats(String archive) {
    Objects.requireNonNull(archive, "archive");
    return database.read(
        connection -> {
          Optional<Long> id = idOf(connection, archive);
          if (id.isEmpty()) {
            return ArchiveStats.EMPTY;
          }
          try (PreparedStatement select = connection.prepareStatement(STATS)) {
            select.setLong(1, id.get());
            try (ResultSet rows = select.executeQuery()) {
              rows.next();
              return new ArchiveStats(rows.getLong(1), rows.getLong(2));
            }
          }
        });
  }

  @Override
  public long expire(String archive, Instant before) {
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(before, "before");
    // a day's partition goes once its last instant is before 'before': its day is below day(before)
    long firstKept = day(micros(before));
    return database.transaction(
        connection -> {
          Optional<Long> id = idOf(connection, archive);
          return id.isEmpty() ? 0L : dropPartitions(connection, id.get(), firstKept);
        });
  }

  @Override
  public void delete(String archive) {
    Objects.requireNonNull(archive, "archive");
    database.transaction(
        connection -> {
          Optional<Long> id = idOf(connection, archive);
          if (id.isPresent()) {
            dropPartitions(connection, id.get(), Long.MAX_VALUE);
            try (PreparedStatement delete = connection.prepareStatement(UNREGISTER)) {
              delete.setLong(1, id.get());
              delete.executeUpdate();
            }
          }
          return null;
        });
  }

  private static long dropPartitions(Connection connection, long archive, long firstKept)
      throws SQLException {
    Map<Long, Long> days = new LinkedHashMap<>();
    try (PreparedStatement select = connection.prepareStatement(SEGMENTS_BEFORE)) {
      select.setLong(1, archive);
      select.setLong(2, firstKept);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          days.put(rows.getLong(1), rows.getLong(2));
        }
      }
    }
    long dropped = 0;
    for (Map.Entry<Long, Long> day : days.entrySet()) {
      try (Statement drop = connection.createStatement()) {
        drop.execute("DROP TABLE IF EXISTS " + partition(archive, day.getKey()));
      }
      try (PreparedStatement forget = connection.prepareStatement(FORGET_SEGMENT)) {
        forget.setLong(1, archive);
        forget.setLong(2, day.getKey());
        forget.executeUpdate();
      }
      dropped += day.getValue();
    }
    if (firstKept == Long.MAX_VALUE) {
      // an archive being deleted: also partitions created for appends that added nothing
      List<String> empty = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(PARTITIONS_BEFORE)) {
        select.setString(1, "archive\\_" + archive + "\\_%");
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            empty.add(rows.getString(1));
          }
        }
      }
      for (String table : empty) {
        try (Statement drop = connection.createStatement()) {
          drop.execute("DROP TABLE IF EXISTS " + table);
        }
      }
    }
    return dropped;
  }
}
