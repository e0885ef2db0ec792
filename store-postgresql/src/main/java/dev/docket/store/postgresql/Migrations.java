package dev.docket.store.postgresql;

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
 * db/postgresql/V<n>__<description>.sql}, listed in {@link #SCRIPTS} in version order and read
 * through {@link MigrationScripts}; the table {@code docket_schema_version} records which ran.
 * Migration holds the session-level advisory lock {@link #LOCK}, so nodes starting together migrate
 * once (the others wait, then find nothing to do); all pending scripts run in one transaction, so a
 * failure leaves the database as it was. A database with a version newer than the last script is
 * refused. Thread-safe (stateless).
 */
final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** The advisory lock key of migrations ("docket" in ASCII). */
  static final long LOCK = 0x646f636b6574L;

  /** Every migration script, in version order; append only, never edit a released one. */
  static final List<String> SCRIPTS =
      List.of(
          "V1__init.sql",
          "V2__events.sql",
          "V3__executions.sql",
          "V4__archives.sql",
          "V5__leases.sql",
          "V6__event_partitions.sql",
          "V7__execution_retention.sql");

  private static final MigrationScripts MIGRATIONS =
      new MigrationScripts("db/postgresql", SCRIPTS, Migrations.class.getClassLoader());

  private Migrations() {}

  /** The schema version this code writes. */
  static int latestVersion() {
    return MIGRATIONS.latestVersion();
  }

  /** Brings the database to {@link #latestVersion()}; returns how many scripts ran. */
  static int apply(Connection connection, String databaseName) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_lock(" + LOCK + ")");
      try {
        connection.setAutoCommit(false);
        try {
          int applied = migrate(connection, statement, databaseName);
          connection.commit();
          if (applied > 0) {
            LOG.info("Migrated {} to schema version {}", databaseName, latestVersion());
          }
          return applied;
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      } finally {
        statement.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
      }
    }
  }

  private static int migrate(Connection connection, Statement statement, String databaseName)
      throws SQLException {
    statement.execute(
        "CREATE TABLE IF NOT EXISTS docket_schema_version (version integer PRIMARY KEY,"
            + " script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    int applied = 0;
    for (String script :
        MIGRATIONS.pending(databaseName, currentVersion(connection), "run a newer Docket")) {
      for (String sql : MIGRATIONS.statements(script)) {
        statement.execute(sql);
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO docket_schema_version (version, script) VALUES (?, ?)")) {
        insert.setInt(1, MigrationScripts.version(script));
        insert.setString(2, script);
        insert.executeUpdate();
      }
      applied++;
    }
    return applied;
  }

  /** The highest recorded version, 0 for a new database. */
  static int currentVersion(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT COALESCE(MAX(version), 0) FROM docket_schema_version");
        ResultSet rows = select.executeQuery()) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }
}
