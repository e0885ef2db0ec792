package dev.docket.store.postgresql;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.docket.store.StoreException;
import dev.docket.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * The connection pool and the two ways of using it: a transaction ({@link #transaction}) and a
 * plain read in autocommit ({@link #read}). A transaction that fails with a deadlock or a
 * serialization failure is run again from the start (its work must be free of side effects outside
 * the database), and so is one whose connection was lost before it began to commit (PostgreSQL
 * rolled it back): after a database restart the pool may hand out a connection that is already dead
 * (and then the pool drops its idle connections, most likely dead too). Any other {@link
 * SQLException} becomes a {@link StoreException}: a {@link StoreUnavailableException} when the
 * database cannot be reached for now ({@link #unavailable}), which the wire layer answers with
 * {@code ServiceUnavailable}.
 *
 * <p>While the database is away, a call waits at most the pool's connection timeout ({@link
 * PostgresConfig#connectTimeout()}) for a connection and then fails; the pool reconnects by itself
 * once the database is back, so nothing needs a restart.
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

  /** How many more connections a transaction tries after losing one before it began to commit. */
  private static final int RECONNECTS = 2;

  /**
   * SQLStates (besides class 08, connection exception) of a database that is away for now: the
   * server is shutting down (57P01 admin, 57P02 crash), starting up or in recovery (57P03), or full
   * of connections (53300).
   */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

  private final HikariDataSource pool;

  Database(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Runs {@code work} in one transaction (READ COMMITTED) and commits it. */
  <T> T transaction(Work<T> work) {
    int reconnects = 0;
    for (int attempt = 1; ; attempt++) {
      boolean committing = false;
      try (Connection connection = connect()) {
        connection.setAutoCommit(false);
        try {
          T result = work.run(connection);
          committing = true;
          connection.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollback(connection);
          throw e;
        } finally {
          autocommit(connection);
        }
      } catch (PoolTimeout e) {
        throw failure(e.timeout);
      } catch (SQLException e) {
        if (attempt < ATTEMPTS && retryable(e)) {
          continue;
        }
        if (unavailable(e)) {
          dropIdleConnections();
          // A commit that lost its connection may have committed: only the caller may decide. An
          // interrupted caller (a loop being stopped) lost its connection to the interrupt.
          if (!committing && reconnects < RECONNECTS && !Thread.currentThread().isInterrupted()) {
            reconnects++;
            continue;
          }
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
      if (unavailable(e)) {
        dropIdleConnections();
      }
      throw failure(e);
    }
  }

  /**
   * After a lost connection: the others were most likely lost with it (a database restart, a
   * failover, a partition), so the pool closes its idle ones and opens fresh connections for the
   * next calls, instead of each call finding a dead one first (HikariCP checks only connections
   * idle for more than 500 ms before handing them out). Connections in use are closed when
   * returned.
   */
  private void dropIdleConnections() {
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    if (bean != null) {
      bean.softEvictConnections();
    }
  }

  /** A pooled connection; the pool's own failure to provide one is told apart from later ones. */
  private Connection connect() {
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      throw new PoolTimeout(e);
    }
  }

  /**
   * Puts the connection back in autocommit, never masking the failure being thrown: a connection
   * that broke is closed by now (the pool discards it, and resets a healthy one anyway).
   */
  private static void autocommit(Connection connection) {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the connection is broken; the pool will discard it
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

  /**
   * Whether {@code e} means the database cannot be reached for now rather than that the call is
   * wrong: the pool timed out waiting for a connection ({@link SQLTransientConnectionException}), a
   * connection failed or could not be opened (SQLState class 08), or the server is shutting down,
   * starting up or out of connections. Wrong credentials or a missing database are not: they do not
   * pass by themselves.
   */
  static boolean unavailable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)) {
          return true;
        }
      }
    }
    return false;
  }

  static StoreException failure(SQLException e) {
    if (unavailable(e)) {
      return new StoreUnavailableException("PostgreSQL is unreachable: " + e.getMessage(), e);
    }
    return new StoreException("PostgreSQL failed: " + e.getMessage(), e);
  }

  /** The pool gave no connection: nothing ran, and waiting again would only double the wait. */
  private static final class PoolTimeout extends RuntimeException {
    final SQLException timeout;

    PoolTimeout(SQLException timeout) {
      super(timeout.getMessage(), timeout, false, false);
      this.timeout = timeout;
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
