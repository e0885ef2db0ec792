package dev.docket.sts;

import dev.docket.model.ErrorCode;

/**
 * The STS error table: the codes STS answers over awsQuery, with their HTTP status. {@code
 * AccessDenied}'s message ("User: … is not authorized to perform: sts:AssumeRole on resource: …")
 * and the validation messages ("1 validation error detected: …") are AWS's wording; the messages
 * for ARNs that are not role ARNs and for unsupported operations are Docket's. Immutable and
 * thread-safe.
 */
public enum StsError implements ErrorCode {
  /** The caller may not assume the role. */
  ACCESS_DENIED("AccessDenied", 403, "Access denied"),
  /** A parameter failed a constraint. */
  VALIDATION("ValidationError", 400, "The request failed validation."),
  /** A policy parameter was not a policy document. */
  MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocument", 400, "The policy document is malformed."),
  /** An STS operation Docket does not serve. */
  UNSUPPORTED_OPERATION("UnsupportedOperation", 400, "This operation is not supported by Docket.");

  private final String type;
  private final int httpStatus;
  private final String defaultMessage;

  StsError(String type, int httpStatus, String defaultMessage) {
    this.type = type;
    this.httpStatus = httpStatus;
    this.defaultMessage = defaultMessage;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public String defaultMessage() {
    return defaultMessage;
  }
}
