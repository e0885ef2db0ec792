package dev.docket.events.destinations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.Outcome;
import dev.docket.events.InMemoryResources;
import dev.docket.model.RequestContext;
import dev.docket.schedule.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connection targets (Step Functions' {@code http:invoke}) against a real HTTP server on 127.0.0.1:
 * the request the task's parameters and the connection make, the answer for any status, each
 * authorization (the OAuth token shared with API destinations), and failures only when no request
 * could be made.
 */
class ConnectionTargetsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the test server received. */
  record Received(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.getFirst();
    }
  }

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final InMemoryResources store = new InMemoryResources();
  private final ApiDestinations api = new ApiDestinations(store, clock);
  private final RequestContext context =
      new RequestContext("req", "000000000000", "us-east-1", "http://localhost", clock.instant());
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private HttpServer server;
  private String base;
  private ApiDestinationTargets destinations;
  private ConnectionTargets targets;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/json",
        exchange -> answer(exchange, 201, "application/json", "{\"id\":7,\"tags\":[\"a\"]}"));
    server.createContext(
        "/text", exchange -> answer(exchange, 404, "text/plain; charset=utf-8", "not here"));
    server.createContext(
        "/token",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          answer(
              exchange,
              200,
              "application/json",
              "{\"access_token\":\"tok-" + tokensIssued.incrementAndGet() + "\"}");
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    ApiDestinationConfig config =
        new ApiDestinationConfig(Duration.ofSeconds(2), Duration.ofSeconds(2));
    destinations =
        new ApiDestinationTargets(
            store,
            clock,
            ApiDestinationTargets.newHttpClient(config.invocationTimeout()),
            config,
            duration -> clock.advance(duration));
    targets = destinations.connectionTargets();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/token")) {
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestURI().getRawQuery(),
              Map.copyOf(exchange.getRequestHeaders()),
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private String connection(String name, String type, String authParameters) {
    return api.invoke(
            "CreateConnection",
            json(
                "{\"Name\":\""
                    + name
                    + "\",\"AuthorizationType\":\""
                    + type
                    + "\",\"AuthParameters\":"
                    + authParameters
                    + "}"),
            context)
        .get("ConnectionArn")
        .asText();
  }

  private String basicConnection() {
    return connection(
        "basic",
        "BASIC",
        "{\"BasicAuthParameters\":{\"Username\":\"user\",\"Password\":\"pass\"},"
            + "\"InvocationHttpParameters\":{"
            + "\"HeaderParameters\":[{\"Key\":\"X-Conn\",\"Value\":\"c\"}],"
            + "\"QueryStringParameters\":[{\"Key\":\"cq\",\"Value\":\"1\"}],"
            + "\"BodyParameters\":[{\"Key\":\"source\",\"Value\":\"conn\"}]}}");
  }

  private Outcome invoke(String connectionArn, String taskParameters) {
    ObjectNode parameters = json(taskParameters);
    parameters.putObject("Authentication").put("ConnectionArn", connectionArn);
    Delivery delivery =
        new Delivery(
            connectionArn, parameters.path("RequestBody").toString(), parameters, Map.of(), "", "");
    return targets.target(connectionArn).orElseThrow().deliver(delivery);
  }

  private static JsonNode header(JsonNode answer, String name) {
    for (Map.Entry<String, JsonNode> header : answer.path("Headers").properties()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return JSON.missingNode();
  }

  private static JsonNode answerOf(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
    return ((Outcome.Succeeded) outcome).response();
  }

  @Test
  void theRequestMergesTheConnectionsParametersOverTheTasksAndAddsStepFunctionsHeaders() {
    Outcome outcome =
        invoke(
            basicConnection(),
            "{\"ApiEndpoint\":\""
                + base
                + "/json/orders\",\"Method\":\"PUT\","
                + "\"Headers\":{\"X-Task\":\"t\",\"X-Conn\":\"task\"},"
                + "\"QueryParameters\":{\"tq\":\"2\",\"cq\":\"task\"},"
                + "\"RequestBody\":{\"id\":7,\"source\":\"task\"}}");

    JsonNode answer = answerOf(outcome);
    assertThat(answer.path("StatusCode").asInt()).isEqualTo(201);
    assertThat(answer.path("StatusText").asText()).isEqualTo("Created");
    assertThat(answer.path("ResponseBody")).isEqualTo(json("{\"id\":7,\"tags\":[\"a\"]}"));
    Received request = received.getFirst();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.path()).isEqualTo("/json/orders");
    assertThat(request.query()).isEqualTo("tq=2&cq=1");
    assertThat(request.header("X-task")).isEqualTo("t");
    assertThat(request.header("X-conn")).isEqualTo("c");
    assertThat(request.header("Authorization")).isEqualTo("Basic dXNlcjpwYXNz");
    assertThat(request.header("Content-type")).isEqualTo("application/json; charset=UTF-8");
    assertThat(request.header("User-agent")).isEqualTo("Amazon|StepFunctions|HttpInvoke|us-east-1");
    assertThat(request.header("Range")).isEqualTo("bytes=0-262144");
    assertThat(json(request.body())).isEqualTo(json("{\"id\":7,\"source\":\"conn\"}"));
  }

  @Test
  void anyStatusIsAnAnswerWithTextBodyAndHeaderLists() {
    String connection = basicConnection();

    JsonNode answer =
        answerOf(invoke(connection, "{\"ApiEndpoint\":\"" + base + "/text\",\"Method\":\"GET\"}"));

    assertThat(answer.path("StatusCode").asInt()).isEqualTo(404);
    assertThat(answer.path("StatusText").asText()).isEqualTo("Not Found");
    assertThat(answer.path("ResponseBody").asText()).isEqualTo("not here");
    JsonNode contentType = header(answer, "Content-Type");
    assertThat(contentType.isArray()).isTrue();
    assertThat(contentType.get(0).asText()).isEqualTo("text/plain; charset=utf-8");
    // a GET without RequestBody sends none, whatever the connection's body parameters
    assertThat(received.getFirst().body()).isEmpty();
    assertThat(received.getFirst().header("Content-type")).isNull();
  }

  @Test
  void aUrlEncodedBodyIsSentAsAFormInTheAskedArrayFormat() {
    String connection =
        connection(
            "key",
            "API_KEY",
            "{\"ApiKeyAuthParameters\":{\"ApiKeyName\":\"x-api-key\",\"ApiKeyValue\":\"k\"}}");

    answerOf(
        invoke(
            connection,
            "{\"ApiEndpoint\":\""
                + base
                + "/json\",\"Method\":\"POST\","
                + "\"Headers\":{\"Content-Type\":\"application/json\"},"
                + "\"RequestBody\":{\"a\":[\"x\",\"y\"],\"b\":{\"c\":\"d e\"}},"
                + "\"Transform\":{\"RequestBodyEncoding\":\"URL_ENCODED\","
                + "\"RequestEncodingOptions\":{\"ArrayFormat\":\"INDICES\"}}}"));

    Received request = received.getFirst();
    assertThat(request.header("X-api-key")).isEqualTo("k");
    assertThat(request.header("Content-type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(request.body()).isEqualTo("a%5B0%5D=x&a%5B1%5D=y&b%5Bc%5D=d+e");
  }

  @Test
  void urlEncodingABodyThatIsNotAnObjectIsANonRetryableFailure() {
    Outcome outcome =
        invoke(
            basicConnection(),
            "{\"ApiEndpoint\":\""
                + base
                + "/json\",\"Method\":\"POST\",\"RequestBody\":\"plain\","
                + "\"Transform\":{\"RequestBodyEncoding\":\"URL_ENCODED\"}}");

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Failed(
                "SDK_CLIENT_ERROR",
                "The RequestBody must be a JSON object to be URL encoded.",
                false));
    assertThat(received).isEmpty();
  }

  @Test
  void anOauthConnectionSharesItsTokenWithApiDestinations() {
    String connection =
        connection(
            "oauth",
            "OAUTH_CLIENT_CREDENTIALS",
            "{\"OAuthParameters\":{\"AuthorizationEndpoint\":\""
                + base
                + "/token\",\"HttpMethod\":\"POST\","
                + "\"ClientParameters\":{\"ClientID\":\"client\",\"ClientSecret\":\"secret\"}}}");
    String destination =
        api.invoke(
                "CreateApiDestination",
                json(
                    "{\"Name\":\"d\",\"ConnectionArn\":\""
                        + connection
                        + "\",\"InvocationEndpoint\":\""
                        + base
                        + "/json\",\"HttpMethod\":\"POST\"}"),
                context)
            .get("ApiDestinationArn")
            .asText();

    answerOf(invoke(connection, "{\"ApiEndpoint\":\"" + base + "/json\",\"Method\":\"GET\"}"));
    destinations
        .target(destination)
        .orElseThrow()
        .deliver(new Delivery(destination, "{}", json("{}"), Map.of(), "e", ""));

    assertThat(tokensIssued.get()).isEqualTo(1);
    assertThat(received).extracting(r -> r.header("Authorization")).containsOnly("Bearer tok-1");
  }

  @Test
  void aDeliveryWithoutAnApiEndpointIsANonRetryableFailure() {
    Outcome outcome = invoke(basicConnection(), "{\"Method\":\"GET\"}");

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Outcome.Failed.class,
            f -> {
              assertThat(f.errorCode()).isEqualTo("INVALID_PARAMETER");
              assertThat(f.retryable()).isFalse();
            });
    assertThat(received).isEmpty();
  }

  @Test
  void aMissingConnectionIsANonRetryableFailure() {
    String arn =
        "arn:aws:events:us-east-1:000000000000:connection/gone/8f0e2f5c-0000-4000-8000-000000000000";

    Outcome outcome = invoke(arn, "{\"ApiEndpoint\":\"" + base + "/json\",\"Method\":\"GET\"}");

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Failed(
                "RESOURCE_NOT_FOUND", "The connection '" + arn + "' does not exist.", false));
  }

  @Test
  void anEndpointNobodyListensOnIsARetryableConnectionFailure() throws IOException {
    int port;
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port + "/x";

    Outcome outcome =
        invoke(basicConnection(), "{\"ApiEndpoint\":\"" + endpoint + "\",\"Method\":\"GET\"}");

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Failed(
                "CONNECTION_FAILURE", "Unable to connect to " + endpoint + ".", true));
  }

  @Test
  void onlyConnectionArnsAreClaimed() {
    assertThat(
            targets.target(
                "arn:aws:events:us-east-1:000000000000:connection/c/8f0e2f5c-0000-4000-8000-0000"))
        .isPresent();
    assertThat(
            targets.target(
                "arn:aws:events:us-east-1:000000000000:api-destination/d/8f0e2f5c-0000-4000-8000"))
        .isEmpty();
    assertThat(targets.target("arn:aws:events:us-east-1:000000000000:event-bus/b")).isEmpty();
  }
}
