package dev.docket.events.destinations;

import static dev.docket.events.destinations.StoredDocuments.API_DESTINATION;
import static dev.docket.events.destinations.StoredDocuments.CONNECTION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.Outcome;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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
  private final HttpClient http;
  private final ApiDestinationConfig config;
  private final Sleeper sleeper;
  private final OAuthTokens tokens;
  private final Map<String, TokenBucket> limiters = new ConcurrentHashMap<>();

  Invoker(
      ResourceStore store,
      Clock clock,
      HttpClient http,
      ApiDestinationConfig config,
      Sleeper sleeper) {
    this.store = store;
    this.clock = clock;
    this.http = http;
    this.config = config;
    this.sleeper = sleeper;
    this.tokens = new OAuthTokens(http, clock, config.invocationTimeout());
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
    Optional<ResourceRecord> connectionRecord = store.get(CONNECTION, connectionArn);
    if (connectionRecord.isEmpty()) {
      return new Outcome.Failed(
          "RESOURCE_NOT_FOUND", "The connection '" + connectionArn + "' does not exist.", false);
    }
    ObjectNode connection = StoredDocuments.parse(connectionRecord.get());
    if ("DEAUTHORIZED".equals(StoredDocuments.text(connection, "ConnectionState"))) {
      return new Outcome.Failed(
          CLIENT_ERROR,
          PREFIX + "the connection '" + connectionRecord.get().name() + "' is deauthorized.",
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
    return send(destination, connectionRecord.get(), connection, url.get(), delivery);
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
      ResourceRecord connectionRecord,
      ObjectNode connection,
      String url,
      Delivery delivery) {
    JsonNode auth = connection.path("AuthParameters");
    HttpParameters parameters =
        HttpParameters.merge(
            delivery.parameters().get("HttpParameters"), auth.get("InvocationHttpParameters"));
    boolean oauth =
        "OAUTH_CLIENT_CREDENTIALS".equals(StoredDocuments.text(connection, "AuthorizationType"));
    Optional<String> refused = Optional.empty();
    for (int attempt = 0; ; attempt++) {
      AuthHeader authHeader;
      boolean freshToken = false;
      if (oauth) {
        try {
          OAuthTokens.Fetched token =
              tokens.token(connectionRecord.id(), auth.path("OAuthParameters"), refused);
          authHeader = AuthHeader.bearer(token.accessToken());
          freshToken = token.fresh();
          if (freshToken) {
            markAuthorized(connectionRecord.id());
          }
        } catch (OAuthTokens.TokenUnavailable e) {
          return new Outcome.Failed(CLIENT_ERROR, PREFIX + e.getMessage(), e.retryable);
        }
      } else {
        authHeader = authHeader(connection);
      }
      HttpRequest request;
      try {
        request = request(destination, url, parameters, authHeader, delivery);
      } catch (IllegalArgumentException e) {
        return new Outcome.Failed(
            CLIENT_ERROR, PREFIX + "the request is not valid: " + e.getMessage(), false);
      }
      int status;
      try {
        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (HttpTimeoutException e) {
        return new Outcome.Failed(
            CLIENT_ERROR, PREFIX + "Timeout calling endpoint for API Destination.", true);
      } catch (IOException e) {
        return new Outcome.Failed(
            CLIENT_ERROR, PREFIX + "API destination endpoint cannot be reached.", true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome.Failed(CLIENT_ERROR, PREFIX + "interrupted.", true);
      }
      if (status / 100 == 2) {
        return Outcome.SUCCEEDED;
      }
      boolean tokenRefused = oauth && (status == 401 || status == 407);
      if (tokenRefused) {
        String token = authHeader.value().substring("Bearer ".length());
        if (!freshToken && attempt == 0) {
          refused = Optional.of(token);
          continue;
        }
        tokens.forget(connectionRecord.id(), token);
      }
      return new Outcome.Failed(
          CLIENT_ERROR,
          PREFIX + "API destination endpoint returned HTTP status code " + status + ".",
          tokenRefused || status == 429 || status >= 500);
    }
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

  private static AuthHeader authHeader(ObjectNode connection) {
    JsonNode auth = connection.path("AuthParameters");
    return switch (StoredDocuments.text(connection, "AuthorizationType")) {
      case "BASIC" ->
          AuthHeader.basic(
              auth.path("BasicAuthParameters").path("Username").asText(),
              auth.path("BasicAuthParameters").path("Password").asText());
      case "API_KEY" ->
          AuthHeader.apiKey(
              auth.path("ApiKeyAuthParameters").path("ApiKeyName").asText(),
              auth.path("ApiKeyAuthParameters").path("ApiKeyValue").asText());
      default -> throw new IllegalStateException("Not a header authorization: " + connection);
    };
  }

  private static Optional<String> url(ObjectNode destination, JsonNode parameters) {
    List<String> values = new ArrayList<>();
    JsonNode path = parameters.path("HttpParameters").path("PathParameterValues");
    if (path.isArray()) {
      path.forEach(value -> values.add(value.asText()));
    }
    return HttpParameters.fillPath(destination.get("InvocationEndpoint").asText(), values);
  }

  /** An OAuth connection that just obtained a token is authorized (it was AUTHORIZING). */
  private void markAuthorized(String connectionArn) {
    store
        .get(CONNECTION, connectionArn)
        .ifPresent(
            record -> {
              ObjectNode document = StoredDocuments.parse(record);
              if ("AUTHORIZING".equals(StoredDocuments.text(document, "ConnectionState"))) {
                document.put("ConnectionState", "AUTHORIZED");
                document.put("LastAuthorizedTime", StoredDocuments.millis(clock.instant()));
                // a lost race means someone else changed the connection; their state stands
                store.replace(record.next(StoredDocuments.write(document)));
              }
            });
  }
}
