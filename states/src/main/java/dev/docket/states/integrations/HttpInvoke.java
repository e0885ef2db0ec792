package dev.docket.states.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.Outcome;
import dev.docket.delivery.Target;
import dev.docket.delivery.Targets;
import dev.docket.states.engine.TaskInvoker.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code arn:aws:states:::http:invoke}: the request goes to the target of the connection ARN in
 * {@code Authentication.ConnectionArn} (EventBridge connections, served by the events service),
 * which adds the connection's authorization, sends it, and answers {@code StatusCode}, {@code
 * StatusText}, {@code Headers} and {@code ResponseBody}. A status outside 2xx fails the task with
 * {@code States.Http.StatusCode.<code>}, as AWS does; a request the target could not make fails
 * with {@code States.Http.Socket}. Headers Step Functions refuses in an HTTP Task fail it with
 * {@code States.Runtime} before anything is sent.
 */
final class HttpInvoke {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpInvoke() {}

  /**
   * The headers Step Functions refuses in an HTTP Task (its documented list, and {@code
   * Authorization}, which it refuses too: authorization comes from the connection).
   */
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "a-im",
          "accept-charset",
          "accept-datetime",
          "accept-encoding",
          "authorization",
          "cache-control",
          "connection",
          "content-encoding",
          "content-md5",
          "date",
          "expect",
          "forwarded",
          "from",
          "host",
          "http2-settings",
          "if-match",
          "if-modified-since",
          "if-none-match",
          "if-range",
          "if-unmodified-since",
          "max-forwards",
          "origin",
          "pragma",
          "proxy-authorization",
          "referer",
          "server",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "via",
          "warning");

  private static final List<String> UNSUPPORTED_PREFIXES =
      List.of("x-forwarded-", "x-amz-", "x-amzn-");

  /** The refused header names of {@code headers}, lower case, comma-separated; empty if none. */
  static Optional<String> unsupportedHeaders(JsonNode headers) {
    if (!headers.isObject()) {
      return Optional.empty();
    }
    List<String> refused = new ArrayList<>();
    for (Map.Entry<String, JsonNode> header : headers.properties()) {
      String name = header.getKey();
      String lower = name.toLowerCase(Locale.ROOT);
      if (UNSUPPORTED.contains(lower)
          || UNSUPPORTED_PREFIXES.stream().anyMatch(lower::startsWith)) {
        refused.add(lower);
      }
    }
    return refused.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", refused));
  }

  static Result invoke(Targets targets, JsonNode parameters) {
    String endpoint = parameters.path("ApiEndpoint").asText();
    if (endpoint.isEmpty()) {
      return new Result.Failure(
          "States.Runtime", "The field 'ApiEndpoint' is required by arn:aws:states:::http:invoke.");
    }
    String connection = parameters.path("Authentication").path("ConnectionArn").asText();
    if (connection.isEmpty()) {
      return new Result.Failure(
          "States.Runtime",
          "The field 'Authentication.ConnectionArn' is required by arn:aws:states:::http:invoke.");
    }
    Optional<String> unsupported = unsupportedHeaders(parameters.path("Headers"));
    if (unsupported.isPresent()) {
      return new Result.Failure(
          "States.Runtime",
          "The 'Headers' field contains unsupported values: [" + unsupported.get() + "]");
    }
    Optional<Target> target = targets.resolve(connection);
    if (target.isEmpty()) {
      return new Result.Failure(
          "States.Http.Connection", "Connection " + connection + " does not exist.");
    }
    JsonNode body = parameters.path("RequestBody");
    String text =
        body.isMissingNode() || body.isNull()
            ? ""
            : body.isTextual() ? body.asText() : body.toString();
    Outcome outcome =
        target
            .get()
            .deliver(new Delivery(connection, text, (ObjectNode) parameters, Map.of(), "", ""));
    if (outcome instanceof Outcome.Failed failed) {
      return new Result.Failure("States.Http.Socket", failed.errorMessage());
    }
    JsonNode response = ((Outcome.Succeeded) outcome).response();
    if (response == null) {
      return new Result.Success(JSON.createObjectNode());
    }
    int status = response.path("StatusCode").asInt(200);
    if (status < 200 || status > 299) {
      return new Result.Failure("States.Http.StatusCode." + status, response.toString());
    }
    return new Result.Success(response);
  }
}
