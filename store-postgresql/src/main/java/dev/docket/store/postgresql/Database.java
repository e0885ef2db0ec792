package dev.docket.store.postgresql;

import com.zaxxer.hikari.HikariDataSource;
import dev.docket.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connection pool and the two ways of using it: a transaction ({@link #transaction}) and a
 * plain read in autocommit ({@link #read}). A transaction that fails with a deadlock or a
 * serialization failure is run again from the start (its work must be free of side effects outside
 * the database); any other {@link SQLException} becomes a {@link StoreException}.
 *
 * <p>Commits are durable on return: the pool sets {@code synchronous_commit = on} on every
 * connection. Thread-safe.
 */
final class Database implements AutoCloseable {

  /** Work over one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private static final int ATTEMPTS = 8;

  private final HikariDataSource pool;

  Database(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Runs {@code work} in one transaction (READ COMMITTED) and commits it. */
  <T> T transaction(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = pool.getConnection()) {
        connection.setAutoCommit(false);
        try {
          T result = work.run(connection);
          connection.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollback(connection);
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      } catch (SQLException e) {
        if (attempt < ATTEMPTS && retryable(e)) {
          continue;
        }
        throw failure(e);
      }
    }
  }

  /** Runs {@code work} in autocommit: each statement sees what was committed when it began. */
  <T> T read(Work<T> work) {
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static void rollback(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the pool will discard it
    }
  }

  /** Deadlock detected or serialization failure: the transaction may simply run again. */
  static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return "40P01".equals(state) || "40001".equals(state);
  }

  private static StoreException failure(SQLException e) {
    if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
      return new StoreException("PostgreSQL is unreachable: " + e.getMessage(), e);
    }
    return new StoreException("PostgreSQL failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    pool.close();
  }
}
