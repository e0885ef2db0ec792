package dev.docket.policy;

import dev.docket.model.Principal;
import java.util.Objects;

/**
 * One request as a policy sees it.
 *
 * @param principal who makes the request
 * @param action the IAM action, {@code service:Operation} (e.g. {@code sqs:SendMessage}); matched
 *     case-insensitively
 * @param resourceArn the ARN of the resource the request acts on; matched case-sensitively
 * @param context the condition keys and their values
 */
public record Request(
    Principal principal, String action, String resourceArn, ConditionContext context) {

  /** Validates that no component is null. */
  public Request {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resourceArn, "resourceArn");
    Objects.requireNonNull(context, "context");
  }

  /** A request with no condition keys. */
  public Request(Principal principal, String action, String resourceArn) {
    this(principal, action, resourceArn, ConditionContext.empty());
  }
}
