package dev.docket.store.sqlite;

import static dev.docket.store.jdbc.Codec.instant;
import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.Lease;
import dev.docket.store.LeaseStore;
import dev.docket.store.jdbc.NameRange;
import dev.docket.store.jdbc.Rows;
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
 * Named leases in the table {@code leases (name, owner, token, until)}. An acquisition reads the
 * row and writes it on the writer thread, so it cannot race another; a new owner's token comes from
 * the writer's token counter (shared with receipts and timer leases), which never goes back, even
 * after a release deletes the row or the store is reopened. Thread-safe: writes on the writer
 * thread, {@link #get} and {@link #list} on a reader.
 */
final class SqliteLeaseStore implements LeaseStore {

  private static final String SELECT = "SELECT owner, token, until FROM leases WHERE name = ?";
  private static final String HELD =
      "SELECT 1 FROM leases WHERE name = ? AND owner = ? AND token = ?";
  private static final String UPSERT =
      "INSERT OR REPLACE INTO leases (name, owner, token, until) VALUES (?, ?, ?, ?)";
  private static final String RENEW =
      "UPDATE leases SET until = ? WHERE name = ? AND owner = ? AND token = ?";
  private static final String RENEW_ALL = "UPDATE leases SET until = ? WHERE owner = ? AND ";
  private static final String RELEASE =
      "DELETE FROM leases WHERE name = ? AND owner = ? AND token = ?";
  private static final String EXPIRED =
      "SELECT name, owner, token, until FROM leases WHERE until <= ? AND ";
  private static final String LIST_FROM =
      "SELECT name, owner, token, until FROM leases WHERE name >= ?";

  private final Writer writer;
  private final Readers readers;

  SqliteLeaseStore(Writer writer, Readers readers) {
    this.writer = writer;
    this.readers = readers;
  }

  @Override
  public Optional<Lease> acquire(String name, String owner, Duration ttl, Instant now) {
    Instant until = LeaseStore.until(name, owner, ttl, now);
    long nowMicros = micros(now);
    return writer.write(
        session -> {
          Optional<Lease> current = select(session, name);
          long token;
          if (current.isEmpty() || micros(current.get().until()) <= nowMicros) {
            token =
                current.isPresent() && current.get().owner().equals(owner)
                    ? current.get().token()
                    : session.nextToken();
          } else if (current.get().owner().equals(owner)) {
            token = current.get().token();
          } else {
            return Optional.empty();
          }
          PreparedStatement upsert = session.prepare(UPSERT);
          upsert.setString(1, name);
          upsert.setString(2, owner);
          upsert.setLong(3, token);
          upsert.setLong(4, micros(until));
          upsert.executeUpdate();
          return Optional.of(new Lease(name, owner, token, until));
        });
  }

  @Override
  public boolean renew(String name, String owner, long token, Duration ttl, Instant now) {
    Instant until = LeaseStore.until(name, owner, ttl, now);
    return writer.write(
        session -> {
          PreparedStatement update = session.prepare(RENEW);
          update.setLong(1, micros(until));
          update.setString(2, name);
          update.setString(3, owner);
          update.setLong(4, token);
          return update.executeUpdate() > 0;
        });
  }

  @Override
  public int renewAll(String prefix, String owner, Duration ttl, Instant now) {
    Instant until = LeaseStore.until(prefix, owner, ttl, now);
    NameRange names = NameRange.of(prefix, "");
    String sql = RENEW_ALL + names.condition("name");
    return writer.write(
        session -> {
          PreparedStatement update = session.prepare(sql);
          update.setLong(1, micros(until));
          update.setString(2, owner);
          names.bind(update, 3);
          return update.executeUpdate();
        });
  }

  @Override
  public boolean release(String name, String owner, long token) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    return writer.write(
        session -> {
          PreparedStatement delete = session.prepare(RELEASE);
          delete.setString(1, name);
          delete.setString(2, owner);
          delete.setLong(3, token);
          return delete.executeUpdate() > 0;
        });
  }

  @Override
  public Optional<Lease> get(String name) {
    Objects.requireNonNull(name, "name");
    return readers.read(session -> select(session, name));
  }

  @Override
  public List<Lease> list(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    Optional<String> end = prefix.isEmpty() ? Optional.empty() : NameRange.successor(prefix);
    String sql = LIST_FROM + (end.isPresent() ? " AND name < ?" : "") + " ORDER BY name";
    return readers.read(
        session -> {
          PreparedStatement select = session.prepare(sql);
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
        });
  }

  @Override
  public List<Lease> expired(String prefix, Instant now, int limit) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(now, "now");
    NameRange names = NameRange.of(prefix, "");
    String sql = EXPIRED + names.condition("name") + " ORDER BY name LIMIT ?";
    return readers.read(
        session -> {
          PreparedStatement select = session.prepare(sql);
          select.setLong(1, micros(now));
          select.setInt(names.bind(select, 2), limit);
          List<Lease> leases = new ArrayList<>();
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              leases.add(Rows.lease(rows));
            }
          }
          return leases;
        });
  }

  private static Optional<Lease> select(Session session, String name) throws SQLException {
    PreparedStatement select = session.prepare(SELECT);
    select.setString(1, name);
    try (ResultSet rows = select.executeQuery()) {
      return rows.next()
          ? Optional.of(
              new Lease(name, rows.getString(1), rows.getLong(2), instant(rows.getLong(3))))
          : Optional.empty();
    }
  }

  /**
   * Whether {@code fence} still holds: its lease is stored with its owner and token (expired or
   * not). Called inside a fenced write's operation on the writer thread, so no acquisition can come
   * between this check and the write.
   */
  static boolean held(Session session, Lease fence) throws SQLException {
    PreparedStatement held = session.prepare(HELD);
    held.setString(1, fence.name());
    held.setString(2, fence.owner());
    held.setLong(3, fence.token());
    try (ResultSet rows = held.executeQuery()) {
      return rows.next();
    }
  }
}
