package dev.docket.patterns;

/** A pattern EventBridge would refuse; the message is the one EventBridge gives. */
public final class InvalidEventPatternException extends RuntimeException {

  /** Creates the exception with EventBridge's message. */
  public InvalidEventPatternException(String message) {
    super(message);
  }
}
