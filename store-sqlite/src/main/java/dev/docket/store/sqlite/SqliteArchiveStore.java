package dev.docket.store.sqlite;

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
 * Archives as day segments: each archive has a number ({@code archives}), and each of its UTC days
 * a table {@code archive_<number>_<day>} keyed by {@code (time, sequence)}, catalogued with its
 * counters in {@code archive_segments}. Retention and DeleteArchive drop tables, so their cost does
 * not grow with the events they remove, and the writer never deletes rows one by one.
 *
 * <p>Why a table per archive and day rather than one table: SQLite has no partitions, and a {@code
 * DELETE} of a day's rows writes every page they were on into the WAL (and makes the live appends
 * behind it wait for the writer), while {@code DROP TABLE} frees the pages at once. The schema
 * grows by one table per archive and day; SQLite reads a schema of thousands of tables in
 * milliseconds. Statements naming a segment are prepared per call instead of cached, so the
 * statement caches do not grow with the days.
 *
 * <p>Thread-safe: writes run on the writer thread, reads on the read-only connections. A read that
 * meets a segment dropped since it read the catalogue treats it as empty.
 */
final class SqliteArchiveStore implements ArchiveStore {

  static final String ID = "SELECT id FROM archives WHERE arn = ?";
  static final String REGISTER = "INSERT OR IGNORE INTO archives (arn) VALUES (?)";
  static final String STATS =
      "SELECT coalesce(sum(events), 0), coalesce(sum(bytes), 0) FROM archive_segments"
          + " WHERE archive = ?";
  static final String SEGMENTS_BETWEEN =
      "SELECT day FROM archive_segments WHERE archive = ? AND day >= ? AND day <= ? ORDER BY day";
  static final String SEGMENTS_BEFORE =
      "SELECT day, events FROM archive_segments WHERE archive = ? AND day < ? ORDER BY day";
  static final String COUNT =
      "INSERT INTO archive_segments (archive, day, events, bytes) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (archive, day) DO UPDATE SET events = events + excluded.events,"
          + " bytes = bytes + excluded.bytes";
  static final String FORGET_SEGMENT = "DELETE FROM archive_segments WHERE archive = ? AND day = ?";
  static final String UNREGISTER = "DELETE FROM archives WHERE id = ?";

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private final Writer writer;
  private final Readers readers;

  SqliteArchiveStore(Writer writer, Readers readers) {
    this.writer = writer;
    this.readers = readers;
  }

  /** The name of the segment table of archive number {@code archive} and epoch day {@code day}. */
  static String segment(long archive, long day) {
    return "archive_" + archive + "_" + day;
  }

  /** The statement that creates a segment table. */
  static String createSegment(String table) {
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + " (time INTEGER NOT NULL, sequence INTEGER NOT NULL, id TEXT NOT NULL,"
        + " json TEXT NOT NULL, trace_header TEXT NOT NULL, PRIMARY KEY (time, sequence))";
  }

  /** The insert into a segment table; a position already there is skipped. */
  static String insertInto(String table) {
    return "INSERT OR IGNORE INTO "
        + table
        + " (time, sequence, id, json, trace_header) VALUES (?, ?, ?, ?, ?)";
  }

  /** A replay's page of a segment table. */
  static String readFrom(String table) {
    return "SELECT time, sequence, id, json, trace_header FROM "
        + table
        + " WHERE (time, sequence) > (?, ?) AND time <= ? ORDER BY time, sequence LIMIT ?";
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
    // group by archive and day, keeping each group's order
    Map<String, Map<Long, List<ArchivedEvent>>> groups = new LinkedHashMap<>();
    for (ArchivedEvent event : copy) {
      groups
          .computeIfAbsent(event.archive(), a -> new LinkedHashMap<>())
          .computeIfAbsent(day(micros(event.time())), d -> new ArrayList<>())
          .add(event);
    }
    return writer.write(
        session -> {
          int added = 0;
          for (Map.Entry<String, Map<Long, List<ArchivedEvent>>> archive : groups.entrySet()) {
            long id = register(session, archive.getKey());
            for (Map.Entry<Long, List<ArchivedEvent>> day : archive.getValue().entrySet()) {
              added += appendSegment(session, id, day.getKey(), day.getValue());
            }
          }
          return added;
        });
  }

  private static long register(Session session, String arn) throws SQLException {
    PreparedStatement insert = session.prepare(REGISTER);
    insert.setString(1, arn);
    insert.executeUpdate();
    return idOf(session, arn).orElseThrow();
  }

  private static Optional<Long> idOf(Session session, String arn) throws SQLException {
    PreparedStatement select = session.prepare(ID);
    select.setString(1, arn);
    try (ResultSet rows = select.executeQuery()) {
      return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
    }
  }

  private static int appendSegment(
      Session session, long archive, long day, List<ArchivedEvent> events) throws SQLException {
    String table = segment(archive, day);
    Connection connection = session.connection();
    try (Statement create = connection.createStatement()) {
      create.execute(createSegment(table));
    }
    int added = 0;
    long bytes = 0;
    try (PreparedStatement insert = connection.prepareStatement(insertInto(table))) {
      for (ArchivedEvent event : events) {
        insert.setLong(1, micros(event.time()));
        insert.setLong(2, event.sequence());
        insert.setString(3, event.id());
        insert.setString(4, event.json());
        insert.setString(5, event.traceHeader());
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
      PreparedStatement count = session.prepare(COUNT);
      count.setLong(1, archive);
      count.setLong(2, day);
      count.setLong(3, added);
      count.setLong(4, bytes);
      count.executeUpdate();
    }
    return added;
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
    long afterMicros = micros(after.time());
    long untilMicros = micros(until);
    return readers.read(
        session -> {
          Optional<Long> id = idOf(session, archive);
          if (id.isEmpty()) {
            return List.of();
          }
          List<Long> days = new ArrayList<>();
          PreparedStatement segments = session.prepare(SEGMENTS_BETWEEN);
          segments.setLong(1, id.get());
          segments.setLong(2, day(afterMicros));
          segments.setLong(3, day(untilMicros));
          try (ResultSet rows = segments.executeQuery()) {
            while (rows.next()) {
              days.add(rows.getLong(1));
            }
          }
          List<ArchivedEvent> events = new ArrayList<>(Math.min(limit, 1024));
          for (long day : days) {
            readSegment(
                session,
                archive,
                segment(id.get(), day),
                after,
                afterMicros,
                untilMicros,
                limit - events.size(),
                events);
            if (events.size() >= limit) {
              break;
            }
          }
          return events;
        });
  }

  private static void readSegment(
      Session session,
      String archive,
      String table,
      ArchivePosition after,
      long afterMicros,
      long untilMicros,
      int limit,
      List<ArchivedEvent> out)
      throws SQLException {
    try (PreparedStatement select = session.connection().prepareStatement(readFrom(table))) {
      select.setLong(1, afterMicros);
      select.setLong(2, after.sequence());
      select.setLong(3, untilMicros);
      select.setInt(4, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          out.add(Rows.archivedEvent(archive, rows));
        }
      }
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains("no such table")) {
        throw e;
      }
      // dropped by retention since the catalogue was read: nothing left in it to replay
    }
  }

  @Override
  public ArchiveStats stats(String archive) {
    Objects.requireNonNull(archive, "archive");
    return readers.read(
        session -> {
          Optional<Long> id = idOf(session, archive);
          if (id.isEmpty()) {
            return ArchiveStats.EMPTY;
          }
          PreparedStatement select = session.prepare(STATS);
          select.setLong(1, id.get());
          try (ResultSet rows = select.executeQuery()) {
            rows.next();
            return new ArchiveStats(rows.getLong(1), rows.getLong(2));
          }
        });
  }

  @Override
  public long expire(String archive, Instant before) {
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(before, "before");
    // a day's segment goes once its last instant is before 'before': its day is below day(before)
    long firstKept = day(micros(before));
    return writer.write(
        session -> {
          Optional<Long> id = idOf(session, archive);
          return id.isEmpty() ? 0L : dropSegments(session, id.get(), firstKept);
        });
  }

  @Override
  public void delete(String archive) {
    Objects.requireNonNull(archive, "archive");
    writer.write(
        session -> {
          Optional<Long> id = idOf(session, archive);
          if (id.isPresent()) {
            dropSegments(session, id.get(), Long.MAX_VALUE);
            PreparedStatement delete = session.prepare(UNREGISTER);
            delete.setLong(1, id.get());
            delete.executeUpdate();
          }
          return null;
        });
  }

  private static long dropSegments(Session session, long archive, long firstKept)
      throws SQLException {
    Map<Long, Long> days = new LinkedHashMap<>();
    PreparedStatement select = session.prepare(SEGMENTS_BEFORE);
    select.setLong(1, archive);
    select.setLong(2, firstKept);
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        days.put(rows.getLong(1), rows.getLong(2));
      }
    }
    long dropped = 0;
    for (Map.Entry<Long, Long> day : days.entrySet()) {
      try (Statement drop = session.connection().createStatement()) {
        drop.execute("DROP TABLE IF EXISTS " + segment(archive, day.getKey()));
      }
      PreparedStatement forget = session.prepare(FORGET_SEGMENT);
      forget.setLong(1, archive);
      forget.setLong(2, day.getKey());
      forget.executeUpdate();
      dropped += day.getValue();
    }
    return dropped;
  }
}
