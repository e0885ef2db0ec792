package dev.docket.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.transform.InvalidInputException;
import java.util.regex.Pattern;

/**
 * What PutTargets checks of each target beyond the model's constraints, with EventBridge's messages
 * where known. Stateless and thread-safe.
 */
final class TargetChecks {

  private static final Pattern SQS_ARN =
      Pattern.compile("arn:aws[a-z-]*:sqs:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,80}(\\.fifo)?");

  private TargetChecks() {}

  /**
   * Checks one target and returns it as stored.
   *
   * @throws dev.docket.model.ServiceException {@code ValidationException} naming what is wrong
   */
  static RuleTarget check(JsonNode json) {
    RuleTarget target = new RuleTarget((ObjectNode) json);
    int inputs =
        (json.has("Input") ? 1 : 0)
            + (json.has("InputPath") ? 1 : 0)
            + (json.has("InputTransformer") ? 1 : 0);
    if (inputs > 1) {
      throw Failures.validation(InvalidInputException.onlyOneOf().messageFor(target.id()));
    }
    try {
      target.targetInput();
    } catch (InvalidInputException e) {
      // AWS's text where the transform module knows it (see transform/README.md)
      throw Failures.validation(e.messageFor(target.id()));
    }
    try {
      target.retryPolicy();
    } catch (IllegalArgumentException e) {
      throw Failures.validation(e.getMessage());
    }
    target.deadLetterArn().ifPresent(TargetChecks::checkDeadLetterArn);
    if (SQS_ARN.matcher(target.arn()).matches()
        && target.arn().endsWith(".fifo")
        && target.messageGroupId().isEmpty()) {
      // AWS's message
      throw Failures.validation(
          "Parameter(s) SqsParameters must be specified for target: " + target.id() + ".");
    }
    return target;
  }

  /** Checks that a {@code DeadLetterConfig.Arn} is an SQS queue ARN (ours: AWS's text unknown). */
  static void checkDeadLetterArn(String arn) {
    if (!SQS_ARN.matcher(arn).matches()) {
      throw Failures.validation(
          "DeadLetterConfig.Arn must be the ARN of an SQS queue, but was '" + arn + "'");
    }
  }
}
