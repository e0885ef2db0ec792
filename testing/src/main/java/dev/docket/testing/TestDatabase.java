package dev.docket.testing;

import dev.docket.store.postgresql.PostgresConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A PostgreSQL database of one test class, {@code docket_test_<random>} on a server reached as a
 * user without password: created by {@link #create}, dropped by {@link #drop} (disconnecting
 * whoever is left). Immutable.
 */
public record TestDatabase(String server, String user, String name) {

  /** Creates a new, empty database on {@code server} (a JDBC URL ending before the database). */
  public static TestDatabase create(String server, String user) {
    String base = server.endsWith("/") ? server : server + "/";
    String name = "docket_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    TestDatabase database = new TestDatabase(base, user, name);
    database.admin("CREATE DATABASE " + name);
    return database;
  }

  /** The configuration of a store over this database, with a small pool. */
  public PostgresConfig config() {
    return new PostgresConfig(server + name, user, "", 4);
  }

  /** The database's JDBC URL. */
  public String url() {
    return server + name;
  }

  /** Drops the database. */
  public void drop() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private void admin(String sql) {
    try (Connection connection = DriverManager.getConnection(server + "postgres", user, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot run '" + sql + "' on " + server, e);
    }
  }
}
