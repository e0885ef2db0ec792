package dev.docket.events.destinations;

import static dev.docket.events.destinations.StoredDocuments.API_DESTINATION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.Outcome;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HTTP invocation of an API destination for a delivery.
 *
 * <p>Reads the destination and its connection from the store on every delivery (so updates apply at
 * once), waits for the destination's rate limiter, builds the request (method and endpoint of the
 * destination, {@code *} path wildcards filled from {@code HttpParameters.PathParameterValues},
 * headers and query parameters of the target and the connection, the delivery's body as {@code
 * application/json}, the connection's authorization), sends it with the configured timeout and maps
 * the answer: 2xx succeeds; 429 and 5xx, timeouts and connection failures are retryable; every
 * other status is not, but for 401 and 407 to an OAuth connection's token (EventBridge's documented
 * refresh triggers): a cached token is fetched again at once and the call repeated; a fresh token
 * refused is forgotten and the failure retryable, so the retry fetches another.
 *
 * <p>Error codes and messages: {@code SDK_CLIENT_ERROR} with {@code Unable to invoke ApiDestination
 * endpoint: API destination endpoint cannot be reached.} is what EventBridge writes on a dead
 * letter for an unreachable endpoint (observed); the other messages keep that prefix but are
 * Docket's. Thread-safe.
 */
final class Invoker {

  /** Waits for a rate-limit reservation; tests substitute one that advances a manual clock. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  static final String CLIENT_ERROR = "SDK_CLIENT_ERROR";
  static final String PREFIX = "Unable to invoke ApiDestination endpoint: ";
  private static final String USER_AGENT = "Amazon/EventBridge/ApiDestinations";

  private final ResourceStore store;
  private final Clock clock;
  private final AuthorizedCalls calls;
  private final ApiDestinationConfig config;
  private final Sleeper sleeper;
  private final Map<String, TokenBucket> limiters = new ConcurrentHashMap<>();

  Invoker(
      ResourceStore store,
      Clock clock,
      AuthorizedCalls calls,
      ApiDestinationConfig config,
      Sleeper sleeper) {
    this.store = store;
    this.clock = clock;
    this.calls = calls;
    this.config = config;
    this.sleeper = sleeper;
  }

  Outcome invoke(String destinationArn, Delivery delivery) {
    Optional<ResourceRecord> destinationRecord = store.get(API_DESTINATION, destinationArn);
    if (destinationRecord.isEmpty()) {
      return new Outcome.Failed(
          "RESOURCE_NOT_FOUND",
          "The api-destination '" + destinationArn + "' does not exist.",
          false);
    }
    ObjectNode destination = StoredDocuments.parse(destinationRecord.get());
    String connectionArn = destination.get("ConnectionArn").asText();
    Optional<AuthorizedCalls.Connection> found = calls.connection(connectionArn);
    if (found.isEmpty()) {
      return new Outcome.Failed(
          "RESOURCE_NOT_FOUND", "The connection '" + connectionArn + "' does not exist.", false);
    }
    AuthorizedCalls.Connection connection = found.get();
    if (connection.deauthorized()) {
      return new Outcome.Failed(
          CLIENT_ERROR,
          PREFIX + "the connection '" + connection.name() + "' is deauthorized.",
          false);
    }
    Optional<String> url = url(destination, delivery.parameters());
    if (url.isEmpty()) {
      return new Outcome.Failed(
          CLIENT_ERROR,
          PREFIX
              + "the number of HttpParameters.PathParameterValues does not match the wildcards of"
              + " the InvocationEndpoint "
              + destination.get("InvocationEndpoint").asText()
              + ".",
          false);
    }
    Optional<Outcome> throttled = awaitRate(destinationArn, destination);
    if (throttled.isPresent()) {
      return throttled.get();
    }
    return send(destination, connection, url.get(), delivery);
  }

  private Optional<Outcome> awaitRate(String destinationArn, ObjectNode destination) {
    int rate =
        destination.path("InvocationRateLimitPerSecond").asInt(Destinations.DEFAULT_RATE_LIMIT);
    TokenBucket bucket =
        limiters.compute(
            destinationArn,
            (arn, existing) ->
                existing != null && existing.ratePerSecond() == rate
                    ? existing
                    : new TokenBucket(clock, rate));
    Optional<Duration> wait = bucket.reserve(config.maxRateLimitWait());
    if (wait.isEmpty()) {
      return Optional.of(
          new Outcome.Failed(
              "THROTTLING",
              PREFIX + "the invocation rate limit of " + rate + " per second was reached.",
              true));
    }
    if (wait.get().isPositive()) {
      try {
        sleeper.sleep(wait.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of(new Outcome.Failed(CLIENT_ERROR, PREFIX + "interrupted.", true));
      }
    }
    return Optional.empty();
  }

  private Outcome send(
      ObjectNode destination,
      AuthorizedCalls.Connection connection,
      String url,
      Delivery delivery) {
    HttpParameters parameters =
        HttpParameters.merge(
            delivery.parameters().get("HttpParameters"), connection.invocationParameters());
    AuthorizedCalls.Answer<Void> answer =
        calls.send(
            connection,
            authHeader -> request(destination, url, parameters, authHeader, delivery),
            HttpResponse.BodyHandlers.discarding());
    return switch (answer) {
      case AuthorizedCalls.Answer.NotSent<Void> notSent ->
          new Outcome.Failed(
              CLIENT_ERROR,
              PREFIX
                  + switch (notSent.failure()) {
                    case TOKEN_UNAVAILABLE -> notSent.message();
                    case INVALID_REQUEST -> "the request is not valid: " + notSent.message();
                    case TIMEOUT -> "Timeout calling endpoint for API Destination.";
                    case UNREACHABLE -> "API destination endpoint cannot be reached.";
                    case INTERRUPTED -> "interrupted.";
                  },
              notSent.retryable());
      case AuthorizedCalls.Answer.Answered<Void> answered -> {
        int status = answered.response().statusCode();
        yield status / 100 == 2
            ? Outcome.SUCCEEDED
            : new Outcome.Failed(
                CLIENT_ERROR,
                PREFIX + "API destination endpoint returned HTTP status code " + status + ".",
                answered.tokenRefused() || status == 429 || status >= 500);
      }
    };
  }

  private HttpRequest request(
      ObjectNode destination,
      String url,
      HttpParameters parameters,
      AuthHeader authHeader,
      Delivery delivery) {
    String method = destination.get("HttpMethod").asText();
    String body = withBodyParameters(delivery.body(), parameters.body());
    boolean noBody = method.equals("GET") || method.equals("HEAD");
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(parameters.withQuery(url)))
            .timeout(config.invocationTimeout())
            .header("User-Agent", USER_AGENT)
            .header("Content-Type", "application/json; charset=utf-8")
            .method(
                method,
                noBody
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    parameters.headers().forEach(builder::setHeader);
    builder.setHeader(authHeader.name(), authHeader.value());
    return builder.build();
  }

  /** The connection's body parameters added to a JSON-object body; other bodies as they are. */
  private static String withBodyParameters(String body, Map<String, String> bodyParameters) {
    if (bodyParameters.isEmpty()) {
      return body;
    }
    try {
      JsonNode parsed = StoredDocuments.JSON.readTree(body);
      if (parsed instanceof ObjectNode object) {
        bodyParameters.forEach(object::put);
        return StoredDocuments.JSON.writeValueAsString(object);
      }
    } catch (IOException e) {
      // not JSON: sent as it is
    }
    return body;
  }

  private static Optional<String> url(ObjectNode destination, JsonNode parameters) {
    List<String> values = new ArrayList<>();
    JsonNode path = parameters.path("HttpParameters").path("PathParameterValues");
    if (path.isArray()) {
      path.forEach(value -> values.add(value.asText()));
    }
    return HttpParameters.fillPath(destination.get("InvocationEndpoint").asText(), values);
  }
}
