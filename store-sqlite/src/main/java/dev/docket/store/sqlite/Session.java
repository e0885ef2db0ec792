package dev.docket.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One SQLite connection with its prepared statements cached by SQL text.
 *
 * <p>Not thread-safe: a session is used by one thread at a time (the writer thread, or the reader
 * that borrowed it from the pool).
 */
class Session implements AutoCloseable {

  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  Session(Connection connection) {
    this.connection = connection;
  }

  /** The cached statement for this SQL, prepared on first use; parameters are cleared. */
  final PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    } else {
      statement.clearParameters();
    }
    return statement;
  }

  /** Runs a statement without parameters and result, such as {@code BEGIN} or a pragma. */
  final void execute(String sql) throws SQLException {
    prepare(sql).execute();
  }

  final Connection connection() {
    return connection;
  }

  @Override
  public void close() {
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    statements.clear();
    try {
      connection.close();
    } catch (SQLException ignored) {
      // nothing left to release
    }
  }
}
