package dev.docket.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.store.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Migrations: applied once however many nodes start together; a newer schema is refused. */
class PostgresMigrationsTest {

  private final TestDatabase database = TestDatabase.create();

  @AfterEach
  void dropDatabase() {
    if (database != null) {
      database.drop();
    }
  }

  @Test
  void storesOpeningTogetherOnAnEmptyDatabaseMigrateItOnce() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<PostgresStore>> opened = new ArrayList<>();

    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 4; i++) {
        opened.add(
            executor.submit(
                () -> {
                  start.await();
                  return database.open();
                }));
      }
      start.countDown();
    }

    for (Future<PostgresStore> store : opened) {
      store.get().close();
    }
    assertThat(query("SELECT count(*), max(version) FROM docket_schema_version"))
        .isEqualTo(List.of((long) Migrations.SCRIPTS.size(), (long) Migrations.latestVersion()));
  }

  @Test
  void aDatabaseWithANewerSchemaIsRefusedWithOneLine() throws Exception {
    database.open().close();
    execute("INSERT INTO docket_schema_version (version, script) VALUES (99, 'V99__future.sql')");

    assertThatThrownBy(database::open)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(
            "has schema version 99, newer than version " + Migrations.latestVersion())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private void execute(String sql) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(database.config().url(), database.config().user(), "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private List<Long> query(String sql) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(database.config().url(), database.config().user(), "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return List.of(rows.getLong(1), rows.getLong(2));
    }
  }
}
