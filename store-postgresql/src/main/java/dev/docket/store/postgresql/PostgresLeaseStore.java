package dev.docket.store.postgresql;

import static dev.docket.store.jdbc.Codec.instant;
import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.Lease;
import dev.docket.store.LeaseStore;
import dev.docket.store.jdbc.NameRange;
import dev.docket.store.jdbc.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Named leases in the table {@code leases (name, owner, token, until)}, shared by every node. An
 * acquisition is one upsert, {@code INSERT ... ON CONFLICT (name) DO UPDATE ... WHERE leases.until
 * <= now OR leases.owner = owner RETURNING token}: of two racing acquirers the second waits for the
 * first's row lock and then finds the lease held. A new owner's token comes from the {@code
 * lease_token} sequence.
 *
 * <p>Why the advisory lock: the upsert draws its token when it builds the new row, before it meets
 * a conflicting one. Without the lock, an acquirer could draw a token, be overtaken by another
 * owner's acquisition and release (which deletes the row), and then insert its older, smaller
 * token. Taking {@code pg_advisory_xact_lock} on the name first serialises acquisitions and
 * releases of one name, so every token drawn is larger than every token committed before it.
 * Renewals do not draw tokens and do not take the lock. Thread-safe.
 */
final class PostgresLeaseStore implements LeaseStore {

  /** The first key of the advisory locks on lease names ("leas"). */
  private static final int LOCK_SPACE = 0x6c656173;

  private static final String HELD =
      "SELECT 1 FROM leases WHERE name = ? AND owner = ? AND token = ? FOR SHARE";
  private static final String LOCK =
      "SELECT pg_advisory_xact_lock(" + LOCK_SPACE + ", hashtext(?))";
  private static final String ACQUIRE =
      "INSERT INTO leases (name, owner, token, until) VALUES (?, ?, nextval('lease_token'), ?)"
          + " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner,"
          + " token = CASE WHEN leases.owner = excluded.owner THEN leases.token"
          + " ELSE excluded.token END, until = excluded.until"
          + " WHERE leases.until <= ? OR leases.owner = ? RETURNING token";
  private static final String RENEW =
      "UPDATE leases SET until = ? WHERE name = ? AND owner = ? AND token = ?";
  private static final String RENEW_ALL = "UPDATE leases SET until = ? WHERE owner = ? AND ";
  private static final String RELEASE =
      "DELETE FROM leases WHERE name = ? AND owner = ? AND token = ?";
  private static final String SELECT = "SELECT owner, token, until FROM leases WHERE name = ?";
  private static final String EXPIRED =
      "SELECT name, owner, token, until FROM leases WHERE until <= ? AND ";
  private static final String LIST_FROM =
      "SELECT name, owner, token, until FROM leases WHERE name >= ?";

  private final Database database;

  PostgresLeaseStore(Database database) {
    this.database = database;
  }

  @Override
  public Optional<Lease> acquire(String name, String owner, Duration ttl, Instant now) {
    Instant until = LeaseStore.until(name, owner, ttl, now);
    return database.transaction(
        connection -> {
          lock(connection, name);
          try (PreparedStatement upsert = connection.prepareStatement(ACQUIRE)) {
            upsert.setString(1, name);
            upsert.setString(2, owner);
            upsert.setLong(3, micros(until));
            upsert.setLong(4, micros(now));
            upsert.setString(5, owner);
            try (ResultSet rows = upsert.executeQuery()) {
              return rows.next()
                  ? Optional.of(new Lease(name, owner, rows.getLong(1), until))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean renew(String name, String owner, long token, Duration ttl, Instant now) {
    Instant until = LeaseStore.until(name, owner, ttl, now);
    return database.transaction(
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(RENEW)) {
            update.setLong(1, micros(until));
            update.setString(2, name);
            update.setString(3, owner);
            update.setLong(4, token);
            return update.executeUpdate() > 0;
          }
        });
  }

  @Override
  public int renewAll(String prefix, String owner, Duration ttl, Instant now) {
    Instant until = LeaseStore.until(prefix, owner, ttl, now);
    NameRange names = NameRange.of(prefix, "");
    String sql = RENEW_ALL + names.condition("name");
    return database.transaction(
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setLong(1, micros(until));
            update.setString(2, owner);
            names.bind(update, 3);
            return update.executeUpdate();
          }
        });
  }

  @Override
  public boolean release(String name, String owner, long token) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    return database.transaction(
        connection -> {
          lock(connection, name);
          try (PreparedStatement delete = connection.prepareStatement(RELEASE)) {
            delete.setString(1, name);
            delete.setString(2, owner);
            delete.setLong(3, token);
            return delete.executeUpdate() > 0;
          }
        });
  }

  @Override
  public Optional<Lease> get(String name) {
    Objects.requireNonNull(name, "name");
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next()
                  ? Optional.of(
                      new Lease(name, rows.getString(1), rows.getLong(2), instant(rows.getLong(3))))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<Lease> list(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    Optional<String> end = prefix.isEmpty() ? Optional.empty() : NameRange.successor(prefix);
    String sql = LIST_FROM + (end.isPresent() ? " AND name < ?" : "") + " ORDER BY name";
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, prefix);
            if (end.isPresent()) {
              select.setString(2, end.get());
            }
            List<Lease> leases = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                leases.add(Rows.lease(rows));
              }
            }
            return leases;
          }
        });
  }

  @Override
  public List<Lease> expired(String prefix, Instant now, int limit) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(now, "now");
    NameRange names = NameRange.of(prefix, "");
    String sql = EXPIRED + names.condition("name") + " ORDER BY name LIMIT ?";
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, micros(now));
            select.setInt(names.bind(select, 2), limit);
            List<Lease> leases = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                leases.add(Rows.lease(rows));
              }
            }
            return leases;
          }
        });
  }

  /**
   * Whether {@code fence} still holds: its lease is stored with its owner and token (expired or
   * not). Called inside a fenced write's transaction; the row is read {@code FOR SHARE}, so a
   * takeover committing meanwhile is waited for and its new token seen, and none can commit before
   * the write does.
   */
  static boolean held(Connection connection, Lease fence) throws SQLException {
    try (PreparedStatement held = connection.prepareStatement(HELD)) {
      held.setString(1, fence.name());
      held.setString(2, fence.owner());
      held.setLong(3, fence.token());
      try (ResultSet rows = held.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static void lock(Connection connection, String name) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
      lock.setString(1, name);
      lock.execute();
    }
  }
}
