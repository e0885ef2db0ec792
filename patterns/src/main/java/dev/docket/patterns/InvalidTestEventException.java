package dev.docket.patterns;

/**
 * A TestEventPattern event that AWS refuses, with AWS's message ({@code "Parameter Event is not
 * valid."}). EventBridge answers it as a {@code ValidationException} (HTTP 400), not as an
 * InvalidEventPatternException: it is the event, not the pattern, that is wrong.
 */
public final class InvalidTestEventException extends RuntimeException {

  /** Creates the exception with AWS's message. */
  public InvalidTestEventException(String message) {
    super(message);
  }
}
