package dev.docket.store.postgresql;

import static dev.docket.store.jdbc.Codec.instant;
import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.Timer;
import dev.docket.store.TimerStore;
import dev.docket.store.jdbc.Codec;
import dev.docket.store.jdbc.NameRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable timers over the index {@code timers (kind, due_at, id)}, the claim order. A claim is one
 * statement: the due, unleased rows in claim order are locked with {@code FOR UPDATE SKIP LOCKED}
 * (so concurrent claimers, on any node, take disjoint timers without waiting) and leased under a
 * fresh token from the {@code claim_token} sequence. Reschedules, advances and completes are fenced
 * on that token. Thread-safe.
 */
final class PostgresTimerStore implements TimerStore {

  private static final String SCHEDULE =
      "INSERT INTO timers (id, kind, due_at, payload, lease_token, lease_until)"
          + " VALUES (?, ?, ?, ?, 0, 0) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,"
          + " due_at = excluded.due_at, payload = excluded.payload, lease_token = 0,"
          + " lease_until = 0";
  private static final String CANCEL = "DELETE FROM timers WHERE id = ?";
  private static final String CLAIM =
      "UPDATE timers SET lease_token = nextval('claim_token'), lease_until = ?"
          + " WHERE id = ANY(ARRAY(SELECT id FROM timers WHERE kind = ? AND due_at <= ?"
          + " AND (lease_token = 0 OR lease_until <= ?) ORDER BY due_at, id LIMIT ?"
          + " FOR UPDATE SKIP LOCKED))"
          + " RETURNING id, due_at, payload, lease_token";
  private static final String RESCHEDULE =
      "UPDATE timers SET due_at = ?, payload = ?, lease_token = 0, lease_until = 0"
          + " WHERE id = ? AND lease_token = ? AND lease_token <> 0";
  private static final String COMPLETE =
      "DELETE FROM timers WHERE id = ? AND lease_token = ? AND lease_token <> 0";
  private static final String NEXT_DUE =
      "SELECT min(due_at) FROM timers WHERE kind = ? AND (lease_token = 0 OR lease_until <= ?)";

  private final Database database;

  PostgresTimerStore(Database database) {
    this.database = database;
  }

  @Override
  public void schedule(Timer timer) {
    Objects.requireNonNull(timer, "timer");
    database.transaction(
        connection -> {
          insert(connection, List.of(timer));
          return null;
        });
  }

  private static void insert(Connection connection, List<Timer> timers) throws SQLException {
    if (timers.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(SCHEDULE)) {
      for (Timer timer : timers) {
        insert.setString(1, timer.id());
        insert.setString(2, timer.kind());
        insert.setLong(3, micros(timer.dueAt()));
        insert.setString(4, timer.payload());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public boolean cancel(String id) {
    Objects.requireNonNull(id, "id");
    return database.transaction(
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(CANCEL)) {
            delete.setString(1, id);
            return delete.executeUpdate() > 0;
          }
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
    if (limit == 0) {
      return List.of();
    }
    long nowMicros = micros(now);
    long leaseUntil = micros(now.plus(lease));
    return database.transaction(
        connection -> {
          List<Timer> claimed = new ArrayList<>();
          try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setLong(1, leaseUntil);
            claim.setString(2, kind);
            claim.setLong(3, nowMicros);
            claim.setLong(4, nowMicros);
            claim.setInt(5, limit);
            try (ResultSet rows = claim.executeQuery()) {
              while (rows.next()) {
                claimed.add(
                    new Timer(
                        rows.getString(1),
                        kind,
                        instant(rows.getLong(2)),
                        rows.getString(3),
                        rows.getLong(4)));
              }
            }
          }
          // RETURNING has no order: restore the claim order
          claimed.sort(
              Comparator.comparing(Timer::dueAt).thenComparing(Timer::id, NameRange::compare));
          return claimed;
        });
  }

  @Override
  public boolean reschedule(String id, long leaseToken, Instant dueAt, String payload) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(payload, "payload");
    return database.transaction(
        connection -> reschedule(connection, id, leaseToken, dueAt, payload));
  }

  private static boolean reschedule(
      Connection connection, String id, long leaseToken, Instant dueAt, String payload)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(RESCHEDULE)) {
      update.setLong(1, micros(dueAt));
      update.setString(2, payload);
      update.setString(3, id);
      update.setLong(4, leaseToken);
      return update.executeUpdate() > 0;
    }
  }

  @Override
  public boolean advance(
      String id, long leaseToken, Optional<Instant> nextDue, String payload, List<Timer> created) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nextDue, "nextDue");
    Objects.requireNonNull(payload, "payload");
    List<Timer> timers = List.copyOf(created);
    return database.transaction(
        connection -> {
          boolean fenced =
              nextDue.isPresent()
                  ? reschedule(connection, id, leaseToken, nextDue.get(), payload)
                  : complete(connection, id, leaseToken);
          if (!fenced) {
            return false;
          }
          insert(connection, timers);
          return true;
        });
  }

  @Override
  public boolean complete(String id, long leaseToken) {
    Objects.requireNonNull(id, "id");
    return database.transaction(connection -> complete(connection, id, leaseToken));
  }

  private static boolean complete(Connection connection, String id, long leaseToken)
      throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(COMPLETE)) {
      delete.setString(1, id);
      delete.setLong(2, leaseToken);
      return delete.executeUpdate() > 0;
    }
  }

  @Override
  public Optional<Instant> nextDue(String kind, Instant now) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(now, "now");
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(NEXT_DUE)) {
            select.setString(1, kind);
            select.setLong(2, micros(now));
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Codec.optionalInstant(rows, 1) : Optional.empty();
            }
          }
        });
  }
}
