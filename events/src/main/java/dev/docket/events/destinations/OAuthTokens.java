package dev.docket.events.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth client-credentials tokens per connection, cached until 60 seconds before they expire
 * ({@code expires_in} of the token response, by the injected clock; a token without it is kept
 * until refused), as EventBridge refreshes them ahead of expiry. A token is fetched from the
 * connection's {@code AuthorizationEndpoint} with its {@code HttpMethod}, the client id and secret
 * as HTTP Basic credentials, and the {@code OAuthHttpParameters} (headers; query-string parameters;
 * body parameters form-encoded, or in the query string for GET). A cached token belongs to the
 * OAuth parameters it was fetched with, so changing them fetches a new one. Thread-safe: one fetch
 * at a time per connection, so concurrent deliveries share a token.
 */
final class OAuthTokens {

  /** Why no token could be had; {@code retryable} as for the delivery that needed it. */
  static final class TokenUnavailable extends RuntimeException {
    final boolean retryable;

    TokenUnavailable(String message, boolean retryable) {
      super(message, null, false, false);
      this.retryable = retryable;
    }
  }

  private record Token(String accessToken, Optional<Instant> expiresAt, String parameters) {}

  /** EventBridge refreshes a token this long before it expires (its user guide). */
  static final Duration REFRESH_AHEAD = Duration.ofSeconds(60);

  private final HttpClient http;
  private final Clock clock;
  private final Duration timeout;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  OAuthTokens(HttpClient http, Clock clock, Duration timeout) {
    this.http = http;
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * A token for the connection: the cached one unless it expired, was fetched with other
   * parameters, or {@code refused} names it (the endpoint answered 401 or 407 with it).
   *
   * @return the token and whether it was fetched just now
   * @throws TokenUnavailable when the authorization endpoint gives none
   */
  Fetched token(String connectionArn, JsonNode oauth, Optional<String> refused) {
    String parameters = oauth.toString();
    synchronized (locks.computeIfAbsent(connectionArn, arn -> new Object())) {
      Token cached = tokens.get(connectionArn);
      Instant now = clock.instant();
      if (cached != null
          && cached.parameters().equals(parameters)
          && cached.expiresAt().map(at -> now.isBefore(at.minus(REFRESH_AHEAD))).orElse(true)
          && !refused.equals(Optional.of(cached.accessToken()))) {
        return new Fetched(cached.accessToken(), false);
      }
      Token fresh = fetch(oauth, parameters, now);
      tokens.put(connectionArn, fresh);
      return new Fetched(fresh.accessToken(), true);
    }
  }

  /** A token, and whether it was fetched for this call (so a 401 is not worth a second fetch). */
  record Fetched(String accessToken, boolean fresh) {}

  /** Forgets the connection's cached token if it is still {@code accessToken}. */
  void forget(String connectionArn, String accessToken) {
    tokens.computeIfPresent(
        connectionArn, (arn, cached) -> cached.accessToken().equals(accessToken) ? null : cached);
  }

  private Token fetch(JsonNode oauth, String parameters, Instant now) {
    String method = oauth.path("HttpMethod").asText("POST");
    JsonNode client = oauth.path("ClientParameters");
    HttpParameters extra = HttpParameters.merge(null, oauth.get("OAuthHttpParameters"));
    Map<String, String> query = new LinkedHashMap<>(extra.query());
    String body = "";
    if (method.equals("GET")) {
      query.putAll(extra.body());
    } else {
      body = HttpParameters.formEncode(extra.body());
    }
    HttpRequest.Builder request;
    try {
      request =
          HttpRequest.newBuilder(
                  URI.create(
                      HttpParameters.appendQuery(
                          oauth.path("AuthorizationEndpoint").asText(), query)))
              .timeout(timeout);
    } catch (IllegalArgumentException e) {
      throw new TokenUnavailable(
          "Unable to obtain an OAuth token: the authorization endpoint is not a valid URL.", false);
    }
    request.setHeader("Content-Type", "application/x-www-form-urlencoded");
    extra.headers().forEach(request::setHeader);
    AuthHeader basic =
        AuthHeader.basic(client.path("ClientID").asText(), client.path("ClientSecret").asText());
    request.header(basic.name(), basic.value());
    request.method(
        method,
        method.equals("GET")
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new TokenUnavailable(
          "Unable to obtain an OAuth token: timeout calling the authorization endpoint.", true);
    } catch (IOException e) {
      throw new TokenUnavailable(
          "Unable to obtain an OAuth token: the authorization endpoint cannot be reached.", true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenUnavailable("Unable to obtain an OAuth token: interrupted.", true);
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw new TokenUnavailable(
          "Unable to obtain an OAuth token: the authorization endpoint returned HTTP status code "
              + status
              + ".",
          status == 429 || status >= 500);
    }
    JsonNode answer;
    try {
      answer = StoredDocuments.JSON.readTree(response.body());
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.hasNonNull("access_token")) {
      throw new TokenUnavailable(
          "Unable to obtain an OAuth token: the authorization endpoint's answer has no"
              + " access_token.",
          false);
    }
    Optional<Instant> expiresAt =
        answer.hasNonNull("expires_in")
            ? Optional.of(now.plusSeconds(answer.get("expires_in").asLong()))
            : Optional.empty();
    return new Token(answer.get("access_token").asText(), expiresAt, parameters);
  }
}
