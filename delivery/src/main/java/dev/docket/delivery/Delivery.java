package dev.docket.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * One payload for one target.
 *
 * @param targetArn the ARN of the resource to deliver to (a queue, a bus, an API destination, ...)
 * @param body what the target receives, already transformed
 * @param parameters the target's own parameters as the EventBridge model names them ({@code
 *     SqsParameters}, {@code HttpParameters}, ...), as a JSON object; empty when none
 * @param attributes string attributes to carry along (a queue target sends them as message
 *     attributes: the dead-letter attributes {@code RULE_ARN}, {@code ERROR_CODE}, ...)
 * @param eventId the id of the event this delivery carries, for deduplication and tracing
 * @param traceHeader the W3C / X-Ray trace header to propagate; empty when none
 * @param origin who delivers on whose behalf ({@link Origin#NONE} when the producer acts as itself)
 */
public record Delivery(
    String targetArn,
    String body,
    ObjectNode parameters,
    Map<String, String> attributes,
    String eventId,
    String traceHeader,
    Origin origin) {

  /** Checks required components and copies the attributes. */
  public Delivery {
    Objects.requireNonNull(targetArn, "targetArn");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(traceHeader, "traceHeader");
    Objects.requireNonNull(origin, "origin");
    attributes = Map.copyOf(attributes);
  }

  /** A delivery whose producer acts as itself ({@link Origin#NONE}). */
  public Delivery(
      String targetArn,
      String body,
      ObjectNode parameters,
      Map<String, String> attributes,
      String eventId,
      String traceHeader) {
    this(targetArn, body, parameters, attributes, eventId, traceHeader, Origin.NONE);
  }
}
