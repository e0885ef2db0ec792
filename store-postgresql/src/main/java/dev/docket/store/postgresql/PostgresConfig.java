package dev.docket.store.postgresql;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a {@link PostgresStore}. Immutable.
 *
 * @param url the JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/docket}
 * @param user the database user
 * @param password the password; empty for none (trust or peer authentication)
 * @param poolSize how many connections the pool keeps at most
 * @param connectTimeout how long opening a connection, or waiting for one from the pool, may take:
 *     at open it bounds how long an unreachable database delays the failure; while running, how
 *     long a call waits while the database is away before it fails with {@code
 *     StoreUnavailableException}
 */
public record PostgresConfig(
    String url, String user, String password, int poolSize, Duration connectTimeout) {

  /** The pool size when none is configured. */
  public static final int DEFAULT_POOL_SIZE = 16;

  /**
   * The connect timeout when none is configured: long enough for a database across a slow network
   * to answer, short enough that requests fail (with 503, which clients retry) rather than pile up
   * while it is away. pgjdbc's own default is 10 s, HikariCP's wait for a connection 30 s.
   */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Checks the values. */
  public PostgresConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "url must be a jdbc:postgresql: URL, but was '" + url + "'");
    }
    if (poolSize < 1 || poolSize > 1024) {
      throw new IllegalArgumentException(
          "poolSize must be between 1 and 1024, but was " + poolSize);
    }
    // HikariCP refuses less than 250 ms
    if (connectTimeout.compareTo(Duration.ofMillis(250)) < 0
        || connectTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "connectTimeout must be between 250ms and 10m, but was " + connectTimeout);
    }
  }

  /** A configuration with the default connect timeout. */
  public PostgresConfig(String url, String user, String password, int poolSize) {
    this(url, user, password, poolSize, DEFAULT_CONNECT_TIMEOUT);
  }

  /** A configuration with the default pool size and connect timeout, and no password. */
  public static PostgresConfig of(String url, String user) {
    return new PostgresConfig(url, user, "", DEFAULT_POOL_SIZE);
  }

  /** This configuration with another pool size. */
  public PostgresConfig withPoolSize(int newPoolSize) {
    return new PostgresConfig(url, user, password, newPoolSize, connectTimeout);
  }

  /** This configuration with another connect timeout. */
  public PostgresConfig withConnectTimeout(Duration newConnectTimeout) {
    return new PostgresConfig(url, user, password, poolSize, newConnectTimeout);
  }

  /** Leaves the password out, so a logged configuration never shows it. */
  @Override
  public String toString() {
    return "PostgresConfig[url="
        + url
        + ", user="
        + user
        + ", poolSize="
        + poolSize
        + ", connectTimeout="
        + connectTimeout
        + "]";
  }
}
