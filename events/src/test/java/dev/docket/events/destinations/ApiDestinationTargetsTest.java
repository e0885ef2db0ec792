package dev.docket.events.destinations;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API-destination target against a real HTTP server on 127.0.0.1: outcomes per status, the
 * timeout, each authorization's header, the OAuth token cache and its refresh on 401.
 */
class ApiDestinationTargetsTest {

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
  private final List<Received> tokenRequests = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> validToken = new AtomicReference<>();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final CountDownLatch releaseSlow = new CountDownLatch(1);
  private final List<Duration> slept = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private String base;
  private ApiDestinationTargets targets;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/ok", exchange -> answer(exchange, 200));
    server.createContext("/fail", exchange -> answer(exchange, 500));
    server.createContext("/busy", exchange -> answer(exchange, 429));
    server.createContext("/bad", exchange -> answer(exchange, 400));
    server.createContext("/bad-token", exchange -> answer(exchange, 401));
    server.createContext(
        "/slow",
        exchange -> {
          try {
            releaseSlow.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer(exchange, 200);
        });
    server.createContext(
        "/protected",
        exchange -> {
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          answer(exchange, ("Bearer " + validToken.get()).equals(authorization) ? 200 : 401);
        });
    server.createContext(
        "/proxied",
        exchange -> {
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          answer(exchange, ("Bearer " + validToken.get()).equals(authorization) ? 200 : 407);
        });
    server.createContext(
        "/token",
        exchange -> {
          tokenRequests.add(read(exchange));
          String token = "tok-" + tokensIssued.incrementAndGet();
          validToken.set(token);
          byte[] body =
              ("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    ApiDestinationConfig config =
        new ApiDestinationConfig(Duration.ofSeconds(2), Duration.ofSeconds(2));
    targets =
        new ApiDestinationTargets(
            store,
            clock,
            ApiDestinationTargets.newHttpClient(config.invocationTimeout()),
            config,
            duration -> {
              slept.add(duration);
              clock.advance(duration);
            });
  }

  @AfterEach
  void stopServer() {
    releaseSlow.countDown();
    server.stop(0);
  }

  private void answer(HttpExchange exchange, int status) throws IOException {
    received.add(read(exchange));
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private static Received read(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    return new Received(
        exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(),
        exchange.getRequestURI().getRawQuery(),
        Map.copyOf(exchange.getRequestHeaders()),
        body);
  }

  private ObjectNode json(String text) {
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
        "{\"BasicAuthParameters\":{\"Username\":\"user\",\"Password\":\"pass\"}}");
  }

  private String destination(String name, String connectionArn, String path, String extra) {
    return api.invoke(
            "CreateApiDestination",
            json(
                "{\"Name\":\""
                    + name
                    + "\",\"ConnectionArn\":\""
                    + connectionArn
                    + "\",\"InvocationEndpoint\":\""
                    + base
                    + path
                    + "\",\"HttpMethod\":\"POST\""
                    + extra
                    + "}"),
            context)
        .get("ApiDestinationArn")
        .asText();
  }

  private Outcome deliver(String destinationArn, String body, String parameters) {
    Delivery delivery =
        new Delivery(destinationArn, body, json(parameters), Map.of(), "event-1", "");
    return targets.target(destinationArn).orElseThrow().deliver(delivery);
  }

  private Outcome deliver(String destinationArn) {
    return deliver(destinationArn, "{\"detail\":{}}", "{}");
  }

  @Test
  void aTwoHundredSucceedsAndCarriesBodyMethodHeadersQueryAndPath() {
    String connection =
        connection(
            "with-params",
            "API_KEY",
            "{\"ApiKeyAuthParameters\":{\"ApiKeyName\":\"x-api-key\",\"ApiKeyValue\":\"s3cret\"},"
                + "\"InvocationHttpParameters\":{"
                + "\"HeaderParameters\":[{\"Key\":\"X-Conn\",\"Value\":\"c\"}],"
                + "\"QueryStringParameters\":[{\"Key\":\"cq\",\"Value\":\"1\"}]}}");
    String destination = destination("orders", connection, "/ok/orders/*", "");

    Outcome outcome =
        deliver(
            destination,
            "{\"id\":\"e1\"}",
            "{\"HttpParameters\":{\"PathParameterValues\":[\"42\"],"
                + "\"HeaderParameters\":{\"X-Target\":\"t\"},"
                + "\"QueryStringParameters\":{\"tq\":\"2\"}}}");

    assertThat(outcome).isEqualTo(Outcome.SUCCEEDED);
    Received request = received.getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/ok/orders/42");
    assertThat(request.query()).isEqualTo("tq=2&cq=1");
    assertThat(request.body()).isEqualTo("{\"id\":\"e1\"}");
    assertThat(request.header("Content-type")).isEqualTo("application/json; charset=utf-8");
    assertThat(request.header("X-target")).isEqualTo("t");
    assertThat(request.header("X-conn")).isEqualTo("c");
    assertThat(request.header("X-api-key")).isEqualTo("s3cret");
  }

  @Test
  void basicAuthArrivesAsAnAuthorizationHeader() {
    String destination = destination("basic-dest", basicConnection(), "/ok", "");

    assertThat(deliver(destination)).isEqualTo(Outcome.SUCCEEDED);

    assertThat(received.getFirst().header("Authorization")).isEqualTo("Basic dXNlcjpwYXNz");
  }

  @Test
  void fiveHundredAndFourTwentyNineAreRetryableFailures() {
    String connection = basicConnection();

    Outcome failed = deliver(destination("fail", connection, "/fail", ""));
    Outcome busy = deliver(destination("busy", connection, "/busy", ""));

    assertThat(failed)
        .isEqualTo(
            new Outcome.Failed(
                "SDK_CLIENT_ERROR",
                "Unable to invoke ApiDestination endpoint: API destination endpoint returned HTTP"
                    + " status code 500.",
                true));
    assertThat(busy)
        .isInstanceOfSatisfying(
            Outcome.Failed.class,
            f -> {
              assertThat(f.retryable()).isTrue();
              assertThat(f.errorMessage()).endsWith("status code 429.");
            });
  }

  @Test
  void otherFourHundredsAreNotRetryable() {
    Outcome outcome = deliver(destination("bad", basicConnection(), "/bad", ""));

    assertThat(outcome)
        .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
  }

  @Test
  void anAnswerSlowerThanTheTimeoutIsARetryableFailure() {
    Outcome outcome = deliver(destination("slow", basicConnection(), "/slow", ""));

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Failed(
                "SDK_CLIENT_ERROR",
                "Unable to invoke ApiDestination endpoint: Timeout calling endpoint for API"
                    + " Destination.",
                true));
  }

  @Test
  void anEndpointNobodyListensOnIsARetryableFailure() throws IOException {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String connection = basicConnection();
    String destination =
        api.invoke(
                "CreateApiDestination",
                json(
                    "{\"Name\":\"nobody\",\"ConnectionArn\":\""
                        + connection
                        + "\",\"InvocationEndpoint\":\"http://127.0.0.1:"
                        + closedPort
                        + "/x\",\"HttpMethod\":\"PUT\"}"),
                context)
            .get("ApiDestinationArn")
            .asText();

    assertThat(deliver(destination))
        .isEqualTo(
            new Outcome.Failed(
                "SDK_CLIENT_ERROR",
                "Unable to invoke ApiDestination endpoint: API destination endpoint cannot be"
                    + " reached.",
                true));
  }

  @Test
  void aDeletedDestinationIsANonRetryableFailure() {
    String destination = destination("gone", basicConnection(), "/ok", "");
    api.invoke("DeleteApiDestination", json("{\"Name\":\"gone\"}"), context);

    Outcome outcome = deliver(destination);

    assertThat(outcome)
        .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
    assertThat(received).isEmpty();
  }

  @Test
  void aDeauthorizedConnectionIsANonRetryableFailure() {
    String destination = destination("deauth", basicConnection(), "/ok", "");
    api.invoke("DeauthorizeConnection", json("{\"Name\":\"basic\"}"), context);

    Outcome outcome = deliver(destination);

    assertThat(outcome)
        .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
    assertThat(received).isEmpty();
  }

  @Test
  void wildcardsWithoutPathValuesAreANonRetryableFailure() {
    String destination = destination("wild", basicConnection(), "/ok/*", "");

    assertThat(deliver(destination))
        .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
  }

  @Test
  void deliveriesOverTheRateLimitWaitForTheirTurn() {
    String destination =
        destination("limited", basicConnection(), "/ok", ",\"InvocationRateLimitPerSecond\":2");

    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      outcomes.add(deliver(destination));
    }

    assertThat(outcomes).containsOnly(Outcome.SUCCEEDED);
    assertThat(slept).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
  }

  @Test
  void aDeliveryThatWouldWaitTooLongForTheRateLimitIsARetryableThrottle() {
    ApiDestinationConfig config = new ApiDestinationConfig(Duration.ofSeconds(1), Duration.ZERO);
    targets =
        new ApiDestinationTargets(
            store,
            clock,
            ApiDestinationTargets.newHttpClient(Duration.ofSeconds(1)),
            config,
            duration -> clock.advance(duration));
    String destination =
        destination("strict", basicConnection(), "/ok", ",\"InvocationRateLimitPerSecond\":1");

    Outcome first = deliver(destination);
    Outcome second = deliver(destination);

    assertThat(first).isEqualTo(Outcome.SUCCEEDED);
    assertThat(second)
        .isEqualTo(
            new Outcome.Failed(
                "THROTTLING",
                "Unable to invoke ApiDestination endpoint: the invocation rate limit of 1 per"
                    + " second was reached.",
                true));
  }

  private String oauthConnection() {
    return connection(
        "oauth",
        "OAUTH_CLIENT_CREDENTIALS",
        "{\"OAuthParameters\":{\"AuthorizationEndpoint\":\""
            + base
            + "/token\","
            + "\"HttpMethod\":\"POST\","
            + "\"ClientParameters\":{\"ClientID\":\"client\",\"ClientSecret\":\"secret\"},"
            + "\"OAuthHttpParameters\":{"
            + "\"BodyParameters\":[{\"Key\":\"grant_type\",\"Value\":\"client_credentials\"}],"
            + "\"HeaderParameters\":[{\"Key\":\"X-Tenant\",\"Value\":\"t1\"}]}}}");
  }

  @Test
  void oauthFetchesATokenWithTheClientCredentialsAndSendsItAsBearer() {
    String destination = destination("oauth-dest", oauthConnection(), "/protected", "");

    Outcome outcome = deliver(destination);

    assertThat(outcome).isEqualTo(Outcome.SUCCEEDED);
    Received tokenRequest = tokenRequests.getFirst();
    assertThat(tokenRequest.method()).isEqualTo("POST");
    assertThat(tokenRequest.header("Authorization")).isEqualTo("Basic Y2xpZW50OnNlY3JldA==");
    assertThat(tokenRequest.header("X-tenant")).isEqualTo("t1");
    assertThat(tokenRequest.body()).isEqualTo("grant_type=client_credentials");
    assertThat(received.getFirst().header("Authorization")).isEqualTo("Bearer tok-1");
  }

  @Test
  void oauthTokenIsCachedAcrossDeliveriesUntilAMinuteBeforeItExpires() {
    String destination = destination("cached", oauthConnection(), "/protected", "");

    deliver(destination);
    deliver(destination);
    clock.advance(Duration.ofSeconds(3539));
    deliver(destination);
    clock.advance(Duration.ofSeconds(1));
    Outcome afterExpiry = deliver(destination);

    assertThat(afterExpiry).isEqualTo(Outcome.SUCCEEDED);
    assertThat(tokenRequests).hasSize(2);
    assertThat(received)
        .extracting(r -> r.header("Authorization"))
        .containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-1", "Bearer tok-2");
  }

  @Test
  void oauthTokenIsRefreshedOnceWhenTheEndpointAnswers401() {
    String destination = destination("refresh", oauthConnection(), "/protected", "");
    deliver(destination);
    validToken.set("revoked");

    Outcome outcome = deliver(destination);

    assertThat(outcome).isEqualTo(Outcome.SUCCEEDED);
    assertThat(tokenRequests).hasSize(2);
    assertThat(received)
        .extracting(r -> r.header("Authorization"))
        .containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-2");
  }

  @Test
  void aFirstTokenAuthorizesTheConnectionAndActivatesItsDestinations() {
    String destination = destination("activates", oauthConnection(), "/protected", "");
    String before = describe("DescribeApiDestination", "activates", "ApiDestinationState");

    Outcome outcome = deliver(destination);

    assertThat(outcome).isEqualTo(Outcome.SUCCEEDED);
    assertThat(before).isEqualTo("INACTIVE");
    assertThat(describe("DescribeConnection", "oauth", "ConnectionState")).isEqualTo("AUTHORIZED");
    assertThat(describe("DescribeApiDestination", "activates", "ApiDestinationState"))
        .isEqualTo("ACTIVE");
  }

  @Test
  void oauthTokenIsAlsoRefreshedWhenTheEndpointAnswers407() {
    String destination = destination("proxied", oauthConnection(), "/proxied", "");
    deliver(destination);
    validToken.set("revoked");

    Outcome outcome = deliver(destination);

    assertThat(outcome).isEqualTo(Outcome.SUCCEEDED);
    assertThat(tokenRequests).hasSize(2);
  }

  @Test
  void aFreshTokenRefusedWith401IsARetryableFailureAndTheRetryFetchesAnother() {
    String destination = destination("refused", oauthConnection(), "/bad-token", "");

    Outcome first = deliver(destination);
    int tokensAfterFirst = tokenRequests.size();
    Outcome retry = deliver(destination);

    assertThat(first)
        .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isTrue());
    assertThat(retry).isEqualTo(first);
    assertThat(tokensAfterFirst).isEqualTo(1);
    assertThat(tokenRequests).hasSize(2);
  }

  @Test
  void a401ToBasicAuthIsNotRetryable() {
    Outcome outcome = deliver(destination("basic-refused", basicConnection(), "/bad-token", ""));

    assertThat(outcome)
        .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
  }

  @Test
  void aStoreFailureIsARetryableOutcomeNotAnException() {
    InMemoryResources broken =
        new InMemoryResources() {
          @Override
          public java.util.Optional<dev.docket.store.ResourceRecord> get(String kind, String id) {
            throw new dev.docket.store.StoreException("disk gone");
          }
        };
    ApiDestinationTargets failing =
        new ApiDestinationTargets(
            broken,
            clock,
            ApiDestinationTargets.newHttpClient(Duration.ofSeconds(1)),
            ApiDestinationConfig.defaults());
    String arn =
        "arn:aws:events:us-east-1:000000000000:api-destination/x/"
            + "00000000-0000-0000-0000-000000000000";

    Outcome outcome =
        failing
            .target(arn)
            .orElseThrow()
            .deliver(new Delivery(arn, "{}", json("{}"), Map.of(), "event-1", ""));

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Failed(
                "INTERNAL_FAILURE",
                "Docket could not invoke the API destination: disk gone",
                true));
  }

  @Test
  void onlyApiDestinationArnsAreClaimed() {
    assertThat(targets.target("arn:aws:sqs:us-east-1:000000000000:queue")).isEmpty();
    assertThat(targets.target("arn:aws:events:us-east-1:000000000000:event-bus/default")).isEmpty();
    assertThat(
            targets.target(
                "arn:aws:events:us-east-1:000000000000:api-destination/d/"
                    + "00000000-0000-0000-0000-000000000000"))
        .isPresent();
  }

  private String describe(String operation, String name, String member) {
    return api.invoke(operation, json("{\"Name\":\"" + name + "\"}"), context).get(member).asText();
  }
}
