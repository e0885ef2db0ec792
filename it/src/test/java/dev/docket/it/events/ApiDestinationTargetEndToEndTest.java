package dev.docket.it.events;

import static dev.docket.it.events.ApiDestinationFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;

/** An event matched by a rule reaches an HTTP endpoint through an API destination. */
class ApiDestinationTargetEndToEndTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  /** What the endpoint received. */
  record Received(
      String method, String path, String query, Map<String, List<String>> headers, String body) {}

  private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
  private static HttpServer server;
  private static EventBridgeClient events;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          RECEIVED.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestURI().getRawQuery(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    events = ApiDestinationFixtures.eventBridge(docket);
  }

  @AfterAll
  static void stop() {
    events.close();
    server.stop(0);
  }

  @Test
  void aMatchingEventIsPostedToTheEndpointWithTheConnectionsApiKeyAndTheTargetsParameters()
      throws IOException {
    String connectionArn =
        events
            .createConnection(
                b ->
                    b.name(uniqueName("e2e-conn"))
                        .authorizationType(ConnectionAuthorizationType.API_KEY)
                        .authParameters(
                            p ->
                                p.apiKeyAuthParameters(
                                    a -> a.apiKeyName("x-api-key").apiKeyValue("k3y"))))
            .connectionArn();
    String destinationArn =
        events
            .createApiDestination(
                b ->
                    b.name(uniqueName("e2e-dest"))
                        .connectionArn(connectionArn)
                        .invocationEndpoint(
                            "http://127.0.0.1:" + server.getAddress().getPort() + "/orders/*")
                        .httpMethod(ApiDestinationHttpMethod.POST))
            .apiDestinationArn();
    String rule = uniqueName("e2e-rule");
    events.putRule(b -> b.name(rule).eventPattern("{\"source\":[\"e2e.orders\"]}"));
    events.putTargets(
        b ->
            b.rule(rule)
                .targets(
                    t ->
                        t.id("endpoint")
                            .arn(destinationArn)
                            .httpParameters(
                                h ->
                                    h.pathParameterValues("42")
                                        .headerParameters(Map.of("X-Order", "42"))
                                        .queryStringParameters(Map.of("src", "docket")))));

    events.putEvents(
        b ->
            b.entries(e -> e.source("e2e.orders").detailType("OrderPlaced").detail("{\"id\":42}")));

    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          while (RECEIVED.isEmpty()) {
            Thread.sleep(20);
          }
        });
    Received request = RECEIVED.getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/orders/42");
    assertThat(request.query()).isEqualTo("src=docket");
    assertThat(request.headers().get("X-api-key")).containsExactly("k3y");
    assertThat(request.headers().get("X-order")).containsExactly("42");
    assertThat(request.headers().get("Content-type"))
        .containsExactly("application/json; charset=utf-8");
    JsonNode event = new ObjectMapper().readTree(request.body());
    assertThat(event.path("source").asText()).isEqualTo("e2e.orders");
    assertThat(event.path("detail-type").asText()).isEqualTo("OrderPlaced");
    assertThat(event.path("detail").path("id").asInt()).isEqualTo(42);
  }
}
