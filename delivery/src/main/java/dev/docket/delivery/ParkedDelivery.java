package dev.docket.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A delivery waiting for its next attempt, as the payload of its {@code delivery} timer: the
 * request, how many attempts were made, and the last error. The JSON form is versioned ({@code "v":
 * 1}) because parked deliveries outlive the process that parked them. Immutable.
 *
 * @param request what to deliver, with its retry policy and dead-letter queue
 * @param attempts attempts made so far (0 for a delivery handed over to be first attempted when
 *     due, as a schedule's firing is)
 * @param lastError what the last attempt came to; empty before the first
 */
record ParkedDelivery(DeliveryRequest request, int attempts, Optional<Outcome.Failed> lastError) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  ParkedDelivery {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(lastError, "lastError");
    if (attempts < 0 || (attempts == 0) != lastError.isEmpty()) {
      throw new IllegalArgumentException(
          "a parked delivery has a last error exactly when attempted, but attempts was "
              + attempts
              + " and last error "
              + lastError);
    }
  }

  /** A delivery after {@code attempts} failed attempts, the last one {@code lastError}. */
  ParkedDelivery(DeliveryRequest request, int attempts, Outcome.Failed lastError) {
    this(request, attempts, Optional.of(lastError));
  }

  /** A delivery not attempted yet. */
  static ParkedDelivery unattempted(DeliveryRequest request) {
    return new ParkedDelivery(request, 0, Optional.empty());
  }

  /** The timer payload. */
  String encode() {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    root.put("attempts", attempts);
    lastError.ifPresent(
        error ->
            root.putObject("lastError")
                .put("code", error.errorCode())
                .put("message", error.errorMessage())
                .put("retryable", error.retryable()));
    Delivery d = request.delivery();
    ObjectNode delivery = root.putObject("delivery");
    delivery.put("targetArn", d.targetArn());
    delivery.put("body", d.body());
    delivery.set("parameters", d.parameters());
    ObjectNode attributes = delivery.putObject("attributes");
    d.attributes().forEach(attributes::put);
    delivery.put("eventId", d.eventId());
    delivery.put("traceHeader", d.traceHeader());
    if (!d.origin().isNone()) {
      delivery
          .putObject("origin")
          .put("principal", d.origin().servicePrincipal())
          .put("sourceArn", d.origin().sourceArn())
          .put("sourceAccount", d.origin().sourceAccount());
    }
    root.putObject("retryPolicy")
        .put("maximumRetryAttempts", request.retryPolicy().maximumRetryAttempts())
        .put("maximumEventAgeInSeconds", request.retryPolicy().maximumEventAge().toSeconds());
    request.deadLetterArn().ifPresent(arn -> root.put("deadLetterArn", arn));
    root.put("ruleArn", request.ruleArn());
    root.put("targetId", request.targetId());
    root.put("firstAttemptAt", request.firstAttemptAt().toString());
    request.originalEvent().ifPresent(event -> root.put("originalEvent", event));
    return root.toString();
  }

  /**
   * Reads a timer payload.
   *
   * @throws IllegalArgumentException if it is not one this code wrote
   */
  static ParkedDelivery decode(String payload) {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("parked delivery is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || root.path("v").asInt() != VERSION) {
      throw new IllegalArgumentException(
          "parked delivery has unknown version " + (root == null ? null : root.get("v")));
    }
    JsonNode d = root.path("delivery");
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = d.path("attributes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      attributes.put(e.getKey(), e.getValue().asText());
    }
    JsonNode parameters = d.path("parameters");
    Delivery delivery =
        new Delivery(
            text(d, "targetArn"),
            text(d, "body"),
            parameters.isObject() ? (ObjectNode) parameters : JSON.createObjectNode(),
            attributes,
            text(d, "eventId"),
            d.path("traceHeader").asText(""),
            d.path("origin").isObject()
                ? new Origin(
                    d.path("origin").path("principal").asText(""),
                    d.path("origin").path("sourceArn").asText(""),
                    d.path("origin").path("sourceAccount").asText(""))
                : Origin.NONE);
    JsonNode policy = root.path("retryPolicy");
    DeliveryRequest request =
        new DeliveryRequest(
            delivery,
            new RetryPolicy(
                policy.path("maximumRetryAttempts").asInt(),
                Duration.ofSeconds(policy.path("maximumEventAgeInSeconds").asLong())),
            root.hasNonNull("deadLetterArn")
                ? Optional.of(root.get("deadLetterArn").asText())
                : Optional.empty(),
            text(root, "ruleArn"),
            text(root, "targetId"),
            Instant.parse(text(root, "firstAttemptAt")),
            root.hasNonNull("originalEvent")
                ? Optional.of(root.get("originalEvent").asText())
                : Optional.empty());
    JsonNode error = root.path("lastError");
    return new ParkedDelivery(
        request,
        root.path("attempts").asInt(),
        error.isObject()
            ? Optional.of(
                new Outcome.Failed(
                    error.path("code").asText(""),
                    error.path("message").asText(""),
                    error.path("retryable").asBoolean(true)))
            : Optional.empty());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("parked delivery lacks " + field);
    }
    return value.asText();
  }
}
