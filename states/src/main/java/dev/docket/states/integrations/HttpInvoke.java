package dev.docket.states.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.Outcome;
import dev.docket.delivery.Target;
import dev.docket.delivery.Targets;
import dev.docket.states.engine.TaskInvoker.Result;
import java.util.Map;
import java.util.Optional;

/**
 * {@code arn:aws:states:::http:invoke}: the request goes to the target of the connection ARN in
 * {@code Authentication.ConnectionArn} (EventBridge connections, served by the events service),
 * which adds the connection's authorization, sends it, and answers {@code StatusCode}, {@code
 * StatusText}, {@code Headers} and {@code ResponseBody}. A status outside 2xx fails the task with
 * {@code States.Http.StatusCode.<code>}, as AWS does.
 */
final class HttpInvoke {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpInvoke() {}

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
