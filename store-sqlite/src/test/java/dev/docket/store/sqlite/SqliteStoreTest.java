package dev.docket.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.store.QueueRecord;
import dev.docket.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {

  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path directory;

  @Test
  void openCreatesTheDataDirectoryAndTheDatabaseFile() {
    Path nested = directory.resolve("a/b");

    try (SqliteStore store = SqliteStore.open(SqliteConfig.defaults(nested))) {
      assertThat(store.config().dataDirectory()).isEqualTo(nested);
    }

    assertThat(nested.resolve("docket.db")).isRegularFile();
  }

  @Test
  void writerUsesWalWithFullSynchronousCommits() {
    try (SqliteStore store = SqliteStore.open(SqliteConfig.defaults(directory))) {
      assertThat(store.pragma("journal_mode")).isEqualTo("wal");
      assertThat(store.pragma("synchronous")).isEqualTo("2");
    }
  }

  @Test
  void writerKeepsSavepointJournalsInMemoryAndALargePageCache() {
    try (SqliteStore store = SqliteStore.open(SqliteConfig.defaults(directory))) {
      assertThat(store.pragma("temp_store")).isEqualTo("2");
      assertThat(store.pragma("cache_size")).isEqualTo("-65536");
    }
  }

  @Test
  void migrationsRunOnceAcrossRestarts() throws SQLException {
    SqliteStore.open(SqliteConfig.defaults(directory)).close();
    SqliteStore.open(SqliteConfig.defaults(directory)).close();

    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT version, script FROM schema_version ORDER BY version")) {
      java.util.List<String> scripts = new java.util.ArrayList<>();
      int version = 0;
      while (rows.next()) {
        version = rows.getInt(1);
        scripts.add(rows.getString(2));
      }
      assertThat(scripts).isEqualTo(Migrations.SCRIPTS);
      assertThat(version).isEqualTo(Migrations.latestVersion());
    }
  }

  @Test
  void databaseWithANewerSchemaIsRefused() throws SQLException {
    SqliteStore.open(SqliteConfig.defaults(directory)).close();
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO schema_version (version, script, applied_at) VALUES (99, 'V99__x.sql', 'x')");
    }

    assertThatThrownBy(() -> SqliteStore.open(SqliteConfig.defaults(directory)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("newer than version " + Migrations.latestVersion());
  }

  @Test
  void callsAfterCloseFail() {
    SqliteStore store = SqliteStore.open(SqliteConfig.defaults(directory));
    store.close();
    store.close();

    assertThatThrownBy(() -> createQueue(store, "q"))
        .isInstanceOf(StoreException.class)
        .hasMessage("store is closed");
    assertThatThrownBy(() -> store.queues().queue(1L))
        .isInstanceOf(StoreException.class)
        .hasMessage("store is closed");
  }

  @Test
  void failingOperationFailsAloneInItsGroupCommit() throws Exception {
    try (SqliteStore store = SqliteStore.open(SqliteConfig.defaults(directory));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch writerBusy = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<?> blocker =
          executor.submit(
              () ->
                  store
                      .writer()
                      .write(
                          session -> {
                            writerBusy.countDown();
                            awaitQuietly(release);
                            return null;
                          }));
      writerBusy.await();
      Future<QueueRecord> good = executor.submit(() -> createQueue(store, "good"));
      Future<?> bad =
          executor.submit(
              () ->
                  store
                      .writer()
                      .write(
                          session -> {
                            session.execute("INSERT INTO no_such_table VALUES (1)");
                            return null;
                          }));
      while (store.writer().pendingCount() < 2) {
        Thread.onSpinWait();
      }

      release.countDown();

      blocker.get();
      assertThat(good.get().id()).isPositive();
      assertThatThrownBy(bad::get).hasCauseInstanceOf(StoreException.class);
      assertThat(store.queues().queue("000000000000", "good")).isPresent();
    }
  }

  @Test
  void closeCommitsWritesAlreadySubmitted() throws Exception {
    int created;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      SqliteStore store = SqliteStore.open(SqliteConfig.defaults(directory));
      var futures = new java.util.ArrayList<Future<QueueRecord>>();
      for (int i = 0; i < 50; i++) {
        String name = "q" + i;
        futures.add(executor.submit(() -> createQueue(store, name)));
      }
      store.close();
      created = 0;
      for (Future<QueueRecord> future : futures) {
        try {
          future.get();
          created++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).hasMessage("store is closed");
        }
      }
    }

    try (SqliteStore reopened = SqliteStore.open(SqliteConfig.defaults(directory))) {
      assertThat(reopened.queues().listQueues("000000000000", "", "", 100)).hasSize(created);
    }
  }

  @Test
  void databaseFileIsInspectableWithPlainSqlite() throws SQLException {
    try (SqliteStore store = SqliteStore.open(SqliteConfig.defaults(directory))) {
      createQueue(store, "orders");
    }

    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name, attributes FROM queues")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("orders");
      assertThat(rows.getString(2)).isEqualTo("{\"k\":\"v\"}");
    }
    assertThat(Files.exists(directory.resolve("docket.db"))).isTrue();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static QueueRecord createQueue(SqliteStore store, String name) {
    return store
        .queues()
        .createQueue(
            new QueueRecord(0, "000000000000", name, false, Map.of("k", "v"), Map.of(), T0, T0));
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("docket.db"));
  }
}
