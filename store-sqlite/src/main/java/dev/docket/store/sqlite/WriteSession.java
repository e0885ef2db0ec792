package dev.docket.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The writer's session: the single read-write connection plus the store-wide counters that number
 * messages (sequences), events (event sequences) and claims (receipt and lease tokens).
 *
 * <p>The counters live in memory and are saved inside each committed transaction that advanced
 * them, so numbers are never reused after a restart; a rolled-back operation merely leaves a gap.
 * Not thread-safe: used only on the writer thread.
 */
final class WriteSession extends Session {

  private static final String SAVE_COUNTER = "UPDATE counters SET value = ? WHERE name = ?";

  private long sequence;
  private long token;
  private long event;
  private boolean countersChanged;

  WriteSession(Connection connection) throws SQLException {
    super(connection);
    try (PreparedStatement select =
            connection.prepareStatement("SELECT name, value FROM counters");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        switch (rows.getString(1)) {
          case "sequence" -> sequence = rows.getLong(2);
          case "token" -> token = rows.getLong(2);
          case "event" -> event = rows.getLong(2);
          default -> {
            // a counter of a later feature; not ours
          }
        }
      }
    }
  }

  /** The next message sequence number, strictly greater than every one given before. */
  long nextSequence() {
    countersChanged = true;
    return ++sequence;
  }

  /** The next event sequence number, strictly greater than every one given before. */
  long nextEventSequence() {
    countersChanged = true;
    return ++event;
  }

  /** A fresh receipt or lease token, never 0 and never given before. */
  long nextToken() {
    countersChanged = true;
    return ++token;
  }

  /** Saves advanced counters into the current transaction. */
  void saveCounters() throws SQLException {
    if (!countersChanged) {
      return;
    }
    PreparedStatement update = prepare(SAVE_COUNTER);
    update.setLong(1, sequence);
    update.setString(2, "sequence");
    update.executeUpdate();
    update.setLong(1, token);
    update.setString(2, "token");
    update.executeUpdate();
    update.setLong(1, event);
    update.setString(2, "event");
    update.executeUpdate();
    countersChanged = false;
  }

  /** Marks the counters as not yet saved, after a transaction that saved them rolled back. */
  void countersLost() {
    countersChanged = true;
  }
}
