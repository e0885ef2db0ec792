package dev.docket.patterns;

/**
 * A pattern EventBridge would refuse. The message is the one EventBridge gives (the first line of
 * it: EventBridge appends Jackson's {@code " at [Source: ...]"} location on further lines, which
 * Docket leaves out), always starting with {@code "Event pattern is not valid. Reason: "}. Which
 * reasons are AWS's word for word and which are Docket's is listed in {@link PatternMessages}.
 */
public final class InvalidEventPatternException extends RuntimeException {

  /** Creates the exception with EventBridge's message. */
  public InvalidEventPatternException(String message) {
    super(message);
  }

  /** Creates the exception with EventBridge's message for {@code reason}. */
  static InvalidEventPatternException because(String reason) {
    return new InvalidEventPatternException(PatternMessages.PREFIX + reason);
  }
}
