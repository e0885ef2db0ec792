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
import java.sql.Connection;
import java.sql.SQLException;
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
  private final PostgresEventLogStore eventLog;
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
    this.eventLog = new PostgresEventLogStore(database);
    this.executions = new PostgresExecutionStore(database);
    this.archives = new PostgresArchiveStore(database);
    this.leases = new PostgresLeaseStore(database);
    this.notifier = new PostgresNotifier(config, database);
  }

  /**
   * Connects to the database, applies pending schema migrations and opens the pool.
   *
   * @throws StoreException if the database cannot be reached or authenticated against, or has a
   *     schema newer than this code knows
   */
  public static PostgresStore open(PostgresConfig config) {
    Objects.requireNonNull(config, "config");
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
    hikari.setInitializationFailTimeout(1);
    hikari.addDataSourceProperty("ApplicationName", "docket");
    hikari.addDataSourceProperty("tcpKeepAlive", "true");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to PostgreSQL at " + config.url() + ": " + rootMessage(e), e);
    }
    try (Connection connection = pool.getConnection()) {
      Migrations.apply(connection, config.url());
    } catch (SQLException | RuntimeException e) {
      pool.close();
      if (e instanceof StoreException store) {
        throw store;
      }
      throw new StoreException(
          "cannot migrate PostgreSQL database " + config.url() + ": " + rootMessage(e), e);
    }
    return new PostgresStore(config, new Database(pool));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
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
    notifier.close();
    database.close();
  }
}
