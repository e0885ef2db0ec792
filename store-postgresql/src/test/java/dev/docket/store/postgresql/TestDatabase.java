package dev.docket.store.postgresql;

import dev.docket.store.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own for one test class on the PostgreSQL of this machine ({@code
 * 127.0.0.1:5432}, user {@code postgres}, trust authentication; {@code DOCKET_TEST_POSTGRESQL_URL}
 * and {@code DOCKET_TEST_POSTGRESQL_USER} override), created by {@link #create()} and dropped by
 * {@link #drop()}, so test classes may run in parallel with anything else on the same server.
 * {@link #fresh()} empties it between tests by recreating its schema.
 */
final class TestDatabase {

  private static final String SERVER =
      System.getenv()
          .getOrDefault("DOCKET_TEST_POSTGRESQL_URL", "jdbc:postgresql://127.0.0.1:5432/");
  private static final String USER =
      System.getenv().getOrDefault("DOCKET_TEST_POSTGRESQL_USER", "postgres");

  private final String name;

  private TestDatabase(String name) {
    this.name = name;
  }

  /** Creates a new, empty database named {@code docket_test_<random>}. */
  static TestDatabase create() {
    assumeReachable();
    String name = "docket_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + name);
    return new TestDatabase(name);
  }

  /** The configuration of a store over this database, with a small pool. */
  PostgresConfig config() {
    return new PostgresConfig(SERVER + name, USER, "", 8);
  }

  /** Empties the database (drops and recreates its schema) and opens a store over it. */
  PostgresStore fresh() {
    try (Connection connection = DriverManager.getConnection(SERVER + name, USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA public CASCADE");
      statement.execute("CREATE SCHEMA public");
    } catch (SQLException e) {
      throw new StoreException("cannot empty test database " + name, e);
    }
    return open();
  }

  /** Opens another store over this database as it is. */
  PostgresStore open() {
    return PostgresStore.open(config());
  }

  /** Drops the database, disconnecting whoever is still connected. */
  void drop() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /**
   * Skips the test class unless the PostgreSQL server answers; fails instead when {@code
   * DOCKET_TEST_POSTGRESQL_REQUIRED=1} (CI sets it), so a machine without PostgreSQL still passes
   * the README's test command. (The same rule as {@code dev.docket.testing.Postgresql}, which this
   * module cannot depend on.)
   */
  private static void assumeReachable() {
    try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
      connection.isValid(5);
    } catch (SQLException e) {
      String reason = "PostgreSQL is not reachable at " + SERVER + " as " + USER + ": " + e;
      if ("1".equals(System.getenv("DOCKET_TEST_POSTGRESQL_REQUIRED"))) {
        throw new IllegalStateException(reason, e);
      }
      Assumptions.abort(reason + "; set DOCKET_TEST_POSTGRESQL_REQUIRED=1 to fail instead");
    }
  }

  private static void admin(String sql) {
    try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new StoreException("cannot run '" + sql + "' on " + SERVER, e);
    }
  }
}
