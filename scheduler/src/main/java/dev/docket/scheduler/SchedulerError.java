package dev.docket.scheduler;

import dev.docket.model.ErrorCode;

/**
 * EventBridge Scheduler's error table: the error shapes of its model with their HTTP statuses (the
 * wire layer takes the status from the model's {@code error.httpStatusCode}; these agree with it).
 * The messages at the call sites say which are AWS's text (recorded against AWS or documented) and
 * which are Docket's own, in AWS's style.
 */
public enum SchedulerError implements ErrorCode {
  /** A member is malformed or out of range; a schedule expression is invalid. */
  VALIDATION("ValidationException", 400, "The request failed validation."),
  /** A schedule or schedule group of that name exists already, or changed concurrently. */
  CONFLICT("ConflictException", 409, "The resource is in a conflicting state."),
  /** A schedule or schedule group does not exist. */
  RESOURCE_NOT_FOUND("ResourceNotFoundException", 404, "The resource does not exist."),
  /** A quota was reached (schedule groups per account). */
  SERVICE_QUOTA_EXCEEDED(
      "ServiceQuotaExceededException", 402, "The request exceeds a service quota."),
  /** Anything unexpected. */
  INTERNAL_SERVER("InternalServerException", 500, "Unexpected error encountered.");

  private final String type;
  private final int httpStatus;
  private final String defaultMessage;

  SchedulerError(String type, int httpStatus, String defaultMessage) {
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
