package dev.docket.events.destinations;

import static dev.docket.events.destinations.StoredDocuments.CONNECTION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * HTTP calls with an EventBridge connection's authorization, shared by API destinations ({@link
 * Invoker}) and connection targets ({@link ConnectionTargets}): looks connections up, adds the
 * connection's {@code Authorization} (Basic), API-key header or OAuth bearer token (from {@link
 * OAuthTokens}), sends, and for 401 and 407 to an OAuth connection's token (EventBridge's
 * documented refresh triggers) fetches a cached token again at once and repeats the call; a fresh
 * token refused is forgotten, so the next call fetches another. Thread-safe.
 */
final class AuthorizedCalls {

  /** A connection as stored. */
  record Connection(ResourceRecord record, ObjectNode document) {

    /** The connection's name. */
    String name() {
      return record.name();
    }

    /** Whether DeauthorizeConnection took its credentials. */
    boolean deauthorized() {
      return "DEAUTHORIZED".equals(StoredDocuments.text(document, "ConnectionState"));
    }

    /** Whether it authorizes with OAuth client credentials. */
    boolean oauth() {
      return "OAUTH_CLIENT_CREDENTIALS".equals(StoredDocuments.text(document, "AuthorizationType"));
    }

    /** Its {@code InvocationHttpParameters}; null when it has none. */
    JsonNode invocationParameters() {
      return document.path("AuthParameters").get("InvocationHttpParameters");
    }
  }

  /** Why a call got no HTTP answer. */
  enum Failure {
    /** No OAuth token could be had. */
    TOKEN_UNAVAILABLE,
    /** The request could not be built (a malformed URL, a header the client refuses). */
    INVALID_REQUEST,
    /** The endpoint did not answer in time. */
    TIMEOUT,
    /** The endpoint could not be reached. */
    UNREACHABLE,
    /** The calling thread was interrupted. */
    INTERRUPTED
  }

  /** What a call came to. */
  sealed interface Answer<T> {

    /**
     * The endpoint answered (any status).
     *
     * @param tokenRefused whether it answered 401 or 407 to an OAuth connection's token
     */
    record Answered<T>(HttpResponse<T> response, boolean tokenRefused) implements Answer<T> {}

    /**
     * No answer.
     *
     * @param message what went wrong (for {@link Failure#TOKEN_UNAVAILABLE} and {@link
     *     Failure#INVALID_REQUEST}; otherwise the exception's message)
     * @param retryable whether trying again later may succeed
     */
    record NotSent<T>(Failure failure, String message, boolean retryable) implements Answer<T> {}
  }

  private final ResourceStore store;
  private final Clock clock;
  private final HttpClient http;
  private final OAuthTokens tokens;

  /**
   * @param tokenTimeout how long a token request to an authorization endpoint may take
   */
  AuthorizedCalls(ResourceStore store, Clock clock, HttpClient http, Duration tokenTimeout) {
    this.store = store;
    this.clock = clock;
    this.http = http;
    this.tokens = new OAuthTokens(http, clock, tokenTimeout);
  }

  /** The connection {@code arn} names, if it exists. */
  Optional<Connection> connection(String arn) {
    return store
        .get(CONNECTION, arn)
        .map(record -> new Connection(record, StoredDocuments.parse(record)));
  }

  /**
   * Sends the request {@code request} builds around the connection's authorization header.
   *
   * @param request builds the request with the header given to it (and may throw {@link
   *     IllegalArgumentException} for a request that cannot be made); called again when a refused
   *     OAuth token is replaced
   */
  <T> Answer<T> send(
      Connection connection,
      Function<AuthHeader, HttpRequest> request,
      HttpResponse.BodyHandler<T> handler) {
    JsonNode auth = connection.document().path("AuthParameters");
    boolean oauth = connection.oauth();
    Optional<String> refused = Optional.empty();
    for (int attempt = 0; ; attempt++) {
      AuthHeader authHeader;
      boolean freshToken = false;
      if (oauth) {
        try {
          OAuthTokens.Fetched token =
              tokens.token(connection.record().id(), auth.path("OAuthParameters"), refused);
          authHeader = AuthHeader.bearer(token.accessToken());
          freshToken = token.fresh();
          if (freshToken) {
            markAuthorized(connection.record().id());
          }
        } catch (OAuthTokens.TokenUnavailable e) {
          return new Answer.NotSent<>(Failure.TOKEN_UNAVAILABLE, e.getMessage(), e.retryable);
        }
      } else {
        authHeader = authHeader(connection.document());
      }
      HttpRequest built;
      try {
        built = request.apply(authHeader);
      } catch (IllegalArgumentException e) {
        return new Answer.NotSent<>(Failure.INVALID_REQUEST, e.getMessage(), false);
      }
      HttpResponse<T> response;
      try {
        response = http.send(built, handler);
      } catch (HttpTimeoutException e) {
        return new Answer.NotSent<>(Failure.TIMEOUT, String.valueOf(e.getMessage()), true);
      } catch (IOException e) {
        return new Answer.NotSent<>(Failure.UNREACHABLE, String.valueOf(e.getMessage()), true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer.NotSent<>(Failure.INTERRUPTED, "interrupted", true);
      }
      int status = response.statusCode();
      boolean tokenRefused = oauth && (status == 401 || status == 407);
      if (tokenRefused) {
        String token = authHeader.value().substring("Bearer ".length());
        if (!freshToken && attempt == 0) {
          refused = Optional.of(token);
          continue;
        }
        tokens.forget(connection.record().id(), token);
      }
      return new Answer.Answered<>(response, tokenRefused);
    }
  }

  /** The header of a Basic or API-key connection. */
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
