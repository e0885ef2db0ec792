package dev.docket.store.postgresql;

import java.util.Objects;

/**
 * Configuration of a {@link PostgresStore}. Immutable.
 *
 * @param url the JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/docket}
 * @param user the database user
 * @param password the password; empty for none (trust or peer authentication)
 * @param poolSize how many connections the pool keeps at most
 */
public record PostgresConfig(String url, String user, String password, int poolSize) {

  /** The pool size when none is configured. */
  public static final int DEFAULT_POOL_SIZE = 16;

  /** Checks the values. */
  public PostgresConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "url must be a jdbc:postgresql: URL, but was '" + url + "'");
    }
    if (poolSize < 1 || poolSize > 1024) {
      throw new IllegalArgumentException(
          "poolSize must be between 1 and 1024, but was " + poolSize);
    }
  }

  /** A configuration with the default pool size and no password. */
  public static PostgresConfig of(String url, String user) {
    return new PostgresConfig(url, user, "", DEFAULT_POOL_SIZE);
  }

  /** This configuration with another pool size. */
  public PostgresConfig withPoolSize(int newPoolSize) {
    return new PostgresConfig(url, user, password, newPoolSize);
  }

  /** Leaves the password out, so a logged configuration never shows it. */
  @Override
  public String toString() {
    return "PostgresConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
