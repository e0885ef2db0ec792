package dev.docket.benchmarks.raw;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What PostgreSQL did for the run's database over the measured window ({@code --pg-stats}): commits
 * and rows written, from {@code pg_stat_database}, and the WAL written and flushed, from {@code
 * pg_stat_wal}, which is server-wide (other databases' work counts too). Per entry, these are the
 * costs a capacity model scales: a PostgreSQL's CPU per commit and per row, its fsyncs per second,
 * its WAL bandwidth. PostgreSQL publishes a backend's counters when its transaction ends and at
 * most about once a second, so a short window is slightly off.
 *
 * <p>Not thread-safe; {@link RawLoad#run} reads it at the window's start and end.
 */
final class PgStats {

  /** One reading of the counters. */
  record Reading(
      long commits,
      long rollbacks,
      long inserted,
      long updated,
      long deleted,
      long walRecords,
      long walBytes,
      long walSyncs) {}

  private final String url;
  private final String user;

  PgStats(String url, String user) {
    this.url = url;
    this.user = user;
  }

  /** The counters now; zeros (and a message) if PostgreSQL cannot be read. */
  Reading read() {
    try (Connection connection = DriverManager.getConnection(url, user, null);
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_stat_clear_snapshot()");
      long[] db = new long[5];
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted"
                  + " FROM pg_stat_database WHERE datname = current_database()")) {
        if (rows.next()) {
          for (int i = 0; i < db.length; i++) {
            db[i] = rows.getLong(i + 1);
          }
        }
      }
      long[] wal = new long[3];
      try (ResultSet rows =
          statement.executeQuery("SELECT wal_records, wal_bytes, wal_sync FROM pg_stat_wal")) {
        if (rows.next()) {
          for (int i = 0; i < wal.length; i++) {
            wal[i] = rows.getLong(i + 1);
          }
        }
      }
      return new Reading(db[0], db[1], db[2], db[3], db[4], wal[0], wal[1], wal[2]);
    } catch (SQLException e) {
      System.err.println("raw-load: cannot read PostgreSQL's statistics: " + e.getMessage());
      return new Reading(0, 0, 0, 0, 0, 0, 0, 0);
    }
  }

  /** Prints the difference of two readings over {@code seconds} and {@code entries}. */
  static void print(Reading from, Reading to, double seconds, double entries) {
    double per = entries == 0 ? 0 : 1 / entries;
    long commits = to.commits() - from.commits();
    System.out.printf(
        Locale.ROOT,
        "  postgresql, the run's database: %,.0f commits/s (%.3f per entry), %,d rollbacks;"
            + " rows per entry: %.2f inserted, %.2f updated, %.2f deleted%n",
        commits / seconds,
        commits * per,
        to.rollbacks() - from.rollbacks(),
        (to.inserted() - from.inserted()) * per,
        (to.updated() - from.updated()) * per,
        (to.deleted() - from.deleted()) * per);
    long syncs = to.walSyncs() - from.walSyncs();
    System.out.printf(
        Locale.ROOT,
        "  postgresql, server-wide: WAL %.2f MB/s (%,.0f bytes and %.1f records per entry),"
            + " %,.0f WAL fsyncs/s%n",
        (to.walBytes() - from.walBytes()) / seconds / 1e6,
        (to.walBytes() - from.walBytes()) * per,
        (to.walRecords() - from.walRecords()) * per,
        syncs / seconds);
  }
}
