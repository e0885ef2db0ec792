package dev.docket.store.postgresql;

import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.EventLogStore;
import dev.docket.store.Lease;
import dev.docket.store.LoggedEvent;
import dev.docket.store.NewEvent;
import dev.docket.store.jdbc.NameRange;
import dev.docket.store.jdbc.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The event logs of all buses in one table {@code events}, range-partitioned by sequence ({@link
 * EventPartitions}), trim watermarks in {@code event_trims}, consumer cursors in {@code cursors}.
 *
 * <p>Why {@link #read} never lets a cursor skip, with many writers on many nodes: an append first
 * locks the counter row of each of its buses in {@code event_buses} (in bus order, so appends to
 * several buses cannot deadlock), then draws its sequences from the database sequence {@code
 * event_sequence}, inserts its events and records the last sequence in each bus's row, and commits,
 * which releases the rows. The next append to a bus can draw only after that commit, and a sequence
 * drawn later is larger: so the sequences of one bus are drawn and committed in increasing order,
 * and a reader that sees sequence <i>s</i> of a bus knows every smaller sequence of that bus has
 * committed (and is visible to it) or rolled back (a gap, never filled). A plain {@code sequence >
 * after} read is therefore the watermark read the contract asks for. Appends to different buses do
 * not contend; sequences are store-wide increasing, as on SQLite.
 *
 * <p>Why trimming deletes nothing: a trim raises its bus's watermark in {@code event_trims} (never
 * past the bus's last committed sequence, so later appends stay readable) and reads skip what is
 * below it. The rows stay until their whole partition is below every bus's watermark and is
 * dropped, so the log is insert-only: no dead rows, no vacuum of deletes, no index entries to skip
 * at the head of the bus index.
 *
 * <p>Thread-safe.
 */
final class PostgresEventLogStore implements EventLogStore {

  private static final String LOCK_BUS =
      "INSERT INTO event_buses (bus, last_sequence) VALUES (?, 0)"
          + " ON CONFLICT (bus) DO UPDATE SET last_sequence = event_buses.last_sequence";
  private static final String DRAW = "SELECT nextval('event_sequence') FROM generate_series(1, ?)";
  private static final String APPEND =
      "INSERT INTO events (sequence, bus, id, time, json, trace_header) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String RECORD_LAST =
      "UPDATE event_buses SET last_sequence = greatest(last_sequence, ?) WHERE bus = ?";
  private static final String READ =
      "SELECT sequence, id, time, json, trace_header FROM events WHERE bus = ? AND sequence >"
          + " greatest(?::bigint, (SELECT through FROM event_trims WHERE bus = ?))"
          + " ORDER BY sequence LIMIT ?";
  private static final String CURSOR = "SELECT sequence FROM cursors WHERE consumer = ?";
  private static final String ADVANCE =
      "INSERT INTO cursors (consumer, sequence) VALUES (?, ?) ON CONFLICT (consumer)"
          + " DO UPDATE SET sequence = greatest(cursors.sequence, excluded.sequence)";
  private static final String FORGET = "DELETE FROM cursors WHERE consumer = ?";
  private static final String LAST = "SELECT last_sequence FROM event_buses WHERE bus = ?";
  private static final String TRIM_ROW =
      "INSERT INTO event_trims (bus, through) VALUES (?, 0) ON CONFLICT (bus) DO NOTHING";
  private static final String TRIMMED = "SELECT through FROM event_trims WHERE bus = ? FOR UPDATE";
  private static final String COUNT =
      "SELECT count(*) FROM events WHERE bus = ? AND sequence > ? AND sequence <= ?";
  private static final String SET_TRIMMED = "UPDATE event_trims SET through = ? WHERE bus = ?";
  // whether this trim took its bus out of a partition that is not the newest
  private static final String RELEASES =
      "SELECT EXISTS (SELECT 1 FROM event_partitions WHERE upper > ? AND (upper <= ? OR ?)"
          + " AND lower < (SELECT max(lower) FROM event_partitions))";
  private static final int APPEND_ATTEMPTS = 4;

  private final Database database;
  private final EventPartitions partitions;

  PostgresEventLogStore(Database database) {
    this.database = database;
    this.partitions = new EventPartitions(database);
  }

  /** The partitions of the log (for tests). */
  EventPartitions partitions() {
    return partitions;
  }

  @Override
  public List<Long> append(List<NewEvent> events) {
    List<NewEvent> copy = List.copyOf(events);
    if (copy.isEmpty()) {
      return List.of();
    }
    TreeSet<String> buses = new TreeSet<>(NameRange::compare);
    copy.forEach(event -> buses.add(event.bus()));
    for (int attempt = 1; ; attempt++) {
      try {
        List<Long> sequences = database.transaction(connection -> insert(connection, copy, buses));
        partitions.appended(sequences.getLast());
        return sequences;
      } catch (RuntimeException e) {
        if (attempt >= APPEND_ATTEMPTS || !EventPartitions.isMissingPartition(e)) {
          throw e;
        }
        partitions.missing(); // and again, with new sequences
      }
    }
  }

  /** The append's transaction; returns the sequences drawn, in increasing order. */
  private static List<Long> insert(
      Connection connection, List<NewEvent> copy, TreeSet<String> buses) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(LOCK_BUS)) {
      for (String bus : buses) {
        lock.setString(1, bus);
        lock.executeUpdate();
      }
    }
    Long[] sequences = new Long[copy.size()];
    try (PreparedStatement draw = connection.prepareStatement(DRAW)) {
      draw.setInt(1, copy.size());
      try (ResultSet rows = draw.executeQuery()) {
        for (int i = 0; i < sequences.length; i++) {
          rows.next();
          sequences[i] = rows.getLong(1);
        }
      }
    }
    // nextval over a series is increasing in practice; the contract needs it in event order
    Arrays.sort(sequences);
    try (PreparedStatement insert = connection.prepareStatement(APPEND)) {
      for (int i = 0; i < sequences.length; i++) {
        NewEvent event = copy.get(i);
        insert.setLong(1, sequences[i]);
        insert.setString(2, event.bus());
        insert.setString(3, event.id());
        insert.setLong(4, micros(event.time()));
        insert.setString(5, event.json());
        insert.setString(6, event.traceHeader());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    try (PreparedStatement record = connection.prepareStatement(RECORD_LAST)) {
      for (int i = 0; i < sequences.length; i++) {
        record.setLong(1, sequences[i]);
        record.setString(2, copy.get(i).bus());
        record.addBatch();
      }
      record.executeBatch();
    }
    return List.of(sequences);
  }

  @Override
  public List<LoggedEvent> read(String bus, long after, int limit) {
    Objects.requireNonNull(bus, "bus");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, but was " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(READ)) {
            select.setString(1, bus);
            select.setLong(2, after);
            select.setString(3, bus);
            select.setInt(4, limit);
            List<LoggedEvent> events = new ArrayList<>(Math.min(limit, 256));
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                events.add(Rows.loggedEvent(bus, rows));
              }
            }
            return events;
          }
        });
  }

  @Override
  public long cursor(String consumer) {
    Objects.requireNonNull(consumer, "consumer");
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(CURSOR)) {
            select.setString(1, consumer);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? rows.getLong(1) : 0L;
            }
          }
        });
  }

  @Override
  public void advance(String consumer, long sequence) {
    Objects.requireNonNull(consumer, "consumer");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, but was " + sequence);
    }
    database.transaction(
        connection -> {
          try (PreparedStatement upsert = connection.prepareStatement(ADVANCE)) {
            upsert.setString(1, consumer);
            upsert.setLong(2, sequence);
            return upsert.executeUpdate();
          }
        });
  }

  @Override
  public boolean advance(String consumer, long sequence, Lease fence) {
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(fence, "fence");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, but was " + sequence);
    }
    return database.transaction(
        connection -> {
          if (!PostgresLeaseStore.held(connection, fence)) {
            return false;
          }
          try (PreparedStatement upsert = connection.prepareStatement(ADVANCE)) {
            upsert.setString(1, consumer);
            upsert.setLong(2, sequence);
            upsert.executeUpdate();
            return true;
          }
        });
  }

  @Override
  public void forget(String consumer) {
    Objects.requireNonNull(consumer, "consumer");
    database.transaction(
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(FORGET)) {
            delete.setString(1, consumer);
            return delete.executeUpdate();
          }
        });
  }

  @Override
  public int trim(String bus, long through) {
    Objects.requireNonNull(bus, "bus");
    Trim trim = database.transaction(connection -> trim(connection, bus, through));
    if (trim.releases() || partitions.dropPending()) {
      partitions.dropTrimmed();
    }
    return trim.count();
  }

  /** What a trim did: how many events it trimmed, and whether a partition may now be dropped. */
  private record Trim(int count, boolean releases) {}

  private static Trim trim(Connection connection, String bus, long through) throws SQLException {
    long last;
    try (PreparedStatement select = connection.prepareStatement(LAST)) {
      select.setString(1, bus);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return new Trim(0, false); // never appended to
        }
        last = rows.getLong(1);
      }
    }
    // sequences this bus draws later are larger than its committed last one: never trim them
    long target = Math.min(through, last);
    long before = lockTrimmed(connection, bus);
    if (target <= before) {
      return new Trim(0, false);
    }
    int count;
    try (PreparedStatement select = connection.prepareStatement(COUNT)) {
      select.setString(1, bus);
      select.setLong(2, before);
      select.setLong(3, target);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        count = rows.getInt(1);
      }
    }
    try (PreparedStatement update = connection.prepareStatement(SET_TRIMMED)) {
      update.setLong(1, target);
      update.setString(2, bus);
      update.executeUpdate();
    }
    boolean releases;
    try (PreparedStatement select = connection.prepareStatement(RELEASES)) {
      select.setLong(1, before + 1);
      select.setLong(2, target + 1);
      select.setBoolean(3, target >= last);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        releases = rows.getBoolean(1);
      }
    }
    return new Trim(count, releases);
  }

  /** Locks the bus's trim row (creating it at 0) and returns its watermark. */
  private static long lockTrimmed(Connection connection, String bus) throws SQLException {
    for (int attempt = 0; ; attempt++) {
      try (PreparedStatement select = connection.prepareStatement(TRIMMED)) {
        select.setString(1, bus);
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) {
            return rows.getLong(1);
          }
        }
      }
      if (attempt > 0) {
        throw new SQLException("event_trims row of " + bus + " vanished");
      }
      try (PreparedStatement insert = connection.prepareStatement(TRIM_ROW)) {
        insert.setString(1, bus);
        insert.executeUpdate();
      }
    }
  }
}
