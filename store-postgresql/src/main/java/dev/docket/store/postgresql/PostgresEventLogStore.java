package dev.docket.store.postgresql;

import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.EventLogStore;
import dev.docket.store.Lease;
import dev.docket.store.LoggedEvent;
import dev.docket.store.NewEvent;
import dev.docket.store.jdbc.NameRange;
import dev.docket.store.jdbc.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The event logs of all buses in one table {@code events}, consumer cursors in {@code cursors}.
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
      "SELECT sequence, id, time, json, trace_header FROM events"
          + " WHERE bus = ? AND sequence > ? ORDER BY sequence LIMIT ?";
  private static final String CURSOR = "SELECT sequence FROM cursors WHERE consumer = ?";
  private static final String ADVANCE =
      "INSERT INTO cursors (consumer, sequence) VALUES (?, ?) ON CONFLICT (consumer)"
          + " DO UPDATE SET sequence = greatest(cursors.sequence, excluded.sequence)";
  // FOR SHARE: a takeover committing meanwhile is waited for and its new token seen
  private static final String ADVANCE_FENCED =
      "WITH held AS (SELECT 1 FROM leases WHERE name = ? AND owner = ? AND token = ? FOR SHARE)"
          + " INSERT INTO cursors (consumer, sequence) SELECT ?, ? FROM held ON CONFLICT (consumer)"
          + " DO UPDATE SET sequence = greatest(cursors.sequence, excluded.sequence)";
  private static final String FORGET = "DELETE FROM cursors WHERE consumer = ?";
  private static final String TRIM = "DELETE FROM events WHERE bus = ? AND sequence <= ?";

  private final Database database;

  PostgresEventLogStore(Database database) {
    this.database = database;
  }

  @Override
  public List<Long> append(List<NewEvent> events) {
    List<NewEvent> copy = List.copyOf(events);
    if (copy.isEmpty()) {
      return List.of();
    }
    TreeSet<String> buses = new TreeSet<>(NameRange::compare);
    copy.forEach(event -> buses.add(event.bus()));
    return database.transaction(
        connection -> {
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
        });
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
            select.setInt(3, limit);
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
              try (PreparedStatement upsert = connection.prepareStatement(ADVANCE_FENCED)) {
                upsert.setString(1, fence.name());
                upsert.setString(2, fence.owner());
                upsert.setLong(3, fence.token());
                upsert.setString(4, consumer);
                upsert.setLong(5, sequence);
                return upsert.executeUpdate();
              }
            })
        > 0;
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
    return database.transaction(
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(TRIM)) {
            delete.setString(1, bus);
            delete.setLong(2, through);
            return delete.executeUpdate();
          }
        });
  }
}
