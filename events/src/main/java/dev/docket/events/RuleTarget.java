package dev.docket.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.RetryPolicy;
import dev.docket.transform.TargetInput;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One target of a rule: EventBridge's {@code Target} shape exactly as PutTargets received it (and
 * ListTargetsByRule returns it), with typed accessors for what Docket acts on. Immutable: the node
 * is copied in and out.
 *
 * @param json the {@code Target} structure ({@code Id}, {@code Arn}, {@code Input}, {@code
 *     InputPath}, {@code InputTransformer}, {@code RetryPolicy}, {@code DeadLetterConfig}, {@code
 *     SqsParameters}, {@code HttpParameters}, {@code RoleArn}, ...)
 */
public record RuleTarget(ObjectNode json) {

  /** Checks that {@code Id} and {@code Arn} are present and copies the node. */
  public RuleTarget {
    Objects.requireNonNull(json, "json");
    if (!json.path("Id").isTextual() || !json.path("Arn").isTextual()) {
      throw new IllegalArgumentException("a target needs an Id and an Arn: " + json);
    }
    json = json.deepCopy();
  }

  /** A copy of the {@code Target} structure. */
  @Override
  public ObjectNode json() {
    return json.deepCopy();
  }

  /**
   * An input transformer.
   *
   * @param inputPathsMap variable name to JSONPath, in the order given
   * @param inputTemplate the template
   */
  public record InputTransformer(Map<String, String> inputPathsMap, String inputTemplate) {

    /** Copies the map and checks the template. */
    public InputTransformer {
      Objects.requireNonNull(inputTemplate, "inputTemplate");
      inputPathsMap = Collections.unmodifiableMap(new LinkedHashMap<>(inputPathsMap));
    }
  }

  /** The target's {@code Id}, unique within its rule. */
  public String id() {
    return json.get("Id").asText();
  }

  /** The target's {@code Arn}: where deliveries go. */
  public String arn() {
    return json.get("Arn").asText();
  }

  /** {@code RoleArn}, if given. */
  public Optional<String> roleArn() {
    return text(json, "RoleArn");
  }

  /** {@code Input}: a constant JSON text, if given. */
  public Optional<String> input() {
    return text(json, "Input");
  }

  /** {@code InputPath}: a JSONPath, if given. */
  public Optional<String> inputPath() {
    return text(json, "InputPath");
  }

  /** {@code InputTransformer}, if given. */
  public Optional<InputTransformer> inputTransformer() {
    JsonNode node = json.get("InputTransformer");
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    Map<String, String> paths = new LinkedHashMap<>();
    node.path("InputPathsMap")
        .properties()
        .forEach(e -> paths.put(e.getKey(), e.getValue().asText()));
    return Optional.of(new InputTransformer(paths, node.path("InputTemplate").asText()));
  }

  /**
   * What the target receives of each event, built with {@link TargetInput}'s factories (which
   * validate as EventBridge does and throw {@code InvalidInputException} otherwise).
   */
  public TargetInput targetInput() {
    Optional<String> constant = input();
    if (constant.isPresent()) {
      return TargetInput.constant(constant.get());
    }
    Optional<String> path = inputPath();
    if (path.isPresent()) {
      return TargetInput.path(path.get());
    }
    Optional<InputTransformer> transformer = inputTransformer();
    if (transformer.isPresent()) {
      return TargetInput.transformer(
          transformer.get().inputPathsMap(), transformer.get().inputTemplate());
    }
    return TargetInput.whole();
  }

  /**
   * The {@code RetryPolicy}; a member left out takes EventBridge's default (185 attempts, 24 h),
   * and no policy at all is {@link RetryPolicy#DEFAULT}. Ranges were checked at PutTargets.
   */
  public RetryPolicy retryPolicy() {
    JsonNode node = json.get("RetryPolicy");
    if (node == null || !node.isObject()) {
      return RetryPolicy.DEFAULT;
    }
    int attempts =
        node.has("MaximumRetryAttempts")
            ? node.get("MaximumRetryAttempts").asInt()
            : RetryPolicy.DEFAULT.maximumRetryAttempts();
    Duration age =
        node.has("MaximumEventAgeInSeconds")
            ? Duration.ofSeconds(node.get("MaximumEventAgeInSeconds").asLong())
            : RetryPolicy.DEFAULT.maximumEventAge();
    return new RetryPolicy(attempts, age);
  }

  /** The queue ARN of {@code DeadLetterConfig}, if given. */
  public Optional<String> deadLetterArn() {
    return text(json.path("DeadLetterConfig"), "Arn");
  }

  /** {@code SqsParameters.MessageGroupId} (FIFO queues), if given. */
  public Optional<String> messageGroupId() {
    return text(json.path("SqsParameters"), "MessageGroupId");
  }

  /** {@code HttpParameters} (path parameters, headers, query string), if given. */
  public Optional<JsonNode> httpParameters() {
    JsonNode node = json.get("HttpParameters");
    return node == null || !node.isObject() ? Optional.empty() : Optional.of(node.deepCopy());
  }

  private static Optional<String> text(JsonNode node, String member) {
    JsonNode value = node.get(member);
    return value == null || !value.isTextual() ? Optional.empty() : Optional.of(value.asText());
  }
}
