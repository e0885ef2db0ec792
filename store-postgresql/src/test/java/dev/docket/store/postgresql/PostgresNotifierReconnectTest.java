package dev.docket.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The listening connection reconnects: after PostgreSQL terminates it, listeners hear later
 * notifications again (those sent while it was away are lost, as the notifier documents, so the
 * test notifies until one is heard).
 */
class PostgresNotifierReconnectTest {

  private static final int ATTEMPTS = 120;

  private static TestDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.drop();
    }
  }

  @Test
  void listenersHearNotificationsAgainAfterTheConnectionIsKilled() throws Exception {
    try (PostgresStore store = database.fresh()) {
      BlockingQueue<String> heard = new LinkedBlockingQueue<>();
      store.notifier().listen("queues", heard::add);
      store.notifier().notify("queues", "before");
      assertThat(heard.poll(30, TimeUnit.SECONDS)).isEqualTo("before");

      int terminated = terminateListeners();
      String again = null;
      for (int attempt = 0; attempt < ATTEMPTS && again == null; attempt++) {
        store.notifier().notify("queues", "after");
        again = heard.poll(250, TimeUnit.MILLISECONDS);
      }

      assertThat(terminated).isEqualTo(1);
      assertThat(again).isEqualTo("after");
    }
  }

  private static int terminateListeners() throws Exception {
    PostgresConfig config = database.config();
    try (Connection connection =
            DriverManager.getConnection(config.url(), config.user(), config.password());
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database()"
                    + " AND application_name = 'docket-notifier'")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
