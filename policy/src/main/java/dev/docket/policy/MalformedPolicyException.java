package dev.docket.policy;

/**
 * A policy document that is not a valid resource-based policy. The message is the reason, in IAM's
 * words where IAM's {@code MalformedPolicyDocument} text is known (see {@link Reasons}) and a short
 * sentence quoting the bad value otherwise. Services map the exception to their own AWS error (SQS
 * {@code InvalidAttributeValue}, EventBridge {@code MalformedPolicyDocumentException}, ...).
 */
public final class MalformedPolicyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with the reason the document was refused. */
  public MalformedPolicyException(String reason) {
    super(reason);
  }

  /** The reason the document was refused; the same as {@link #getMessage()}. */
  public String reason() {
    return getMessage();
  }
}
