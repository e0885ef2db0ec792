package dev.docket.queues;

import dev.docket.model.ErrorCode;

/**
 * The SQS error table: each constant is an error shape of the SQS model (or one of the non-modelled
 * errors SQS reports, such as {@code InvalidParameterValueException}) with the code the awsQuery
 * protocol and {@code x-amzn-query-error} report for it, and its HTTP status. Over awsJson the
 * {@code __type} carries SQS's namespace prefix {@code com.amazonaws.sqs#}, as AWS sends it. Every
 * SQS error is the caller's fault. {@code docs/errors.md} lists the messages and which are AWS's
 * own text. Immutable and thread-safe.
 */
public enum SqsError implements ErrorCode {
  /** The queue named by a URL or name does not exist. */
  QUEUE_DOES_NOT_EXIST(
      "QueueDoesNotExist",
      "AWS.SimpleQueueService.NonExistentQueue",
      400,
      "The specified queue does not exist.") {
    @Override
    public String queryMessage(String message) {
      // AWS's awsQuery endpoint words this one message differently.
      return message.equals(defaultMessage())
          ? "The specified queue does not exist for this wsdl version."
          : message;
    }
  },
  /** A queue of that name exists with different attribute values. */
  QUEUE_NAME_EXISTS(
      "QueueNameExists",
      "QueueAlreadyExists",
      400,
      "A queue already exists with the same name and a different value for an attribute."),
  /** A receipt handle could not be decoded or belongs to another queue. */
  RECEIPT_HANDLE_IS_INVALID(
      "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 400, "The receipt handle is not valid."),
  /** Two entries of a batch share an id. */
  BATCH_ENTRY_IDS_NOT_DISTINCT(
      "BatchEntryIdsNotDistinct",
      "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
      400,
      "Two or more batch entries in the request have the same Id."),
  /** A batch has no entries. */
  EMPTY_BATCH_REQUEST(
      "EmptyBatchRequest",
      "AWS.SimpleQueueService.EmptyBatchRequest",
      400,
      "The batch request doesn't contain any entries."),
  /** A batch has more than ten entries. */
  TOO_MANY_ENTRIES_IN_BATCH_REQUEST(
      "TooManyEntriesInBatchRequest",
      "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
      400,
      "The batch request contains more entries than permissible."),
  /** The messages of a batch together exceed SQS's batch limit. */
  BATCH_REQUEST_TOO_LONG(
      "BatchRequestTooLong",
      "AWS.SimpleQueueService.BatchRequestTooLong",
      400,
      "The length of all the messages put together is more than the limit."),
  /** A batch entry id is not 1 to 80 of {@code [A-Za-z0-9_-]}. */
  INVALID_BATCH_ENTRY_ID(
      "InvalidBatchEntryId",
      "AWS.SimpleQueueService.InvalidBatchEntryId",
      400,
      "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It"
          + " can be at most 80 letters long."),
  /** An unknown queue attribute name. */
  INVALID_ATTRIBUTE_NAME(
      "InvalidAttributeName",
      "InvalidAttributeName",
      400,
      "The specified attribute doesn't exist."),
  /** A queue attribute value out of range or malformed. */
  INVALID_ATTRIBUTE_VALUE(
      "InvalidAttributeValue", "InvalidAttributeValue", 400, "A queue attribute value is invalid."),
  /** A message body or attribute holds characters outside what SQS allows. */
  INVALID_MESSAGE_CONTENTS(
      "InvalidMessageContents",
      "InvalidMessageContents",
      400,
      "The message contains characters outside the allowed set."),
  /** The message is not in flight, so its visibility cannot change. */
  MESSAGE_NOT_INFLIGHT(
      "MessageNotInflight",
      "AWS.SimpleQueueService.MessageNotInflight",
      400,
      "The specified message isn't in flight."),
  /** The queue was purged less than 60 seconds ago (AWS answers 403). */
  PURGE_QUEUE_IN_PROGRESS(
      "PurgeQueueInProgress",
      "AWS.SimpleQueueService.PurgeQueueInProgress",
      403,
      "Only one PurgeQueue operation on a queue is allowed every 60 seconds."),
  /** A limit (in-flight messages, permissions) was reached. */
  OVER_LIMIT("OverLimit", "OverLimit", 403, "The specified action violates a limit."),
  /**
   * The caller may not perform the action on the queue: another account without an {@code Allow} in
   * the queue's policy, or anyone an explicit {@code Deny} names (HTTP 403). Over awsJson AWS's
   * {@code __type} is its request framework's {@code
   * com.amazon.coral.service#AccessDeniedException} (not in the SQS namespace); the awsQuery code
   * and {@code x-amzn-query-error} say {@code AccessDenied}, which is what the SDKs report.
   */
  ACCESS_DENIED("AccessDeniedException", "AccessDenied", 403, "Access to the resource is denied.") {
    @Override
    public String jsonType() {
      return "com.amazon.coral.service#AccessDeniedException";
    }
  },
  /** A move task, its source queue or its destination queue does not exist (AWS answers 404). */
  RESOURCE_NOT_FOUND(
      "ResourceNotFoundException",
      "ResourceNotFoundException",
      404,
      "One or more specified resources don't exist."),
  /** The operation or parameter is not supported. */
  UNSUPPORTED_OPERATION(
      "UnsupportedOperation",
      "AWS.SimpleQueueService.UnsupportedOperation",
      400,
      "Error code 400. Unsupported operation."),
  /** The queue URL is not a URL of this endpoint. */
  INVALID_ADDRESS("InvalidAddress", "InvalidAddress", 400, "The specified ID is invalid."),
  /**
   * A parameter value is invalid. Not a modelled shape: AWS's {@code __type} is {@code
   * InvalidParameterValueException}, its query code {@code InvalidParameterValue}.
   */
  INVALID_PARAMETER_VALUE(
      "InvalidParameterValueException",
      "InvalidParameterValue",
      400,
      "One or more parameters are invalid."),
  /**
   * A required parameter is missing. Not a modelled shape: AWS's {@code __type} is {@code
   * MissingRequiredParameterException}, its query code {@code MissingParameter}.
   */
  MISSING_PARAMETER(
      "MissingRequiredParameterException",
      "MissingParameter",
      400,
      "A required parameter is missing.");

  /** The namespace AWS prefixes SQS's awsJson {@code __type} with. */
  static final String JSON_TYPE_PREFIX = "com.amazonaws.sqs#";

  private final String type;
  private final String queryCode;
  private final int httpStatus;
  private final String defaultMessage;

  SqsError(String type, String queryCode, int httpStatus, String defaultMessage) {
    this.type = type;
    this.queryCode = queryCode;
    this.httpStatus = httpStatus;
    this.defaultMessage = defaultMessage;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String jsonType() {
    return JSON_TYPE_PREFIX + type;
  }

  @Override
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public String queryCode() {
    return queryCode;
  }

  @Override
  public String defaultMessage() {
    return defaultMessage;
  }
}
