package dev.docket.transform;

/** A target input EventBridge would refuse at PutTargets; the message is EventBridge's. */
public final class InvalidInputException extends RuntimeException {

  /** Creates the exception with EventBridge's message. */
  public InvalidInputException(String message) {
    super(message);
  }
}
