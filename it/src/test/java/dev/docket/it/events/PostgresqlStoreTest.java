package dev.docket.it.events;

import static dev.docket.it.events.EventsIt.entry;
import static dev.docket.it.events.EventsIt.parse;
import static dev.docket.it.events.EventsIt.put;
import static dev.docket.it.events.EventsIt.queue;
import static dev.docket.it.events.EventsIt.receive;
import static dev.docket.it.events.EventsIt.rule;
import static dev.docket.it.events.EventsIt.target;
import static dev.docket.it.events.EventsIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.it.events.EventsIt.Queue;
import dev.docket.store.postgresql.PostgresConfig;
import dev.docket.testing.DocketExtension;
import dev.docket.testing.Postgresql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A server on the PostgreSQL store ({@code store.kind: postgresql}) of this machine
 * (127.0.0.1:5432, user postgres, trust authentication), in a database of its own created before
 * the server starts and dropped after it stops: SQS send and receive, and PutEvents through a rule
 * to a queue, through the AWS SDK.
 */
class PostgresqlStoreTest {

  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String DATABASE =
      "docket_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

  /** Creates the database before the server starts, drops it after the server stopped. */
  @RegisterExtension
  @Order(1)
  static final TestDatabase database = new TestDatabase();

  @RegisterExtension
  @Order(2)
  static final DocketExtension docket =
      DocketExtension.builder()
          .configure(
              c -> c.withPostgresql(new PostgresConfig(SERVER + DATABASE, "postgres", "", 4)))
          .build();

  private static EventBridgeClient events;
  private static SqsClient sqs;

  @BeforeAll
  static void clients() {
    events = EventsIt.client(docket.endpoint());
    sqs = docket.sqs();
  }

  @AfterAll
  static void close() {
    events.close();
  }

  @Test
  void sqsSendAndReceiveAreServedFromPostgresql() throws SQLException {
    Queue queue = queue(sqs, "pg");

    String id = sqs.sendMessage(b -> b.queueUrl(queue.url()).messageBody("hello")).messageId();
    List<Message> received = receive(sqs, queue.url(), 1);

    assertThat(received).extracting(Message::messageId).containsExactly(id);
    assertThat(received).extracting(Message::body).containsExactly("hello");
    assertThat(count("SELECT count(*) FROM queues WHERE name = '" + name(queue) + "'"))
        .isEqualTo(1);
  }

  @Test
  void putEventsReachesAQueueThroughARule() throws SQLException {
    String bus = uniqueName("bus");
    events.createEventBus(b -> b.name(bus));
    Queue queue = queue(sqs, "orders");
    rule(events, bus, "orders", "{\"source\": [\"shop\"]}", target("q", queue.arn()));

    String id = put(events, entry(bus, "shop", "{\"order\": 7}")).getFirst();
    Message message = receive(sqs, queue.url(), 1).getFirst();

    assertThat(parse(message.body()).path("id").asText()).isEqualTo(id);
    assertThat(parse(message.body()).path("detail").path("order").asInt()).isEqualTo(7);
    // the router has routed (and may have trimmed) the event: its bus's log is in PostgreSQL
    assertThat(count("SELECT count(*) FROM event_buses WHERE bus LIKE '%:event-bus/" + bus + "'"))
        .isEqualTo(1);
  }

  private static String name(Queue queue) {
    return queue.url().substring(queue.url().lastIndexOf('/') + 1);
  }

  private static long count(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER + DATABASE, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** The test's own database on the local PostgreSQL. */
  static final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
      Postgresql.assumeReachable(SERVER, "postgres");
      admin("CREATE DATABASE " + DATABASE);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
      admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
      try (Connection connection =
              DriverManager.getConnection(SERVER + "postgres", "postgres", "");
          Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }
  }
}
