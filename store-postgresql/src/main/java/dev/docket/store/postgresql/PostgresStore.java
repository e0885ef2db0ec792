package dev.docket.store.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.docket.store.ArchiveStore;
import dev.docket.store.EventLogStore;
import dev.docket.store.ExecutionStore;
import dev.docket.store.LeaseStore;
import dev.docket.store.Notifier;
import dev.docket.store.QueueStore;
import dev.docket.store.ResourceStore;
import dev.docket.store.Store;
import dev.docket.store.StoreException;
import dev.docket.store.TimerStore;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The store on PostgreSQL: every SPI over one database that several Docket nodes may share (design
 * note 0006).
 *
 * <p>Each call runs on a pooled connection (HikariCP) in its own transaction and returns after its
 * commit, with {@code synchronous_commit = on}: PostgreSQL's own group commit merges the fsyncs of
 * concurrent callers, so the store needs no writer thread. Nothing is cached in memory: another
 * node's writes are visible to the next call. Claims (receives, due timers, activity tasks) are one
 * statement over an index in claim order with {@code FOR UPDATE SKIP LOCKED}, each claim under a
 * fresh token from a database sequence; completions are fenced on that token. The schema is
 * migrated at open under an advisory lock.
 *
 * <p>Thread-safe. Any number of instances, in any number of processes, may share one database.
 */
public final class PostgresStore implements Store {

  private final PostgresConfig config;
  private final Database database;
  private final PostgresQueueStore queues;
  private final PostgresTimerStore timers;
  private final PostgresResourceStore resources;
  private final GroupedEventLog eventLog;
  private final PostgresExecutionStore executions;
  private final PostgresArchiveStore archives;
  private final PostgresLeaseStore leases;
  private final PostgresNotifier notifier;

  private PostgresStore(PostgresConfig config, Database database) {
    this.config = config;
    this.database = database;
    this.queues = new PostgresQueueStore(database);
    this.timers = new PostgresTimerStore(database);
    this.resources = new PostgresResourceStore(database);
    this.eventLog = new GroupedEventLog(new PostgresEventLogStore(database));
    this.executions = new PostgresExecutionStore(database);
    this.archives = new PostgresArchiveStore(database);
    this.leases = new PostgresLeaseStore(database);
    this.notifier = new PostgresNotifier(config, database);
  }

  /**
   * Connects to the database, applies pending schema migrations and opens the pool. Nothing is left
   * open when it fails, and it fails within about {@link PostgresConfig#connectTimeout()} when the
   * database does not answer.
   *
   * @throws StoreException if the database cannot be reached or authenticated against, or has a
   *     schema newer than this code knows; the message is one line naming the cause, without the
   *     URL (the caller names it)
   */
  public static PostgresStore open(PostgresConfig config) {
    Objects.requireNonNull(config, "config");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari(config));
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to PostgreSQL: " + connectFailure(e, config.connectTimeout()), e);
    }
    try (Connection connection = pool.getConnection()) {
      Migrations.apply(connection, databaseName(connection, config.url()));
    } catch (SQLException | RuntimeException e) {
      pool.close();
      if (e instanceof StoreException store) {
        throw store;
      }
      throw new StoreException("cannot migrate the database: " + rootMessage(e), e);
    }
    return new PostgresStore(config, new Database(pool));
  }

  /**
   * The pool's settings. Every wait on the network is bounded by the connect timeout: pgjdbc's TCP
   * connect and login (a server that accepts but never answers), the pool's wait for a connection
   * (a request while the database is away fails after it rather than piling up) and its check of an
   * idle connection before handing it out.
   */
  private static HikariConfig hikari(PostgresConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    if (!config.password().isEmpty()) {
      hikari.setPassword(config.password());
    }
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(Math.min(2, config.poolSize()));
    hikari.setPoolName("docket-postgresql");
    hikari.setConnectionInitSql("SET synchronous_commit = on");
    // one attempt at start: an unreachable database fails the start instead of delaying it
    hikari.setInitializationFailTimeout(1);
    long timeoutMillis = config.connectTimeout().toMillis();
    hikari.setConnectionTimeout(timeoutMillis);
    hikari.setValidationTimeout(Math.min(timeoutMillis, Duration.ofSeconds(5).toMillis()));
    String seconds = Long.toString(Math.max(1, (timeoutMillis + 999) / 1000));
    hikari.addDataSourceProperty("connectTimeout", seconds);
    hikari.addDataSourceProperty("loginTimeout", seconds);
    hikari.addDataSourceProperty("ApplicationName", "docket");
    hikari.addDataSourceProperty("tcpKeepAlive", "true");
    return hikari;
  }

  /**
   * Why the first connection failed, in words a user can act on: an unknown host, a refused or
   * unanswered connection, or what PostgreSQL said (a missing database or role, a wrong password).
   * Always contains the innermost cause's message.
   */
  static String connectFailure(Throwable e, Duration timeout) {
    Throwable root = e;
    SQLException sql = null;
    while (root.getCause() != null && root.getCause() != root) {
      if (sql == null && root instanceof SQLException found) {
        sql = found;
      }
      root = root.getCause();
    }
    if (sql == null && root instanceof SQLException found) {
      sql = found;
    }
    String rootMessage = String.valueOf(root.getMessage());
    if (root instanceof UnknownHostException) {
      return "unknown host " + rootMessage;
    }
    if (root instanceof ConnectException) {
      return rootMessage;
    }
    if (root instanceof SocketTimeoutException
        || (sql != null
            && "08001".equals(sql.getSQLState())
            && rootMessage.contains("timed out"))) {
      return "no answer within "
          + timeout.toString().substring(2).toLowerCase(Locale.ROOT)
          + " ("
          + rootMessage
          + ")";
    }
    if (sql != null && sql != root && !String.valueOf(sql.getMessage()).contains(rootMessage)) {
      return sql.getMessage() + " (" + rootMessage + ")";
    }
    return sql != null ? String.valueOf(sql.getMessage()) : rootMessage;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  /** The database's name, for messages; the URL if the server does not say. */
  private static String databaseName(Connection connection, String url) throws SQLException {
    String catalog = connection.getCatalog();
    return catalog == null || catalog.isEmpty() ? url : catalog;
  }

  /** The configuration this store was opened with. */
  public PostgresConfig config() {
    return config;
  }

  @Override
  public QueueStore queues() {
    return queues;
  }

  @Override
  public TimerStore timers() {
    return timers;
  }

  @Override
  public ResourceStore resources() {
    return resources;
  }

  @Override
  public EventLogStore eventLog() {
    return eventLog;
  }

  @Override
  public ArchiveStore archives() {
    return archives;
  }

  @Override
  public ExecutionStore executions() {
    return executions;
  }

  @Override
  public LeaseStore leases() {
    return leases;
  }

  /** {@code LISTEN} / {@code NOTIFY} on a dedicated connection; hints that can be lost. */
  @Override
  public Notifier notifier() {
    return notifier;
  }

  /** Stops listening and closes the pool; calls in progress finish first. Idempotent. */
  @Override
  public void close() {
    eventLog.close();
    notifier.close();
    database.close();
  }
}
