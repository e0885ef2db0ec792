package dev.docket.store.sqlite;

import static dev.docket.store.jdbc.Codec.instant;
import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.Timer;
import dev.docket.store.TimerStore;
import dev.docket.store.jdbc.Codec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable timers over the index {@code timers (kind, due_at)}. A timer row carries its lease token
 * (0 when unclaimed) and the instant its lease ends. Thread-safe: claims and other writes run on
 * the writer thread, {@link #nextDue} on a reader.
 */
final class SqliteTimerStore implements TimerStore {

  private static final String SCHEDULE =
      "INSERT OR REPLACE INTO timers (id, kind, due_at, payload, lease_token, lease_until)"
          + " VALUES (?, ?, ?, ?, 0, 0)";
  private static final String CANCEL = "DELETE FROM timers WHERE id = ?";
  private static final String DUE =
      "SELECT id, due_at, payload FROM timers WHERE kind = ? AND due_at <= ?"
          + " AND (lease_token = 0 OR lease_until <= ?) ORDER BY due_at, id LIMIT ?";
  private static final String LEASE =
      "UPDATE timers SET lease_token = ?, lease_until = ? WHERE id = ?";
  private static final String RESCHEDULE =
      "UPDATE timers SET due_at = ?, payload = ?, lease_token = 0, lease_until = 0"
          + " WHERE id = ? AND lease_token = ? AND lease_token <> 0";
  private static final String COMPLETE =
      "DELETE FROM timers WHERE id = ? AND lease_token = ? AND lease_token <> 0";
  private static final String NEXT_DUE =
      "SELECT min(due_at) FROM timers WHERE kind = ? AND (lease_token = 0 OR lease_until <= ?)";

  private final Writer writer;
  private final Readers readers;

  SqliteTimerStore(Writer writer, Readers readers) {
    this.writer = writer;
    this.readers = readers;
  }

  @Override
  public void schedule(Timer timer) {
    Objects.requireNonNull(timer, "timer");
    writer.write(
        session -> {
          PreparedStatement insert = session.prepare(SCHEDULE);
          insert.setString(1, timer.id());
          insert.setString(2, timer.kind());
          insert.setLong(3, micros(timer.dueAt()));
          insert.setString(4, timer.payload());
          return insert.executeUpdate();
        });
  }

  @Override
  public boolean cancel(String id) {
    Objects.requireNonNull(id, "id");
    return writer.write(
        session -> {
          PreparedStatement delete = session.prepare(CANCEL);
          delete.setString(1, id);
          return delete.executeUpdate() > 0;
        });
  }

  @Override
  public List<Timer> claimDue(String kind, Instant now, int limit, Duration lease) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(lease, "lease");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, but was " + limit);
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, but was " + lease);
    }
    long nowMicros = micros(now);
    long leaseUntil = micros(now.plus(lease));
    return writer.write(
        session -> {
          PreparedStatement select = session.prepare(DUE);
          select.setString(1, kind);
          select.setLong(2, nowMicros);
          select.setLong(3, nowMicros);
          select.setInt(4, limit);
          List<Timer> due = new ArrayList<>();
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              due.add(
                  new Timer(
                      rows.getString(1), kind, instant(rows.getLong(2)), rows.getString(3), 0));
            }
          }
          List<Timer> claimed = new ArrayList<>(due.size());
          for (Timer timer : due) {
            long token = session.nextToken();
            PreparedStatement update = session.prepare(LEASE);
            update.setLong(1, token);
            update.setLong(2, leaseUntil);
            update.setString(3, timer.id());
            update.executeUpdate();
            claimed.add(new Timer(timer.id(), kind, timer.dueAt(), timer.payload(), token));
          }
          return claimed;
        });
  }

  @Override
  public boolean reschedule(String id, long leaseToken, Instant dueAt, String payload) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(payload, "payload");
    return writer.write(
        session -> {
          PreparedStatement update = session.prepare(RESCHEDULE);
          update.setLong(1, micros(dueAt));
          update.setString(2, payload);
          update.setString(3, id);
          update.setLong(4, leaseToken);
          return update.executeUpdate() > 0;
        });
  }

  @Override
  public boolean advance(
      String id, long leaseToken, Optional<Instant> nextDue, String payload, List<Timer> created) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nextDue, "nextDue");
    Objects.requireNonNull(payload, "payload");
    List<Timer> timers = List.copyOf(created);
    return writer.write(
        session -> {
          int changed;
          if (nextDue.isPresent()) {
            PreparedStatement update = session.prepare(RESCHEDULE);
            update.setLong(1, micros(nextDue.get()));
            update.setString(2, payload);
            update.setString(3, id);
            update.setLong(4, leaseToken);
            changed = update.executeUpdate();
          } else {
            PreparedStatement delete = session.prepare(COMPLETE);
            delete.setString(1, id);
            delete.setLong(2, leaseToken);
            changed = delete.executeUpdate();
          }
          if (changed == 0) {
            return false;
          }
          for (Timer timer : timers) {
            PreparedStatement insert = session.prepare(SCHEDULE);
            insert.setString(1, timer.id());
            insert.setString(2, timer.kind());
            insert.setLong(3, micros(timer.dueAt()));
            insert.setString(4, timer.payload());
            insert.executeUpdate();
          }
          return true;
        });
  }

  @Override
  public boolean complete(String id, long leaseToken) {
    Objects.requireNonNull(id, "id");
    return writer.write(
        session -> {
          PreparedStatement delete = session.prepare(COMPLETE);
          delete.setString(1, id);
          delete.setLong(2, leaseToken);
          return delete.executeUpdate() > 0;
        });
  }

  @Override
  public Optional<Instant> nextDue(String kind, Instant now) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(now, "now");
    return readers.read(
        session -> {
          PreparedStatement select = session.prepare(NEXT_DUE);
          select.setString(1, kind);
          select.setLong(2, micros(now));
          try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? Codec.optionalInstant(rows, 1) : Optional.empty();
          }
        });
  }
}
