package dev.docket.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether the tests that need a real PostgreSQL can run. CI runs on machines that have one
 * (127.0.0.1:5432, user {@code postgres}, trust authentication) and sets {@value #REQUIRED}, so a
 * missing database fails there; on a developer's machine without one those tests are skipped with a
 * reason instead, and the README's test command stays green.
 */
public final class Postgresql {

  /** The environment variable that makes a missing PostgreSQL a failure instead of a skip. */
  public static final String REQUIRED = "DOCKET_TEST_POSTGRESQL_REQUIRED";

  private Postgresql() {}

  /**
   * Skips the calling test (class) unless a connection to database {@code postgres} on {@code
   * server} (a JDBC URL ending before the database) as {@code user} succeeds; fails instead when
   * {@value #REQUIRED} is {@code 1}.
   */
  public static void assumeReachable(String server, String user) {
    String base = server.endsWith("/") ? server : server + "/";
    try (Connection connection = DriverManager.getConnection(base + "postgres", user, "")) {
      connection.isValid(5);
    } catch (SQLException e) {
      String reason = "PostgreSQL is not reachable at " + base + " as " + user + ": " + e;
      if ("1".equals(System.getenv(REQUIRED))) {
        throw new IllegalStateException(reason + " (and " + REQUIRED + "=1)", e);
      }
      Assumptions.abort(reason + "; set " + REQUIRED + "=1 to fail instead");
    }
  }
}
