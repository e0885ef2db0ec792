package dev.docket.store.postgresql;

import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import dev.docket.store.jdbc.NameRange;
import dev.docket.store.jdbc.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resource documents in the table {@code resources}, keyed by {@code (kind, id)} and listed through
 * the unique index {@code (kind, parent, name)} ({@code COLLATE "C"}: code point order). Optimistic
 * concurrency is a conditional {@code UPDATE ... WHERE version = ?}, atomic under READ COMMITTED:
 * the second of two racing writers waits for the first's row lock, re-checks the condition against
 * the committed row and changes nothing. Thread-safe.
 */
final class PostgresResourceStore implements ResourceStore {

  private static final String COLUMNS =
      "SELECT kind, id, parent, name, version, document FROM resources";
  private static final String GET = COLUMNS + " WHERE kind = ? AND id = ?";
  private static final String INSERT =
      "INSERT INTO resources (kind, id, parent, name, version, document)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String REPLACE =
      "UPDATE resources SET version = ?, document = ? WHERE kind = ? AND id = ? AND version = ?";
  private static final String DELETE =
      "DELETE FROM resources WHERE kind = ? AND id = ? AND version = ?";

  private final Database database;

  PostgresResourceStore(Database database) {
    this.database = database;
  }

  @Override
  public boolean create(ResourceRecord record) {
    Objects.requireNonNull(record, "record");
    if (record.version() != 1) {
      throw new IllegalArgumentException(
          "a created resource has version 1, but was " + record.version());
    }
    return database.transaction(
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, record.kind());
            insert.setString(2, record.id());
            insert.setString(3, record.parent());
            insert.setString(4, record.name());
            insert.setLong(5, record.version());
            insert.setString(6, record.document());
            return insert.executeUpdate() > 0;
          }
        });
  }

  @Override
  public Optional<ResourceRecord> get(String kind, String id) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(GET)) {
            select.setString(1, kind);
            select.setString(2, id);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(Rows.resource(rows)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<ResourceRecord> list(
      String kind, String parent, String namePrefix, String afterName, int limit) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(namePrefix, "namePrefix");
    Objects.requireNonNull(afterName, "afterName");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, but was " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    NameRange range = NameRange.of(namePrefix, afterName);
    String sql =
        COLUMNS
            + " WHERE kind = ? AND parent = ? AND "
            + range.condition("name")
            + " ORDER BY name LIMIT ?";
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            int index = 1;
            select.setString(index++, kind);
            select.setString(index++, parent);
            index = range.bind(select, index);
            select.setInt(index, limit);
            List<ResourceRecord> records = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                records.add(Rows.resource(rows));
              }
            }
            return records;
          }
        });
  }

  @Override
  public boolean replace(ResourceRecord record) {
    Objects.requireNonNull(record, "record");
    return database.transaction(
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(REPLACE)) {
            update.setLong(1, record.version());
            update.setString(2, record.document());
            update.setString(3, record.kind());
            update.setString(4, record.id());
            update.setLong(5, record.version() - 1);
            return update.executeUpdate() > 0;
          }
        });
  }

  @Override
  public boolean delete(String kind, String id, long expectedVersion) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    return database.transaction(
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
            delete.setString(1, kind);
            delete.setString(2, id);
            delete.setLong(3, expectedVersion);
            return delete.executeUpdate() > 0;
          }
        });
  }
}
