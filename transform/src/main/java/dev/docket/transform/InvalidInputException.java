package dev.docket.transform;

import java.util.Objects;

/**
 * A target input EventBridge would refuse at PutTargets.
 *
 * <p>EventBridge names the target in its messages ({@code InputTemplate for target t1 contains
 * invalid placeholder x.}), but the factories of {@link TargetInput} do not know the target's id.
 * So the exception keeps the message in two parts around the target: {@link #messageFor(String)}
 * gives the message to answer PutTargets with; {@link #getMessage()} the same without the target
 * (for logs and callers that have no target). Which messages are AWS's verbatim and which are
 * Docket's own is listed in {@code transform/README.md}.
 */
public final class InvalidInputException extends RuntimeException {

  private final String subject;
  private final String problem;

  /** Creates the exception with a complete message that names no target. */
  public InvalidInputException(String message) {
    super(Objects.requireNonNull(message, "message"));
    this.subject = null;
    this.problem = null;
  }

  /**
   * Creates the exception for a message of the form {@code <subject> for target <id> <problem>}; a
   * problem that starts with a period follows the target id directly.
   */
  InvalidInputException(String subject, String problem) {
    super(join(subject, null, problem));
    this.subject = subject;
    this.problem = problem;
  }

  /**
   * AWS's {@code ValidationException} message when PutTargets gives more than one of {@code Input},
   * {@code InputPath} and {@code InputTransformer}: {@code Only one of Input, InputPath, or
   * InputTransformer must be provided for target <id>.} (AWS's text, recorded).
   */
  public static InvalidInputException onlyOneOf() {
    return new InvalidInputException(
        "Only one of Input, InputPath, or InputTransformer must be provided", ".");
  }

  /** The message naming the target, as EventBridge answers PutTargets. */
  public String messageFor(String targetId) {
    if (subject == null) {
      return getMessage();
    }
    return join(subject, Objects.requireNonNull(targetId, "targetId"), problem);
  }

  private static String join(String subject, String targetId, String problem) {
    StringBuilder out = new StringBuilder(subject);
    if (targetId != null) {
      out.append(" for target ").append(targetId);
    }
    if (!problem.startsWith(".")) {
      out.append(' ');
    }
    return out.append(problem).toString();
  }
}
