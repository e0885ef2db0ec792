package dev.docket.transform;

import java.time.Instant;
import java.util.Objects;

/**
 * What the {@code <aws.events.*>} predefined variables of an input template resolve to.
 *
 * @param ruleArn {@code <aws.events.rule-arn>}
 * @param ruleName {@code <aws.events.rule-name>}
 * @param ingestionTime {@code <aws.events.event.ingestion-time>}, rendered ISO 8601 to the second
 */
public record TransformContext(String ruleArn, String ruleName, Instant ingestionTime) {

  /** Checks required components. */
  public TransformContext {
    Objects.requireNonNull(ruleArn, "ruleArn");
    Objects.requireNonNull(ruleName, "ruleName");
    Objects.requireNonNull(ingestionTime, "ingestionTime");
  }
}
