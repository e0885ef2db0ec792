package dev.docket.queues;

import dev.docket.model.ServiceException;

/** Builds the SQS exceptions whose message text follows a fixed AWS pattern. Stateless. */
final class Failures {

  private Failures() {}

  /** {@code InvalidParameterValue}: "Value X for parameter P is invalid. Reason: R." */
  static ServiceException invalidParameter(String parameter, Object value, String reason) {
    return new ServiceException(
        SqsError.INVALID_PARAMETER_VALUE,
        "Value " + value + " for parameter " + parameter + " is invalid. Reason: " + reason + ".");
  }

  /** {@code InvalidParameterValue} with a free-form message. */
  static ServiceException invalidParameter(String message) {
    return new ServiceException(SqsError.INVALID_PARAMETER_VALUE, message);
  }

  /** {@code MissingParameter}: "The request must contain the parameter P." */
  static ServiceException missingParameter(String parameter) {
    return new ServiceException(
        SqsError.MISSING_PARAMETER, "The request must contain the parameter " + parameter + ".");
  }

  /**
   * {@code QueueDoesNotExist} with AWS's fixed text, which names no queue (the awsQuery protocol
   * words it "…for this wsdl version.", see {@link SqsError#queryMessage}).
   */
  static ServiceException queueDoesNotExist() {
    return new ServiceException(SqsError.QUEUE_DOES_NOT_EXIST);
  }

  /** {@code InvalidAttributeName}: "Unknown Attribute N." */
  static ServiceException unknownAttribute(String name) {
    return new ServiceException(SqsError.INVALID_ATTRIBUTE_NAME, "Unknown Attribute " + name + ".");
  }

  /** {@code InvalidAttributeValue}: "Invalid value for the parameter N. Reason: R." */
  static ServiceException invalidAttribute(String name, String reason) {
    return new ServiceException(
        SqsError.INVALID_ATTRIBUTE_VALUE,
        "Invalid value for the parameter " + name + ". Reason: " + reason + ".");
  }

  /**
   * {@code InvalidAttributeValue} for a {@code Policy} that is not a valid queue policy: AWS's
   * fixed text, which gives no reason.
   */
  static ServiceException invalidPolicy() {
    return new ServiceException(
        SqsError.INVALID_ATTRIBUTE_VALUE, "Invalid value for the parameter Policy.");
  }

  /**
   * {@code InvalidParameterValue} for an action SQS does not know, in a policy or AddPermission:
   * "Value A for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for
   * a list of valid actions." (AWS's text).
   */
  static ServiceException invalidAction(String action) {
    return invalidParameter(
        "ActionName", action, "Please refer to the appropriate WSDL for a list of valid actions");
  }

  /**
   * {@code AccessDenied} (HTTP 403) with AWS's text, which names the regional endpoint rather than
   * the queue: "Access to the resource https://sqs.us-east-1.amazonaws.com/ is denied."
   */
  static ServiceException accessDenied(String region) {
    return new ServiceException(
        SqsError.ACCESS_DENIED,
        "Access to the resource https://sqs." + region + ".amazonaws.com/ is denied.");
  }
}
