package dev.docket.store.sqlite;

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
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sqlite.SQLiteConfig.JournalMode;
import org.sqlite.SQLiteConfig.SynchronousMode;
import org.sqlite.SQLiteConfig.TempStore;

/**
 * The embedded store: one SQLite database file, {@code <dataDirectory>/docket.db}, in WAL mode with
 * {@code synchronous=FULL}.
 *
 * <p>Every write (and every read-modify-write claim such as a receive) runs on one platform writer
 * thread that commits all operations pending at once in a single transaction, so concurrent callers
 * share one fsync (group commit); each caller returns only when its commit is durable. Plain reads
 * use a small pool of read-only connections. The schema is migrated at open.
 *
 * <p>Thread-safe. Open once per data directory: a second instance on the same directory would
 * compete for the write lock.
 */
public final class SqliteStore implements Store {

  /** The writer connection's page cache, in KiB (SQLite's default is 2,000). */
  private static final int WRITER_CACHE_KIB = 64 * 1024;

  private final SqliteConfig config;
  private final Writer writer;
  private final Readers readers;
  private final SqliteQueueStore queues;
  private final SqliteTimerStore timers;
  private final SqliteResourceStore resources;
  private final SqliteEventLogStore eventLog;
  private final SqliteExecutionStore executions;
  private final SqliteArchiveStore archives;
  private final SqliteLeaseStore leases;
  private final LocalNotifier notifier = new LocalNotifier();

  private SqliteStore(SqliteConfig config, Writer writer, Readers readers) {
    this.config = config;
    this.writer = writer;
    this.readers = readers;
    this.queues = new SqliteQueueStore(writer, readers);
    this.timers = new SqliteTimerStore(writer, readers);
    this.resources = new SqliteResourceStore(writer, readers);
    this.eventLog = new SqliteEventLogStore(writer, readers);
    this.executions = new SqliteExecutionStore(writer, readers);
    this.archives = new SqliteArchiveStore(writer, readers);
    this.leases = new SqliteLeaseStore(writer, readers);
  }

  /**
   * Opens (creating if needed) the database in {@code config.dataDirectory()}, applies pending
   * schema migrations and starts the writer thread.
   *
   * @throws StoreException if the directory or database cannot be opened, or the database has a
   *     schema newer than this code knows
   */
  public static SqliteStore open(SqliteConfig config) {
    Objects.requireNonNull(config, "config");
    try {
      Files.createDirectories(config.dataDirectory());
    } catch (IOException e) {
      throw new StoreException("cannot create data directory " + config.dataDirectory(), e);
    }
    List<Session> opened = new ArrayList<>();
    try {
      Connection writeConnection = connect(config, false);
      WriteSession writeSession;
      try {
        Migrations.apply(writeConnection, config.databaseFile().toString());
        writeSession = new WriteSession(writeConnection);
      } catch (SQLException | RuntimeException e) {
        writeConnection.close();
        throw e;
      }
      opened.add(writeSession);
      List<Session> readSessions = new ArrayList<>();
      for (int i = 0; i < config.readConnections(); i++) {
        Session reader = new Session(connect(config, true));
        opened.add(reader);
        readSessions.add(reader);
      }
      Writer writer = new Writer(writeSession, config.maxBatchSize(), "docket-sqlite-writer");
      return new SqliteStore(config, writer, new Readers(readSessions));
    } catch (SQLException e) {
      opened.forEach(Session::close);
      throw new StoreException(
          "cannot open SQLite database " + config.databaseFile() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      opened.forEach(Session::close);
      throw e;
    }
  }

  private static Connection connect(SqliteConfig config, boolean readOnly) throws SQLException {
    org.sqlite.SQLiteConfig sqlite = new org.sqlite.SQLiteConfig();
    sqlite.setBusyTimeout((int) config.busyTimeout().toMillis());
    sqlite.enforceForeignKeys(false);
    // No caller reads generated keys; without this the driver matches every statement against a
    // pattern and follows each insert with a second query for last_insert_rowid().
    sqlite.setGetGeneratedKeys(false);
    if (!readOnly) {
      sqlite.setJournalMode(JournalMode.WAL);
      sqlite.setSynchronous(SynchronousMode.FULL);
      // Every operation of a group commit runs in a savepoint, whose statement journal (the old
      // content of each page the operation changes again) would otherwise go to a temporary file,
      // one pwrite per page: keep it in memory.
      sqlite.setTempStore(TempStore.MEMORY);
      // The writer touches pages all over large tables (a million timers are ~300 MB), which
      // SQLite's default page cache of 2 MB read from the file again and again.
      sqlite.setCacheSize(-WRITER_CACHE_KIB);
    }
    Connection connection =
        DriverManager.getConnection(
            "jdbc:sqlite:" + config.databaseFile().toAbsolutePath(), sqlite.toProperties());
    if (readOnly) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA query_only = true");
      }
    }
    return connection;
  }

  /** The configuration this store was opened with. */
  public SqliteConfig config() {
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

  /** An in-process fan-out: one SQLite store is one node. */
  @Override
  public Notifier notifier() {
    return notifier;
  }

  /** The writer, for tests that submit operations directly. */
  Writer writer() {
    return writer;
  }

  /** The value of a pragma as the writer connection sees it (for tests and diagnostics). */
  String pragma(String name) {
    if (!name.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a pragma name: " + name);
    }
    return writer.write(
        session -> {
          try (Statement statement = session.connection().createStatement();
              ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            return rows.next() ? rows.getString(1) : null;
          }
        });
  }

  /** Commits pending writes, stops the writer thread and closes every connection. Idempotent. */
  @Override
  public void close() {
    writer.close();
    readers.close();
  }
}
