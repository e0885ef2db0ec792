package dev.docket.it.events;

import static dev.docket.it.events.ApiDestinationFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.docket.delivery.DeliveryConfig;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Events matched by a rule reach an HTTP endpoint through an API destination: delivered with the
 * connection's auth and the target's parameters, retried after a server error, dead-lettered with
 * EventBridge's attributes after a client error.
 */
class ApiDestinationTargetEndToEndTest {

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .configure(
              c ->
                  c.withDelivery(
                      DeliveryConfig.defaults()
                          .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))))
          .build();

  /** What the endpoint received. */
  record Received(
      String method, String path, String query, Map<String, List<String>> headers, String body) {}

  private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
  private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();
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
          String path = exchange.getRequestURI().getPath();
          int status =
              path.startsWith("/reject")
                  ? 400
                  : path.startsWith("/flaky") && FLAKY_CALLS.incrementAndGet() == 1 ? 503 : 200;
          exchange.sendResponseHeaders(status, -1);
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

    Received request = awaitRequest("/orders/42").getFirst();
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

  @Test
  void aServerErrorIsRetriedUntilTheEndpointAcceptsTheEvent() {
    String destination = destination("/flaky");
    String rule = uniqueName("e2e-flaky");
    events.putRule(b -> b.name(rule).eventPattern("{\"source\":[\"e2e.flaky\"]}"));
    events.putTargets(b -> b.rule(rule).targets(t -> t.id("flaky").arn(destination)));

    events.putEvents(b -> b.entries(e -> e.source("e2e.flaky").detailType("T").detail("{}")));

    List<Received> requests = awaitRequests("/flaky", 2);
    assertThat(requests).hasSize(2);
    assertThat(FLAKY_CALLS.get()).isEqualTo(2);
  }

  @Test
  void aClientErrorGoesToTheDeadLetterQueueWithoutRetries() {
    String destination = destination("/reject");
    EventsIt.Queue dlq = EventsIt.queue(docket.sqs(), "api-dlq");
    String rule = uniqueName("e2e-reject");
    String ruleArn =
        events.putRule(b -> b.name(rule).eventPattern("{\"source\":[\"e2e.reject\"]}")).ruleArn();
    events.putTargets(
        b ->
            b.rule(rule)
                .targets(
                    t -> t.id("reject").arn(destination).deadLetterConfig(d -> d.arn(dlq.arn()))));

    String id =
        events
            .putEvents(b -> b.entries(e -> e.source("e2e.reject").detailType("T").detail("{}")))
            .entries()
            .getFirst()
            .eventId();

    Message dead = EventsIt.receive(docket.sqs(), dlq.url(), 1).getFirst();
    Map<String, String> attributes =
        dead.messageAttributes().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stringValue()));
    assertThat(EventsIt.parse(dead.body()).path("id").asText()).isEqualTo(id);
    assertThat(attributes)
        .containsEntry("RULE_ARN", ruleArn)
        .containsEntry("TARGET_ARN", destination)
        .containsEntry("ERROR_CODE", "SDK_CLIENT_ERROR")
        .containsEntry(
            "ERROR_MESSAGE",
            "Unable to invoke ApiDestination endpoint: API destination endpoint returned HTTP"
                + " status code 400.");
    assertThat(requestsTo("/reject")).hasSize(1);
  }

  /** A Basic-auth destination POSTing to {@code path} on the test server. */
  private static String destination(String path) {
    String connectionArn = ApiDestinationFixtures.basicConnection(events, uniqueName("e2e-basic"));
    return events
        .createApiDestination(
            b ->
                b.name(uniqueName("e2e-dest"))
                    .connectionArn(connectionArn)
                    .invocationEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + path)
                    .httpMethod(ApiDestinationHttpMethod.POST))
        .apiDestinationArn();
  }

  private static List<Received> requestsTo(String path) {
    return RECEIVED.stream().filter(r -> r.path().equals(path)).toList();
  }

  private static List<Received> awaitRequest(String path) {
    return awaitRequests(path, 1);
  }

  /** Polls until {@code count} requests reached {@code path}, failing after 30 seconds. */
  private static List<Received> awaitRequests(String path, int count) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          while (requestsTo(path).size() < count) {
            Thread.sleep(20);
          }
        });
    return requestsTo(path);
  }
}
