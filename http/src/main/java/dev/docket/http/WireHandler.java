package dev.docket.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.AwsService;
import dev.docket.model.CommonError;
import dev.docket.model.ErrorCode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.model.ServiceModel;
import dev.docket.model.SessionTokens;
import dev.docket.model.Shape;
import dev.docket.model.Unavailable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one request end to end, independent of the HTTP server: route to a service, verify the
 * signature, decode (awsJson, awsQuery or restJson1), validate, invoke, encode the output or the
 * error.
 *
 * <p>Design: this is the hot path, so a JSON request is parsed once from the body bytes and the
 * output written once to bytes by one shared {@link ObjectMapper}; awsQuery, the legacy protocol,
 * goes through the model-driven {@link QueryDecoder} and {@link XmlEncoder}; restJson1 through
 * {@link RestRoutes} (method and path) and {@link RestJsonCodec} (labels, query string, headers and
 * body by the model's member locations). Every failure becomes an AWS error in the protocol the
 * request used; an exception caused by an unreachable dependency ({@link Unavailable}, the store's
 * database) becomes {@code ServiceUnavailable} (503, which clients retry), any other unexpected one
 * {@code InternalFailure}, logged once with the request id. Thread-safe: it holds immutable state
 * and one atomic flag (whether an outage was logged).
 */
final class WireHandler {

  private static final Logger LOG = LoggerFactory.getLogger(WireHandler.class);
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  // a queue URL's path: /<account>/<name>, or /queue/<region>/<account>/<name> (with the region)
  private static final Pattern QUEUE_PATH =
      Pattern.compile("^(/queue/[a-z]{2}(-[a-z]+)+-\\d+)?/\\d{12}/[^/?]+/?$");
  private static final byte[] HEALTH = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
  // SQS answers a GET without an Action (say, a browser opening a queue URL) with this, 404
  private static final byte[] UNKNOWN_OPERATION_XML =
      "<UnknownOperationException/>".getBytes(StandardCharsets.UTF_8);
  // awsQuery actions SQS refuses when sent to a queue URL rather than to the endpoint
  private static final Set<String> NOT_FOR_QUEUE_URLS = Set.of("CreateQueue", "ListQueues");

  private final HttpConfig config;
  private final Router router;
  private final Authenticator authenticator;
  private final Clock clock;
  private final Supplier<String> fallbackEndpoint;
  // whether the last request that failed on a dependency has not been followed by a served one
  private final AtomicBoolean unavailable = new AtomicBoolean();

  WireHandler(
      HttpConfig config,
      List<AwsService> services,
      SessionTokens tokens,
      Clock clock,
      Supplier<String> fallbackEndpoint) {
    this.config = config;
    this.router = new Router(services);
    this.authenticator = new Authenticator(config, tokens, clock);
    this.clock = clock;
    this.fallbackEndpoint = fallbackEndpoint;
  }

  /** Serves a request whose body has been read in full. */
  WireResponse handle(WireRequest request) {
    if ("GET".equals(request.method()) && "/_docket/health".equals(request.rawPath())) {
      return new WireResponse(200, "application/json", Map.of(), HEALTH);
    }
    Call call = new Call(request, UUID.randomUUID().toString());
    try {
      WireResponse response = serve(call);
      if (unavailable.get() && unavailable.compareAndSet(true, false)) {
        LOG.info(
            "Request {} ({}) served again after ServiceUnavailable answers",
            call.requestId,
            call.operation);
      }
      return response;
    } catch (ServiceException e) {
      return error(call, e.code(), e.getMessage(), e.members());
    } catch (RuntimeException e) {
      Optional<Throwable> cause = unavailableCause(e);
      if (cause.isPresent()) {
        return unavailable(call, cause.get());
      }
      LOG.error("Request {} ({}) failed unexpectedly", call.requestId, call.operation, e);
      return error(
          call,
          CommonError.INTERNAL_FAILURE,
          CommonError.INTERNAL_FAILURE.defaultMessage(),
          Map.of());
    }
  }

  /**
   * Answers a request that failed because a dependency (the store's database) cannot be reached for
   * now: {@code ServiceUnavailable}, 503, which the SDKs retry. An outage fails every request, so
   * it is logged as a warning once when it begins (and once when a request is served again), and
   * per request only at debug level, without the stack trace.
   */
  private WireResponse unavailable(Call call, Throwable cause) {
    if (unavailable.compareAndSet(false, true)) {
      LOG.warn(
          "Request {} ({}) failed: {}; answering ServiceUnavailable until it is back",
          call.requestId,
          call.operation,
          cause.getMessage());
    } else {
      LOG.debug("Request {} ({}) failed: {}", call.requestId, call.operation, cause.getMessage());
    }
    return error(
        call,
        CommonError.SERVICE_UNAVAILABLE,
        CommonError.SERVICE_UNAVAILABLE.defaultMessage(),
        Map.of());
  }

  /** The first {@link Unavailable} exception among {@code e} and its causes, if any. */
  static Optional<Throwable> unavailableCause(Throwable e) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof Unavailable) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Answers a request whose body is over the limit, without reading it. */
  WireResponse tooLarge(WireRequest headersOnly, long size) {
    Call call = new Call(headersOnly, UUID.randomUUID().toString());
    String target = headersOnly.headers().first("x-amz-target").orElse(null);
    call.binding = router.route(null, target, call.form ? "" : null).orElse(null);
    if (call.binding == null && target == null && !call.form) {
      router
          .rest(null, headersOnly.method(), headersOnly.rawPath(), headersOnly.rawQuery())
          .ifPresent(
              match -> {
                call.binding = match.binding();
                call.rest = true;
              });
    }
    String message =
        "Request body of "
            + (size < 0 ? "more than " + config.maxRequestBytes() : Long.toString(size))
            + " bytes exceeds the limit of "
            + config.maxRequestBytes()
            + " bytes";
    return error(call, CommonError.REQUEST_TOO_LARGE, message, Map.of());
  }

  private WireResponse serve(Call call) {
    WireRequest request = call.request;
    Optional<Credential> credential;
    try {
      credential = Credential.parse(request.headers().first("authorization").orElse(null));
      if (credential.isEmpty() && request.rawQuery().contains("X-Amz-")) {
        credential = Credential.fromQuery(FormParser.parse(request.rawQuery()));
      }
    } catch (ServiceException e) {
      if (config.authEnabled()) {
        throw e;
      }
      credential = Optional.empty();
    }
    String target = request.headers().first("x-amz-target").orElse(null);
    Map<String, String> params = call.form ? formParams(request) : Map.of();
    boolean queryForm = params.containsKey("Action");
    Binding routed =
        router
            .route(
                credential.map(Credential::service).orElse(null),
                target,
                queryForm ? params.get("Action") : null)
            .orElse(null);
    RestRoutes.Match rest = null;
    if (target == null && !queryForm && (routed == null || routed.restJson())) {
      rest =
          router.rest(routed, request.method(), request.rawPath(), request.rawQuery()).orElse(null);
      if (rest != null || routed != null) {
        call.binding = rest != null ? rest.binding() : routed;
        call.rest = true;
        call.form = false;
      }
      if (rest == null && routed != null) {
        throw new ServiceException(
            CommonError.UNKNOWN_PATH,
            "No "
                + routed.model().serviceId()
                + " operation answers "
                + request.method()
                + " "
                + request.rawPath());
      }
    }
    if (rest == null) {
      if ("GET".equals(request.method()) && target == null && !call.form) {
        // whatever the Accept header, as SQS does
        return new WireResponse(404, "text/xml", headers(call), UNKNOWN_OPERATION_XML);
      }
      if (routed == null) {
        throw unknown(call, target, params);
      }
      call.binding = routed;
    }
    Authenticator.Caller caller = authenticator.authenticate(request, credential.orElse(null));
    RequestContext context =
        new RequestContext(
            call.requestId,
            caller.principal(),
            credential.map(Credential::region).orElse(config.defaultRegion()),
            request.headers().first("host").map(h -> "http://" + h).orElseGet(fallbackEndpoint),
            clock.instant(),
            request.headers().first("x-amzn-trace-id").filter(t -> !t.isBlank()),
            caller.orgId(),
            request
                .headers()
                .first("x-forwarded-proto")
                .filter(proto -> proto.equalsIgnoreCase("https"))
                .isPresent());
    if (rest != null) {
      return rest(call, rest, context);
    }
    if (target != null || !call.form) {
      call.form = false;
      return json(call, target, context);
    }
    return query(call, params, context);
  }

  private WireResponse json(Call call, String target, RequestContext context) {
    Binding binding = call.binding;
    String prefix = binding.model().targetPrefix().orElse(null);
    int dot = target == null ? -1 : target.lastIndexOf('.');
    String operation = dot < 0 ? null : target.substring(dot + 1);
    if (operation == null
        || !target.substring(0, dot).equals(prefix)
        || !binding.model().hasOperation(operation)) {
      throw new ServiceException(
          CommonError.UNKNOWN_OPERATION,
          target == null
              ? "Missing required header X-Amz-Target"
              : "Unknown operation '" + target + "'");
    }
    call.operation = operation;
    ObjectNode input = parseJson(call.request.body());
    ObjectNode output = invoke(binding, operation, input, context);
    byte[] body;
    try {
      body = MAPPER.writeValueAsBytes(output);
    } catch (JacksonException e) {
      throw new IllegalStateException("Cannot encode the output of " + operation, e);
    }
    return new WireResponse(200, binding.jsonContentType(), headers(call), body);
  }

  private WireResponse rest(Call call, RestRoutes.Match match, RequestContext context) {
    Binding binding = call.binding;
    ServiceModel model = binding.model();
    String operation = match.operation();
    call.operation = operation;
    Optional<Shape> inputShape = model.inputShape(operation);
    ObjectNode input =
        inputShape.isPresent()
            ? RestJsonCodec.decode(
                model,
                inputShape.get(),
                match.labels(),
                call.request,
                parseJson(call.request.body()))
            : MAPPER.createObjectNode();
    ObjectNode output = invoke(binding, operation, input, context);
    RestJsonCodec.Encoded encoded =
        RestJsonCodec.encode(
            model,
            model.outputShape(operation).orElse(null),
            output,
            model.operation(operation).orElseThrow().responseCode());
    Map<String, String> headers = new HashMap<>(headers(call));
    headers.putAll(encoded.headers());
    return new WireResponse(
        encoded.status(), "application/json", headers, jsonBytes(encoded.body()));
  }

  private WireResponse query(Call call, Map<String, String> params, RequestContext context) {
    Binding binding = call.binding;
    String operation = params.get("Action");
    if (operation == null
        || !binding.model().hasOperation(operation)
        || (NOT_FOR_QUEUE_URLS.contains(operation)
            && QUEUE_PATH.matcher(call.request.rawPath()).matches())) {
      throw new ServiceException(
          CommonError.INVALID_ACTION,
          "The action "
              + (operation == null ? "(none)" : operation)
              + " is not valid for this endpoint.");
    }
    call.operation = operation;
    Optional<Shape> inputShape = binding.model().inputShape(operation);
    ObjectNode input =
        inputShape
            .map(shape -> binding.queryDecoder().decode(shape, params))
            .orElseGet(MAPPER::createObjectNode);
    if (inputShape.isPresent()
        && inputShape.get().members().containsKey("QueueUrl")
        && !input.has("QueueUrl")
        && QUEUE_PATH.matcher(call.request.rawPath()).matches()) {
      // awsQuery clients post to the queue URL itself instead of sending QueueUrl.
      String path = call.request.rawPath();
      input.put(
          "QueueUrl",
          context.endpoint() + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path));
    }
    ObjectNode output = invoke(binding, operation, input, context);
    if (call.jsonAccepted) {
      ObjectNode wrapper = MAPPER.createObjectNode();
      ObjectNode response = wrapper.putObject(operation + "Response");
      if (binding.model().outputShape(operation).isPresent()) {
        response.set(operation + "Result", output);
      }
      response.putObject("ResponseMetadata").put("RequestId", call.requestId);
      return new WireResponse(200, "application/json", headers(call), jsonBytes(wrapper));
    }
    byte[] body =
        binding
            .xml()
            .response(
                operation,
                binding.model().outputShape(operation).orElse(null),
                output,
                call.requestId);
    return new WireResponse(200, "text/xml", headers(call), body);
  }

  private static ObjectNode invoke(
      Binding binding, String operation, ObjectNode input, RequestContext context) {
    AwsService service = binding.service();
    var problem = service.model().validate(operation, input);
    if (problem.isPresent()) {
      throw service.validationFailed(problem.get());
    }
    ObjectNode output = service.invoke(operation, input, context);
    return output == null ? MAPPER.createObjectNode() : output;
  }

  private static ObjectNode parseJson(byte[] body) {
    if (body.length == 0) {
      return MAPPER.createObjectNode();
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new ServiceException(
          CommonError.SERIALIZATION,
          "The request body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new ServiceException(CommonError.SERIALIZATION, "The request body could not be read");
    }
    if (node == null || node.isMissingNode()) {
      return MAPPER.createObjectNode();
    }
    if (!node.isObject()) {
      throw new ServiceException(
          CommonError.SERIALIZATION,
          "The request body must be a JSON object, but was a "
              + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return (ObjectNode) node;
  }

  private static Map<String, String> formParams(WireRequest request) {
    Map<String, String> params =
        FormParser.parse(new String(request.body(), StandardCharsets.UTF_8));
    return FormParser.parse(request.rawQuery(), params);
  }

  private ServiceException unknown(Call call, String target, Map<String, String> params) {
    if (call.form) {
      return new ServiceException(
          CommonError.INVALID_ACTION,
          "The action "
              + params.getOrDefault("Action", "(none)")
              + " is not valid for this endpoint.");
    }
    call.form = false;
    return new ServiceException(
        CommonError.UNKNOWN_OPERATION,
        target == null
            ? "No service answers " + call.request.method() + " " + call.request.rawPath()
            : "Unknown operation '" + target + "'");
  }

  private WireResponse error(
      Call call, ErrorCode code, String message, Map<String, String> members) {
    Map<String, String> headers = headers(call);
    Binding binding = call.binding;
    if (call.form && call.jsonAccepted) {
      ObjectNode body = MAPPER.createObjectNode();
      ObjectNode error = body.putObject("Error");
      error.put("Type", code.senderFault() ? "Sender" : "Receiver");
      error.put("Code", code.queryCode());
      error.put("Message", code.queryMessage(message));
      body.put("RequestId", call.requestId);
      return new WireResponse(code.httpStatus(), "application/json", headers, jsonBytes(body));
    }
    if (call.form) {
      byte[] body =
          binding == null
              ? XmlEncoder.error(
                  "",
                  code.queryCode(),
                  code.senderFault(),
                  code.queryMessage(message),
                  call.requestId)
              : binding
                  .xml()
                  .error(
                      code.queryCode(),
                      code.senderFault(),
                      code.queryMessage(message),
                      call.requestId);
      return new WireResponse(code.httpStatus(), "text/xml", headers, body);
    }
    if (call.rest && binding != null) {
      return restError(call, binding.model(), code, message, members);
    }
    ObjectNode body = MAPPER.createObjectNode();
    body.put("__type", code.jsonType());
    body.put("message", message);
    members.forEach(body::put);
    Map<String, String> all = new HashMap<>(headers);
    all.put("X-Amzn-ErrorType", code.type());
    if (binding != null && binding.model().awsQueryCompatible()) {
      all.put(
          "x-amzn-query-error",
          code.queryCode() + ";" + (code.senderFault() ? "Sender" : "Receiver"));
    }
    String contentType = binding == null ? "application/x-amz-json-1.0" : binding.jsonContentType();
    try {
      return new WireResponse(code.httpStatus(), contentType, all, MAPPER.writeValueAsBytes(body));
    } catch (JacksonException e) {
      throw new IllegalStateException("Cannot encode an error body", e);
    }
  }

  /**
   * A restJson1 error: the status the model's error shape gives ({@code error.httpStatusCode}), the
   * code in {@code X-Amzn-ErrorType} (what the AWS SDKs and botocore read first), and a body with
   * the message under the error shape's own member name ({@code Message} for Scheduler, {@code
   * message} for others) and any further members.
   */
  private WireResponse restError(
      Call call, ServiceModel model, ErrorCode code, String message, Map<String, String> members) {
    Optional<Shape> shape = model.findShape(code.type()).filter(Shape::isError);
    int status =
        shape.map(s -> s.error().httpStatusCode()).filter(s -> s > 0).orElse(code.httpStatus());
    String messageMember =
        messageMember(shape)
            .or(() -> messageMember(model.findShape("ValidationException")))
            .orElse("message");
    ObjectNode body = MAPPER.createObjectNode();
    body.put(messageMember, message);
    members.forEach(body::put);
    Map<String, String> headers = new HashMap<>(headers(call));
    headers.put("X-Amzn-ErrorType", code.type());
    return new WireResponse(status, "application/json", headers, jsonBytes(body));
  }

  private static Optional<String> messageMember(Optional<Shape> shape) {
    return shape.flatMap(
        s -> s.members().keySet().stream().filter(n -> n.equalsIgnoreCase("message")).findFirst());
  }

  private static byte[] jsonBytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JacksonException e) {
      throw new IllegalStateException("Cannot encode a JSON body", e);
    }
  }

  private Map<String, String> headers(Call call) {
    return Map.of("x-amzn-RequestId", call.requestId, "Date", HTTP_DATE.format(clock.instant()));
  }

  /** The state of one request as it passes through the handler (confined to its thread). */
  private static final class Call {
    final WireRequest request;
    final String requestId;
    boolean form;
    // a restJson1 request: errors in restJson1's shape
    boolean rest;
    // an awsQuery GET asking for JSON (Accept: application/json) is answered in JSON
    final boolean jsonAccepted;
    Binding binding;
    String operation;

    Call(WireRequest request, String requestId) {
      this.request = request;
      this.requestId = requestId;
      String contentType = request.headers().first("content-type").orElse("");
      this.form =
          contentType.startsWith("application/x-www-form-urlencoded")
              || (request.headers().first("x-amz-target").isEmpty()
                  && !contentType.startsWith("application/x-amz-json")
                  && request.rawQuery().contains("Action="));
      this.jsonAccepted =
          form
              && "GET".equals(request.method())
              && request.headers().first("accept").orElse("").contains("application/json");
    }
  }
}
