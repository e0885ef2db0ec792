package dev.docket.it.cluster;

import dev.docket.testing.DocketProcess;
import dev.docket.testing.Postgresql;
import dev.docket.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Docket nodes as child processes on one fresh PostgreSQL database of this machine ({@code
 * store.kind: postgresql}), with short leases so that takeovers happen within seconds, and the
 * clients a test drives them with (one attempt per call: a request to a dead node fails at once).
 * Closing stops every node that is still running and drops the database.
 */
final class Cluster implements AutoCloseable {

  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  static final String USER = "postgres";

  /** The lease time the nodes run with: a dead node's work moves within this plus a third. */
  static final Duration LEASE = Duration.ofSeconds(3);

  private final TestDatabase database;
  private final List<DocketProcess> nodes = new ArrayList<>();
  private final List<AutoCloseable> clients = new ArrayList<>();

  private Cluster(TestDatabase database) {
    this.database = database;
  }

  /**
   * Starts {@code count} nodes named {@code node0}, {@code node1}, ... on a new database (skipping
   * the test when PostgreSQL is unreachable, unless CI requires it), their logs under {@code dir}.
   */
  static Cluster start(int count, Path dir) {
    Postgresql.assumeReachable(SERVER, USER);
    Cluster cluster = new Cluster(TestDatabase.create(SERVER, USER));
    try {
      for (int i = 0; i < count; i++) {
        String name = "node" + i;
        cluster.nodes.add(
            DocketProcess.start(dir.resolve(name), cluster.environment(name), "-Xmx384m"));
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private Map<String, String> environment(String name) {
    return Map.of(
        "DOCKET_STORE_KIND",
        "postgresql",
        "DOCKET_STORE_POSTGRESQL_URL",
        database.url(),
        "DOCKET_STORE_POSTGRESQL_USER",
        USER,
        "DOCKET_STORE_POSTGRESQL_POOL_SIZE",
        "8",
        "DOCKET_CLUSTER_NODE_NAME",
        name,
        "DOCKET_CLUSTER_LEASE_TIME",
        LEASE.toSeconds() + "s",
        "DOCKET_CLUSTER_RESYNC",
        "2s");
  }

  /** Node {@code i}. */
  DocketProcess node(int i) {
    return nodes.get(i);
  }

  /** How many nodes were started. */
  int size() {
    return nodes.size();
  }

  SqsClient sqs(int node) {
    return track(
        SqsClient.builder()
            .endpointOverride(endpoint(node))
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials())
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
            .build());
  }

  EventBridgeClient events(int node) {
    return track(
        EventBridgeClient.builder()
            .endpointOverride(endpoint(node))
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials())
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
            .build());
  }

  SfnClient sfn(int node) {
    return track(
        SfnClient.builder()
            .endpointOverride(endpoint(node))
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials())
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(
                o ->
                    o.retryStrategy(r -> r.maxAttempts(1))
                        .putAdvancedOption(
                            SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
            .build());
  }

  /** The stored lease {@code name}: its owner (node name and incarnation) and token. */
  Optional<Lease> lease(String name) {
    try (Connection connection = DriverManager.getConnection(database.url(), USER, "");
        PreparedStatement select =
            connection.prepareStatement("SELECT owner, token FROM leases WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next()
            ? Optional.of(new Lease(rows.getString(1), rows.getLong(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read lease " + name, e);
    }
  }

  /** The cursor of {@code consumer} in the event log; 0 if none. */
  long cursor(String consumer) {
    try (Connection connection = DriverManager.getConnection(database.url(), USER, "");
        PreparedStatement select =
            connection.prepareStatement("SELECT sequence FROM cursors WHERE consumer = ?")) {
      select.setString(1, consumer);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read cursor " + consumer, e);
    }
  }

  /** A lease as stored. */
  record Lease(String owner, long token) {
    /** The index of the node holding it ({@code node<i>/<incarnation>}). */
    int node() {
      return Integer.parseInt(owner.substring("node".length(), owner.indexOf('/')));
    }
  }

  private static URI endpoint(DocketProcess node) {
    return node.endpoint();
  }

  private URI endpoint(int node) {
    return endpoint(nodes.get(node));
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  }

  private <T extends AutoCloseable> T track(T client) {
    clients.add(client);
    return client;
  }

  @Override
  public void close() {
    for (AutoCloseable client : clients) {
      try {
        client.close();
      } catch (Exception e) {
        // closing a client of a dead node
      }
    }
    for (DocketProcess node : nodes) {
      try {
        node.close();
      } catch (RuntimeException e) {
        // already gone
      }
    }
    database.drop();
  }
}
