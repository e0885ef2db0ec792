package dev.docket.store.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a {@link SqliteStore}. Immutable.
 *
 * @param dataDirectory the directory holding {@code docket.db}; created if missing
 * @param maxBatchSize at most this many operations share one transaction (one commit, one fsync)
 * @param readConnections how many read-only connections serve plain reads concurrently
 * @param busyTimeout how long a connection waits on a lock held by another connection
 */
public record SqliteConfig(
    Path dataDirectory, int maxBatchSize, int readConnections, Duration busyTimeout) {

  /** The file name of the database inside {@link #dataDirectory()}. */
  public static final String DATABASE_FILE = "docket.db";

  /** Checks the values. */
  public SqliteConfig {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    if (maxBatchSize < 1 || maxBatchSize > 100_000) {
      throw new IllegalArgumentException(
          "maxBatchSize must be between 1 and 100000, but was " + maxBatchSize);
    }
    if (readConnections < 1 || readConnections > 64) {
      throw new IllegalArgumentException(
          "readConnections must be between 1 and 64, but was " + readConnections);
    }
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "busyTimeout must be between 0 and " + Integer.MAX_VALUE + " ms, but was " + busyTimeout);
    }
  }

  /**
   * Defaults for a data directory: batches of up to 512 operations, 4 read connections, a 10 s busy
   * timeout.
   */
  public static SqliteConfig defaults(Path dataDirectory) {
    return new SqliteConfig(dataDirectory, 512, 4, Duration.ofSeconds(10));
  }

  /** This configuration with another batch size limit. */
  public SqliteConfig withMaxBatchSize(int newMaxBatchSize) {
    return new SqliteConfig(dataDirectory, newMaxBatchSize, readConnections, busyTimeout);
  }

  /** The database file. */
  public Path databaseFile() {
    return dataDirectory.resolve(DATABASE_FILE);
  }
}
