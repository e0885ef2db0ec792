package dev.docket.store.sqlite;

import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.EventLogStore;
import dev.docket.store.Lease;
import dev.docket.store.LoggedEvent;
import dev.docket.store.NewEvent;
import dev.docket.store.jdbc.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The event logs of all buses in one table {@code events}, numbered by the store-wide {@code event}
 * counter, and consumer cursors in {@code cursors}.
 *
 * <p>Why {@link #read} never lets a cursor skip: sequences are allocated on the single writer
 * thread in increasing order, and each group commit makes every sequence allocated since the
 * previous commit visible at once (those of a failed operation are never used). So a reader's
 * snapshot holds, of every sequence that will ever commit, exactly those up to some point, and a
 * plain {@code sequence > after} read is the watermark read the contract asks for. A PostgreSQL
 * implementation, with several writers and nodes, must differ here: sequences from a database
 * sequence commit out of order, so {@code read} must stop below the smallest sequence still held by
 * an open transaction (allocate from a counter row updated in the appending transaction and read
 * below the oldest uncommitted allocation, or bound by {@code pg_snapshot_xmin} of the appending
 * transactions).
 *
 * <p>Thread-safe: appends, cursor moves and trims run on the writer thread (an append of many
 * events is one batched statement inside the caller's share of a group commit), reads on the
 * read-only connections.
 */
final class SqliteEventLogStore implements EventLogStore {

  private static final String APPEND =
      "INSERT INTO events (sequence, bus, id, time, json, trace_header) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String READ =
      "SELECT sequence, id, time, json, trace_header FROM events"
          + " WHERE bus = ? AND sequence > ? ORDER BY sequence LIMIT ?";
  private static final String CURSOR = "SELECT sequence FROM cursors WHERE consumer = ?";
  // max() of two arguments is SQLite's scalar maximum; PostgreSQL spells it GREATEST
  private static final String ADVANCE =
      "INSERT INTO cursors (consumer, sequence) VALUES (?, ?)"
          + " ON CONFLICT (consumer) DO UPDATE SET sequence = max(sequence, excluded.sequence)";
  private static final String FORGET = "DELETE FROM cursors WHERE consumer = ?";
  private static final String TRIM = "DELETE FROM events WHERE bus = ? AND sequence <= ?";

  private final Writer writer;
  private final Readers readers;

  SqliteEventLogStore(Writer writer, Readers readers) {
    this.writer = writer;
    this.readers = readers;
  }

  @Override
  public List<Long> append(List<NewEvent> events) {
    List<NewEvent> copy = List.copyOf(events);
    if (copy.isEmpty()) {
      return List.of();
    }
    return writer.write(
        session -> {
          PreparedStatement insert = session.prepare(APPEND);
          Long[] sequences = new Long[copy.size()];
          for (int i = 0; i < sequences.length; i++) {
            NewEvent event = copy.get(i);
            long sequence = session.nextEventSequence();
            sequences[i] = sequence;
            insert.setLong(1, sequence);
            insert.setString(2, event.bus());
            insert.setString(3, event.id());
            insert.setLong(4, micros(event.time()));
            insert.setString(5, event.json());
            insert.setString(6, event.traceHeader());
            insert.addBatch();
          }
          try {
            insert.executeBatch();
          } finally {
            insert.clearBatch();
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
    return readers.read(
        session -> {
          PreparedStatement select = session.prepare(READ);
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
        });
  }

  @Override
  public long cursor(String consumer) {
    Objects.requireNonNull(consumer, "consumer");
    return readers.read(
        session -> {
          PreparedStatement select = session.prepare(CURSOR);
          select.setString(1, consumer);
          try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0L;
          }
        });
  }

  @Override
  public void advance(String consumer, long sequence) {
    Objects.requireNonNull(consumer, "consumer");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, but was " + sequence);
    }
    writer.write(
        session -> {
          PreparedStatement upsert = session.prepare(ADVANCE);
          upsert.setString(1, consumer);
          upsert.setLong(2, sequence);
          return upsert.executeUpdate();
        });
  }

  @Override
  public boolean advance(String consumer, long sequence, Lease fence) {
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(fence, "fence");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, but was " + sequence);
    }
    return writer.write(
        session -> {
          if (!SqliteLeaseStore.held(session, fence)) {
            return false;
          }
          PreparedStatement upsert = session.prepare(ADVANCE);
          upsert.setString(1, consumer);
          upsert.setLong(2, sequence);
          upsert.executeUpdate();
          return true;
        });
  }

  @Override
  public void forget(String consumer) {
    Objects.requireNonNull(consumer, "consumer");
    writer.write(
        session -> {
          PreparedStatement delete = session.prepare(FORGET);
          delete.setString(1, consumer);
          return delete.executeUpdate();
        });
  }

  @Override
  public int trim(String bus, long through) {
    Objects.requireNonNull(bus, "bus");
    return writer.write(
        session -> {
          PreparedStatement delete = session.prepare(TRIM);
          delete.setString(1, bus);
          delete.setLong(2, through);
          return delete.executeUpdate();
        });
  }
}
