package dev.docket.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.store.postgresql.PostgresConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocketServerTest {

  @TempDir Path dataDirectory;

  @Test
  void startedServerAnswersHealthOnItsEndpoint() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDirectory(dataDirectory);

    try (DocketServer server = DocketServer.start(config);
        HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(server.endpoint().resolve("/_docket/health")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(server.port()).isPositive();
      assertThat(server.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body().replace(" ", "")).isEqualTo("{\"status\":\"UP\"}");
    }
  }

  @Test
  void storeIsCreatedInTheDataDirectory() {
    Path data = dataDirectory.resolve("nested");
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDirectory(data);

    try (DocketServer server = DocketServer.start(config)) {

      assertThat(data.resolve("docket.db")).exists();
    }
  }

  @Test
  void closeIsIdempotent() {
    DocketServer server =
        DocketServer.start(ServerConfig.defaults().withPort(0).withDataDirectory(dataDirectory));

    server.close();
    server.close();

    assertThat(server.port()).isPositive();
  }

  @Test
  void aTakenPortFailsTheStartWithTheAddressInTheMessage() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ServerConfig config =
          ServerConfig.defaults().withPort(taken.getLocalPort()).withDataDirectory(dataDirectory);

      assertThatThrownBy(() -> DocketServer.start(config))
          .isInstanceOf(StartupException.class)
          .hasMessageStartingWith("Cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void theStoreIsReleasedWhenTheWireServerFailsToStart() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ServerConfig busy =
          ServerConfig.defaults().withPort(taken.getLocalPort()).withDataDirectory(dataDirectory);
      assertThatThrownBy(() -> DocketServer.start(busy)).isInstanceOf(StartupException.class);
    }

    try (DocketServer server =
        DocketServer.start(ServerConfig.defaults().withPort(0).withDataDirectory(dataDirectory))) {

      assertThat(server.port()).isPositive();
    }
  }

  @Test
  void anUnreachablePostgresqlFailsTheStartWithOneClearLine() throws IOException {
    int closedPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = free.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/docket";
    ServerConfig config =
        ServerConfig.defaults().withPort(0).withPostgresql(PostgresConfig.of(url, "docket"));

    assertThatThrownBy(() -> DocketServer.start(config))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith("Cannot open the store in postgresql " + url + ": ")
        .hasMessageContaining("cannot connect to PostgreSQL")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(Thread.getAllStackTraces().keySet())
        .as("nothing of the pool is left running")
        .noneMatch(thread -> thread.getName().startsWith("docket-postgresql"));
  }
}
