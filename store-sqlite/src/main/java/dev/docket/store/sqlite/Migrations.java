package dev.docket.store.sqlite;

import dev.docket.store.jdbc.MigrationScripts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, applied at open. Scripts are the resources {@code
 * db/migration/V<n>__<description>.sql}, listed in {@link #SCRIPTS} in version order and read
 * through {@link MigrationScripts}; the table {@code schema_version} records which ran. All pending
 * scripts run in one transaction, so a failure leaves the database as it was. A database with a
 * version newer than the last script is refused. Thread-safe (stateless); runs before the writer
 * thread starts.
 */
final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** Every migration script, in version order; append only, never edit a released one. */
  static final List<String> SCRIPTS =
      List.of(
          "V1__init.sql",
          "V2__events.sql",
          "V3__executions.sql",
          "V4__archives.sql",
          "V5__leases.sql",
          "V6__execution_retention.sql");

  private static final MigrationScripts MIGRATIONS =
      new MigrationScripts("db/migration", SCRIPTS, Migrations.class.getClassLoader());

  private Migrations() {}

  /** The schema version this code writes. */
  static int latestVersion() {
    return MIGRATIONS.latestVersion();
  }

  /** Brings the database to {@link #latestVersion()}; returns how many scripts ran. */
  static int apply(Connection connection, String databaseName) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                + " script TEXT NOT NULL, applied_at TEXT NOT NULL)");
        int applied = 0;
        for (String script :
            MIGRATIONS.pending(
                databaseName,
                currentVersion(connection),
                "run a newer Docket or restore an older data directory")) {
          for (String sql : MIGRATIONS.statements(script)) {
            statement.execute(sql);
          }
          record(connection, script);
          applied++;
        }
        statement.execute("COMMIT");
        if (applied > 0) {
          LOG.info("Migrated {} to schema version {}", databaseName, latestVersion());
        }
        return applied;
      } catch (SQLException | RuntimeException e) {
        statement.execute("ROLLBACK");
        throw e;
      }
    }
  }

  /** The highest recorded version, 0 for a new database. */
  static int currentVersion(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement("SELECT COALESCE(MAX(version), 0) FROM schema_version");
        ResultSet rows = select.executeQuery()) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  private static void record(Connection connection, String script) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO schema_version (version, script, applied_at)"
                + " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")) {
      insert.setInt(1, MigrationScripts.version(script));
      insert.setString(2, script);
      insert.executeUpdate();
    }
  }
}
