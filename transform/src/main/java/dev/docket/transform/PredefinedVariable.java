package dev.docket.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The {@code <aws.events.*>} placeholders an input template may use without declaring them in
 * {@code InputPathsMap}; their names are reserved.
 */
enum PredefinedVariable {
  /** {@code <aws.events.rule-arn>}: the rule's ARN. */
  RULE_ARN("aws.events.rule-arn") {
    @Override
    JsonNode value(JsonNode event, TransformContext context) {
      return NODES.textNode(context.ruleArn());
    }
  },
  /** {@code <aws.events.rule-name>}: the rule's name. */
  RULE_NAME("aws.events.rule-name") {
    @Override
    JsonNode value(JsonNode event, TransformContext context) {
      return NODES.textNode(context.ruleName());
    }
  },
  /** {@code <aws.events.event.ingestion-time>}: when EventBridge received the event, ISO 8601. */
  INGESTION_TIME("aws.events.event.ingestion-time") {
    @Override
    JsonNode value(JsonNode event, TransformContext context) {
      return NODES.textNode(
          DateTimeFormatter.ISO_INSTANT.format(
              context.ingestionTime().truncatedTo(ChronoUnit.SECONDS)));
    }
  },
  /**
   * {@code <aws.events.event>}: the event without {@code detail}. AWS recorded it with {@code
   * detail-type} renamed {@code detailType} and the members in the order below (LocalStack's
   * snapshot {@code test_input_transformer_predefined_variables}, validated 2025-10-08).
   */
  EVENT("aws.events.event") {
    @Override
    JsonNode value(JsonNode event, TransformContext context) {
      ObjectNode copy = NODES.objectNode();
      copyMember(event, "id", copy, "id");
      copyMember(event, "account", copy, "account");
      copyMember(event, "detail-type", copy, "detailType");
      copyMember(event, "time", copy, "time");
      copyMember(event, "source", copy, "source");
      copyMember(event, "region", copy, "region");
      copyMember(event, "resources", copy, "resources");
      copyMember(event, "version", copy, "version");
      return copy;
    }
  },
  /** {@code <aws.events.event.json>}: the whole event. */
  EVENT_JSON("aws.events.event.json") {
    @Override
    JsonNode value(JsonNode event, TransformContext context) {
      return event;
    }
  };

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String placeholder;

  PredefinedVariable(String placeholder) {
    this.placeholder = placeholder;
  }

  /** The name between the angle brackets. */
  String placeholder() {
    return placeholder;
  }

  /** The value for {@code event}, delivered by the rule of {@code context}. */
  abstract JsonNode value(JsonNode event, TransformContext context);

  /** The predefined variable named {@code name}. */
  static Optional<PredefinedVariable> named(String name) {
    for (PredefinedVariable variable : values()) {
      if (variable.placeholder.equals(name)) {
        return Optional.of(variable);
      }
    }
    return Optional.empty();
  }

  private static void copyMember(JsonNode from, String name, ObjectNode to, String as) {
    JsonNode value = from.get(name);
    if (value != null) {
      to.set(as, value);
    }
  }
}
