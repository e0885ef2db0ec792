package dev.docket.events.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.Outcome;
import dev.docket.delivery.Target;
import dev.docket.delivery.TargetProvider;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EventBridge connections as targets ({@code
 * arn:aws:events:<region>:<account>:connection/<name>/<uuid>}), for Step Functions' HTTP Task
 * ({@code arn:aws:states:::http:invoke}): the delivery's parameters are the task's ({@code
 * ApiEndpoint}, {@code Method}, {@code Headers}, {@code QueryParameters}, {@code RequestBody},
 * {@code Transform}); the target sends that request with the connection's authorization and answers
 * what the endpoint answered.
 *
 * <p>The request, as Step Functions documents it: the connection's {@code InvocationHttpParameters}
 * merged over the task's headers, query parameters and (a JSON object) body, the connection's value
 * winning where both name a key; {@code Content-Type: application/json; charset=UTF-8} for a body
 * unless the task sets it; with {@code Transform.RequestBodyEncoding} {@code URL_ENCODED} the body
 * (a JSON object) is form-encoded, arrays by {@code RequestEncodingOptions.ArrayFormat} ({@code
 * INDICES} by default, {@code REPEAT}, {@code COMMAS}, {@code BRACKETS}) and sent as {@code
 * application/x-www-form-urlencoded}; {@code User-Agent: Amazon|StepFunctions|HttpInvoke|<region>}
 * and {@code Range: bytes=0-262144}; a 60-second timeout.
 *
 * <p>Outcomes: {@link Outcome.Succeeded} with {@code StatusCode}, {@code StatusText}, {@code
 * Headers} (name to list of values) and {@code ResponseBody} (parsed when the answer is JSON,
 * otherwise text) for any HTTP status (the task decides what a status means); {@link
 * Outcome.Failed} only when the request could not be made: the connection does not exist ({@code
 * RESOURCE_NOT_FOUND}) or is deauthorized, no OAuth token, a malformed request, a timeout or an
 * unreachable endpoint. Thread-safe.
 */
public final class ConnectionTargets implements TargetProvider {

  private static final Pattern ARN =
      Pattern.compile(
          "^arn:aws([a-z]|-)*:events:([a-z0-9-]*):([0-9]{12})?:connection/[.\\-_A-Za-z0-9]+/"
              + "[-A-Za-z0-9]+$");

  /** Step Functions' HTTP Task timeout. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The error code of a request that could not be made. */
  static final String CLIENT_ERROR = "SDK_CLIENT_ERROR";

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionTargets.class);

  private final AuthorizedCalls calls;

  ConnectionTargets(AuthorizedCalls calls) {
    this.calls = calls;
  }

  @Override
  public Optional<Target> target(String arn) {
    if (!ARN.matcher(arn).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        delivery -> {
          try {
            return invoke(arn, delivery);
          } catch (RuntimeException e) {
            LOG.warn("HTTP invocation through {} failed unexpectedly", arn, e);
            return new Outcome.Failed(
                "INTERNAL_FAILURE",
                "Docket could not invoke the endpoint through the connection: " + e.getMessage(),
                true);
          }
        });
  }

  private Outcome invoke(String arn, Delivery delivery) {
    Optional<AuthorizedCalls.Connection> found = calls.connection(arn);
    if (found.isEmpty()) {
      return new Outcome.Failed(
          "RESOURCE_NOT_FOUND", "The connection '" + arn + "' does not exist.", false);
    }
    AuthorizedCalls.Connection connection = found.get();
    if (connection.deauthorized()) {
      return new Outcome.Failed(
          CLIENT_ERROR, "The connection '" + connection.name() + "' is deauthorized.", false);
    }
    JsonNode task = delivery.parameters();
    if (!task.path("ApiEndpoint").isTextual()) {
      // e.g. a rule that targets a connection: only http:invoke's parameters make a request
      return new Outcome.Failed(
          "INVALID_PARAMETER",
          "A connection target needs the parameters of an HTTP Task (ApiEndpoint, Method, ...).",
          false);
    }
    String region = arn.split(":")[3];
    HttpParameters parameters =
        HttpParameters.merge(taskParameters(task), connection.invocationParameters());
    String method = task.path("Method").asText("GET").toUpperCase(Locale.ROOT);
    Optional<Body> body;
    try {
      body = body(task, method, parameters.body());
    } catch (IllegalArgumentException e) {
      return new Outcome.Failed(CLIENT_ERROR, e.getMessage(), false);
    }
    AuthorizedCalls.Answer<byte[]> answer =
        calls.send(
            connection,
            authHeader -> request(task, method, parameters, body, authHeader, region),
            HttpResponse.BodyHandlers.ofByteArray());
    return switch (answer) {
      case AuthorizedCalls.Answer.NotSent<byte[]> notSent ->
          new Outcome.Failed(
              switch (notSent.failure()) {
                case TIMEOUT -> "TIMEOUT";
                case UNREACHABLE -> "CONNECTION_FAILURE";
                default -> CLIENT_ERROR;
              },
              switch (notSent.failure()) {
                case TOKEN_UNAVAILABLE -> notSent.message();
                case INVALID_REQUEST -> "The request is not valid: " + notSent.message();
                case TIMEOUT -> "Timeout calling " + task.path("ApiEndpoint").asText() + ".";
                case UNREACHABLE ->
                    "Unable to connect to " + task.path("ApiEndpoint").asText() + ".";
                case INTERRUPTED -> "Interrupted.";
              },
              notSent.retryable());
      case AuthorizedCalls.Answer.Answered<byte[]> answered ->
          new Outcome.Succeeded(HttpTaskAnswer.of(answered.response()));
    };
  }

  /** The task's headers and query parameters in the shape {@link HttpParameters} merges. */
  private static ObjectNode taskParameters(JsonNode task) {
    ObjectNode shaped = StoredDocuments.JSON.createObjectNode();
    shaped.set("HeaderParameters", strings(task.get("Headers")));
    shaped.set("QueryStringParameters", strings(task.get("QueryParameters")));
    return shaped;
  }

  /** A map's values as text (a JSON value that is not text as its JSON). */
  private static ObjectNode strings(JsonNode map) {
    ObjectNode out = StoredDocuments.JSON.createObjectNode();
    if (map != null && map.isObject()) {
      map.properties()
          .forEach(
              e ->
                  out.put(
                      e.getKey(),
                      e.getValue().isValueNode()
                          ? e.getValue().asText()
                          : e.getValue().toString()));
    }
    return out;
  }

  /** What a request sends: the bytes and their content type. */
  private record Body(String text, String contentType) {}

  /**
   * The request body: a JSON object gets the connection's body parameters; without {@code
   * RequestBody} the body parameters alone, or nothing for GET and HEAD; URL-encoded on request.
   *
   * @throws IllegalArgumentException when URL encoding is asked for a body that is not an object
   */
  private static Optional<Body> body(
      JsonNode task, String method, Map<String, String> bodyParameters) {
    JsonNode requestBody = task.get("RequestBody");
    boolean urlEncoded =
        "URL_ENCODED".equals(task.path("Transform").path("RequestBodyEncoding").asText());
    if (requestBody == null || requestBody.isNull() || requestBody.isMissingNode()) {
      if (bodyParameters.isEmpty() || method.equals("GET") || method.equals("HEAD")) {
        return Optional.empty();
      }
      requestBody = StoredDocuments.JSON.createObjectNode();
    }
    if (requestBody instanceof ObjectNode object && !bodyParameters.isEmpty()) {
      ObjectNode merged = object.deepCopy();
      bodyParameters.forEach(merged::put);
      requestBody = merged;
    }
    if (urlEncoded) {
      if (!requestBody.isObject()) {
        throw new IllegalArgumentException(
            "The RequestBody must be a JSON object to be URL encoded.");
      }
      String format =
          task.path("Transform")
              .path("RequestEncodingOptions")
              .path("ArrayFormat")
              .asText("INDICES");
      return Optional.of(
          new Body(
              FormEncoding.encode((ObjectNode) requestBody, FormEncoding.ArrayFormat.of(format)),
              "application/x-www-form-urlencoded"));
    }
    return Optional.of(
        new Body(
            requestBody.isTextual() ? requestBody.asText() : requestBody.toString(),
            "application/json; charset=UTF-8"));
  }

  private static HttpRequest request(
      JsonNode task,
      String method,
      HttpParameters parameters,
      Optional<Body> body,
      AuthHeader authHeader,
      String region) {
    String endpoint = task.path("ApiEndpoint").asText();
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(parameters.withQuery(endpoint)))
            .timeout(TIMEOUT)
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(
                        body.get().text(), StandardCharsets.UTF_8));
    parameters.headers().forEach(builder::setHeader);
    body.ifPresent(
        b -> {
          boolean typed =
              parameters.headers().keySet().stream()
                  .anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
          if (!typed || b.contentType().startsWith("application/x-www-form-urlencoded")) {
            builder.setHeader("Content-Type", b.contentType());
          }
        });
    builder.setHeader("User-Agent", "Amazon|StepFunctions|HttpInvoke|" + region);
    builder.setHeader("Range", "bytes=0-262144");
    builder.setHeader(authHeader.name(), authHeader.value());
    return builder.build();
  }
}
