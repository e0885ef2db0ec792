package dev.docket.states.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.Origin;
import dev.docket.delivery.Outcome;
import dev.docket.delivery.Target;
import dev.docket.delivery.Targets;
import dev.docket.states.engine.Resource;
import dev.docket.states.engine.TaskInvoker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Task integrations: what a Task state's resource calls, reached through the {@code delivery}
 * target SPI (queues, buses, HTTP through a connection) or, for Docket functions (Lambda
 * resources), an HTTP endpoint declared in configuration. Never imports another service.
 *
 * <ul>
 *   <li>{@code arn:aws:states:::sqs:sendMessage}: the queue named by {@code QueueUrl}
 *   <li>{@code arn:aws:states:::events:putEvents}: the buses the entries name
 *   <li>{@code arn:aws:states:::http:invoke}: the endpoint, with the connection's authorization
 *   <li>{@code arn:aws:states:::lambda:invoke} and bare Lambda function ARNs: the function's
 *       endpoint, POSTed the payload, answering the result
 * </ul>
 *
 * Thread-safe.
 */
public final class Integrations implements TaskInvoker {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(java.time.ZoneOffset.UTC);

  /** The sqs:sendMessage parameters that are SendMessage's own, passed to the queue as they are. */
  private static final List<String> SEND_MESSAGE_MEMBERS =
      List.of(
          "MessageAttributes",
          "MessageSystemAttributes",
          "DelaySeconds",
          "MessageGroupId",
          "MessageDeduplicationId");

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(java.time.ZoneOffset.UTC);

  private final Targets targets;
  private final Map<String, URI> functions;
  private final Clock clock;
  private final HttpClient http;

  /**
   * @param targets resolves queue, bus and connection ARNs
   * @param functions Docket functions by name
   * @param clock the only source of time
   */
  public Integrations(Targets targets, Map<String, URI> functions, Clock clock) {
    this.targets = Objects.requireNonNull(targets, "targets");
    this.functions = Map.copyOf(functions);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public Result invoke(TaskCall call) {
    Resource resource = call.resource();
    try {
      if (resource.kind() == Resource.Kind.LAMBDA_FUNCTION) {
        return lambda(resource.arn(), call.parameters(), false);
      }
      String region = region(call.executionArn());
      String account = account(call.executionArn());
      return switch (resource.service() + ":" + resource.action()) {
        case "sqs:sendMessage" ->
            sqs(call.parameters(), region, account, origin(call.executionArn(), account));
        case "events:putEvents" ->
            events(call.parameters(), region, account, origin(call.executionArn(), account));
        case "http:invoke" -> HttpInvoke.invoke(targets, call.parameters());
        case "lambda:invoke" ->
            lambda(
                call.parameters().path("FunctionName").asText(),
                call.parameters().path("Payload"),
                true);
        default ->
            new Result.Failure(
                "States.Runtime",
                "Docket does not support the integration "
                    + resource.arn()
                    + ": supported are sqs:sendMessage, events:putEvents, http:invoke,"
                    + " lambda:invoke, states:startExecution and activities.");
      };
    } catch (RuntimeException e) {
      return new Result.Failure("States.TaskFailed", String.valueOf(e.getMessage()));
    }
  }

  // ------------------------------------------------------------------ SQS

  /**
   * A task calls as its execution's account (its role), not as a service principal: a queue or bus
   * of another account checks its policy for that account.
   */
  private static Origin origin(String executionArn, String account) {
    return new Origin("", executionArn, account);
  }

  private Result sqs(JsonNode parameters, String region, String account, Origin origin) {
    String url = parameters.path("QueueUrl").asText();
    if (url.isEmpty()) {
      return new Result.Failure(
          "SQS.MissingParameterException", "The request must contain the parameter QueueUrl.");
    }
    String arn = QueueUrls.toArn(url, region, account);
    JsonNode bodyNode = parameters.path("MessageBody");
    String body = bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString();
    ObjectNode deliveryParameters = JSON.createObjectNode();
    ObjectNode sendMessage = deliveryParameters.putObject("SendMessageParameters");
    for (String member : SEND_MESSAGE_MEMBERS) {
      if (parameters.hasNonNull(member)) {
        sendMessage.set(member, parameters.get(member));
      }
    }
    Optional<Target> target = targets.resolve(arn);
    if (target.isEmpty()) {
      return queueMissing();
    }
    Outcome outcome =
        target.get().deliver(new Delivery(arn, body, deliveryParameters, Map.of(), "", "", origin));
    return switch (outcome) {
      case Outcome.Succeeded succeeded -> {
        ObjectNode result = JSON.createObjectNode();
        result.put("MD5OfMessageBody", md5(body));
        if (succeeded.response() != null) {
          succeeded.response().properties().forEach(e -> result.set(e.getKey(), e.getValue()));
        }
        addSdkMetadata(result, "text/xml");
        yield new Result.Success(result);
      }
      case Outcome.Failed failed ->
          failed.errorCode().equals("NO_RESOURCE")
              ? queueMissing()
              : new Result.Failure("SQS.SqsException", failed.errorMessage());
    };
  }

  /**
   * The response metadata AWS's optimized SQS integration adds to SendMessage's answer (the shape
   * of the AWS SDK for Java v1 it serializes): {@code SdkHttpMetadata} and {@code
   * SdkResponseMetadata}.
   */
  private void addSdkMetadata(ObjectNode result, String contentType) {
    String requestId = UUID.randomUUID().toString();
    String date = HTTP_DATE.format(clock.instant());
    ObjectNode metadata = result.putObject("SdkHttpMetadata");
    ObjectNode all = metadata.putObject("AllHttpHeaders");
    all.putArray("x-amzn-RequestId").add(requestId);
    all.putArray("Date").add(date);
    all.putArray("Content-Type").add(contentType);
    ObjectNode headers = metadata.putObject("HttpHeaders");
    headers.put("x-amzn-RequestId", requestId);
    headers.put("Date", date);
    headers.put("Content-Type", contentType);
    metadata.put("HttpStatusCode", 200);
    result.putObject("SdkResponseMetadata").put("RequestId", requestId);
  }

  private static Result queueMissing() {
    return new Result.Failure(
        "SQS.QueueDoesNotExistException", "The specified queue does not exist.");
  }

  // ------------------------------------------------------------------ EventBridge

  private Result events(JsonNode parameters, String region, String account, Origin origin) {
    JsonNode entries = parameters.path("Entries");
    if (!entries.isArray() || entries.isEmpty()) {
      return new Result.Failure(
          "EventBridge.ValidationException", "Entries must contain at least one entry.");
    }
    ObjectNode result = JSON.createObjectNode();
    ArrayNode results = result.putArray("Entries");
    int failed = 0;
    for (JsonNode entry : entries) {
      String bus = entry.path("EventBusName").asText("default");
      if (bus.isEmpty()) {
        bus = "default";
      }
      String busArn =
          bus.startsWith("arn:")
              ? bus
              : "arn:aws:events:" + region + ":" + account + ":event-bus/" + bus;
      String id = UUID.randomUUID().toString();
      ObjectNode envelope = JSON.createObjectNode();
      envelope.put("version", "0");
      envelope.put("id", id);
      envelope.put("detail-type", entry.path("DetailType").asText());
      envelope.put("source", entry.path("Source").asText());
      envelope.put("account", account);
      envelope.put("time", EVENT_TIME.format(clock.instant()));
      envelope.put("region", region);
      envelope.set(
          "resources", entry.has("Resources") ? entry.get("Resources") : JSON.createArrayNode());
      JsonNode detail = entry.path("Detail");
      envelope.set(
          "detail",
          detail.isTextual()
              ? parseOrText(detail.asText())
              : detail.isMissingNode() ? JSON.createObjectNode() : detail);
      Optional<Target> target = targets.resolve(busArn);
      Outcome outcome =
          target.isEmpty()
              ? new Outcome.Failed("NO_RESOURCE", "Event bus " + bus + " does not exist.", false)
              : target
                  .get()
                  .deliver(
                      new Delivery(
                          busArn,
                          envelope.toString(),
                          JSON.createObjectNode(),
                          Map.of(),
                          id,
                          "",
                          origin));
      ObjectNode item = results.addObject();
      if (outcome instanceof Outcome.Succeeded succeeded) {
        JsonNode eventId =
            succeeded.response() == null ? null : succeeded.response().get("EventId");
        item.put("EventId", eventId == null ? id : eventId.asText());
      } else if (outcome instanceof Outcome.Failed refusal) {
        failed++;
        item.put("ErrorCode", refusal.errorCode());
        item.put("ErrorMessage", refusal.errorMessage());
      }
    }
    result.put("FailedEntryCount", failed);
    if (failed > 0) {
      return new Result.Failure("EventBridge.FailedEntry", result.toString());
    }
    return new Result.Success(result);
  }

  // ------------------------------------------------------------------ functions (Lambda)

  private Result lambda(String function, JsonNode payload, boolean wrapped) {
    String name = functionName(function);
    URI endpoint = functions.get(name);
    if (endpoint == null) {
      return new Result.Failure(
          "Lambda.ResourceNotFoundException",
          "Function not found: "
              + function
              + " (Docket functions are declared in the configuration key states.functions as"
              + " name=url: "
              + name
              + "=http://...)");
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(Duration.ofMinutes(15))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          payload.isMissingNode() ? "{}" : payload.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result.Failure(
          "Lambda.ServiceException",
          "Function " + name + " could not be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result.Failure("Lambda.ServiceException", "interrupted");
    }
    JsonNode body = parseOrText(response.body());
    boolean functionError =
        response.headers().firstValue("X-Amz-Function-Error").isPresent()
            || response.statusCode() >= 400;
    if (functionError) {
      String error =
          body.path("errorType")
              .asText(body.path("errorMessage").isMissingNode() ? "Lambda.Unknown" : "Error");
      if (response.statusCode() >= 500 && !body.has("errorType")) {
        error = "Lambda.ServiceException";
      }
      return new Result.Failure(error, response.body());
    }
    if (!wrapped) {
      return new Result.Success(body);
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("ExecutedVersion", "$LATEST");
    result.set("Payload", body);
    ObjectNode metadata = result.putObject("SdkHttpMetadata");
    metadata.putObject("HttpHeaders").put("Content-Type", "application/json");
    metadata.put("HttpStatusCode", 200);
    result.putObject("SdkResponseMetadata").put("RequestId", UUID.randomUUID().toString());
    result.put("StatusCode", 200);
    return new Result.Success(result);
  }

  /** The function name of a name, partial ARN or ARN (a version / alias qualifier dropped). */
  static String functionName(String function) {
    if (function.startsWith("arn:")) {
      String[] parts = function.split(":");
      return parts.length > 6 ? parts[6] : function;
    }
    int colon = function.indexOf(':');
    return colon < 0 ? function : function.substring(0, colon);
  }

  // ------------------------------------------------------------------ helpers

  static JsonNode parseOrText(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node == null || node.isMissingNode() ? JSON.getNodeFactory().textNode(text) : node;
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(text);
    }
  }

  private static String md5(String body) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String region(String executionArn) {
    return executionArn.split(":")[3];
  }

  private static String account(String executionArn) {
    return executionArn.split(":")[4];
  }
}
