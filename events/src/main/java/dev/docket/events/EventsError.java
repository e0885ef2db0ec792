package dev.docket.events;

import dev.docket.model.ErrorCode;

/**
 * EventBridge's error table: the {@code __type}, HTTP status and default message of every error the
 * events service reports. Messages marked AWS's are EventBridge's own text, sent word for word;
 * where a call site has no AWS text it passes its own short message quoting the bad value.
 */
public enum EventsError implements ErrorCode {
  /** A named bus, rule, connection, API destination or target does not exist. */
  RESOURCE_NOT_FOUND("ResourceNotFoundException", 400, "The resource does not exist."),
  /** A resource of that name exists already. */
  RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException", 400, "The resource already exists."),
  /** A request member is out of range or malformed (AWS's generic validation error). */
  VALIDATION("ValidationException", 400, "The request failed validation."),
  /** An event pattern EventBridge refuses. */
  INVALID_EVENT_PATTERN("InvalidEventPatternException", 400, "Event pattern is not valid."),
  /** A quota was reached (targets per rule, rules per bus, ...). */
  LIMIT_EXCEEDED("LimitExceededException", 400, "The request exceeded a limit."),
  /** Two writers changed the same resource at once; the caller may retry. */
  CONCURRENT_MODIFICATION(
      "ConcurrentModificationException", 400, "There is concurrent modification on a resource."),
  /** The resource is not in a state that allows the operation. */
  ILLEGAL_STATUS("IllegalStatusException", 400, "The resource is not in a valid state."),
  /** The resource is not in a state that allows the operation. */
  INVALID_STATE("InvalidStateException", 400, "The specified state is not a valid state."),
  /** The rule is managed by another service. */
  MANAGED_RULE("ManagedRuleException", 400, "This rule is managed by an AWS service."),
  /** The operation is disabled. */
  OPERATION_DISABLED("OperationDisabledException", 400, "The operation is disabled."),
  /**
   * The caller may not act on the resource: a bus, rule or target of another account (IAM's message
   * form, {@code User: <arn> is not authorized to perform: <action> on resource: ...}).
   */
  ACCESS_DENIED("AccessDeniedException", 400, "Access denied."),
  /** A bus policy longer than EventBridge's 10 KB quota. */
  POLICY_LENGTH_EXCEEDED(
      "PolicyLengthExceededException",
      400,
      "The event bus policy is too long: it must be at most 10240 bytes."),
  /** An operation of the model that Docket does not serve (yet). */
  UNSUPPORTED_OPERATION("UnsupportedOperation", 400, "This operation is not supported by Docket."),
  /** Anything unexpected. */
  INTERNAL("InternalException", 500, "An internal error occurred.");

  private final String type;
  private final int httpStatus;
  private final String defaultMessage;

  EventsError(String type, int httpStatus, String defaultMessage) {
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
