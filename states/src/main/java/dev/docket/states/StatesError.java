package dev.docket.states;

import dev.docket.model.ErrorCode;

/**
 * Step Functions' error table: the {@code __type}, HTTP status and default message of every error
 * the states service reports. Step Functions' names often lack the {@code Exception} suffix.
 */
public enum StatesError implements ErrorCode {
  STATE_MACHINE_DOES_NOT_EXIST("StateMachineDoesNotExist", "State Machine Does Not Exist"),
  STATE_MACHINE_ALREADY_EXISTS("StateMachineAlreadyExists", "State Machine Already Exists"),
  STATE_MACHINE_DELETING("StateMachineDeleting", "State Machine is being deleted"),
  STATE_MACHINE_TYPE_NOT_SUPPORTED(
      "StateMachineTypeNotSupported",
      "This operation is not supported by this type of state machine"),
  EXECUTION_DOES_NOT_EXIST("ExecutionDoesNotExist", "Execution Does Not Exist"),
  EXECUTION_ALREADY_EXISTS("ExecutionAlreadyExists", "Execution Already Exists"),
  EXECUTION_NOT_REDRIVABLE("ExecutionNotRedrivable", "Execution is not redrivable"),
  ACTIVITY_DOES_NOT_EXIST("ActivityDoesNotExist", "Activity Does Not Exist"),
  ACTIVITY_ALREADY_EXISTS("ActivityAlreadyExists", "Activity Already Exists"),
  TASK_DOES_NOT_EXIST("TaskDoesNotExist", "Task Does Not Exist"),
  TASK_TIMED_OUT("TaskTimedOut", "Task Timed Out"),
  INVALID_TOKEN("InvalidToken", "Invalid Token"),
  INVALID_OUTPUT("InvalidOutput", "Invalid Output"),
  INVALID_ARN("InvalidArn", "Invalid Arn"),
  INVALID_NAME("InvalidName", "Invalid Name"),
  INVALID_DEFINITION("InvalidDefinition", "Invalid State Machine Definition"),
  INVALID_EXECUTION_INPUT("InvalidExecutionInput", "Invalid State Machine Execution Input"),
  RESOURCE_NOT_FOUND("ResourceNotFound", "Resource not found"),
  CONFLICT("ConflictException", "Conflict"),
  VALIDATION("ValidationException", "The request failed validation."),
  TOO_MANY_TAGS("TooManyTags", "Too many tags"),
  ACCESS_DENIED("AccessDeniedException", "Access denied"),
  UNSUPPORTED_OPERATION("UnsupportedOperation", "This operation is not supported by Docket.");

  private final String type;
  private final String defaultMessage;

  StatesError(String type, String defaultMessage) {
    this.type = type;
    this.defaultMessage = defaultMessage;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public int httpStatus() {
    return 400;
  }

  @Override
  public String defaultMessage() {
    return defaultMessage;
  }

  /** AWS's message form: {@code "<Default>: '<detail>'"}. */
  public String quoting(String detail) {
    return defaultMessage + ": '" + detail + "'";
  }
}
