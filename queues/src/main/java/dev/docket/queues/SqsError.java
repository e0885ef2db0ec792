package dev.docket.queues;

import dev.docket.model.ErrorCode;

/**
 * The SQS error table: each constant is an error shape of the SQS model (or one of the non-modelled
 * codes SQS reports, such as {@code InvalidParameterValue}) with the code the awsQuery protocol
 * reports for it. Every SQS error is the caller's fault and has status 400. Immutable and
 * thread-safe.
 */
public enum SqsError implements ErrorCode {
  /** The queue named by a URL or name does not exist. */
  QUEUE_DOES_NOT_EXIST(
      "QueueDoesNotExist",
      "AWS.SimpleQueueService.NonExistentQueue",
      "The specified queue does not exist."),
  /** A queue of that name exists with different attribute values. */
  QUEUE_NAME_EXISTS(
      "QueueNameExists",
      "QueueAlreadyExists",
      "A queue already exists with the same name and a different value for an attribute."),
  /** A receipt handle could not be decoded or belongs to another queue. */
  RECEIPT_HANDLE_IS_INVALID(
      "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", "The receipt handle is not valid."),
  /** Two entries of a batch share an id. */
  BATCH_ENTRY_IDS_NOT_DISTINCT(
      "BatchEntryIdsNotDistinct",
      "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
      "Two or more batch entries in the request have the same Id."),
  /** A batch has no entries. */
  EMPTY_BATCH_REQUEST(
      "EmptyBatchRequest",
      "AWS.SimpleQueueService.EmptyBatchRequest",
      "The batch request doesn't contain any entries."),
  /** A batch has more than ten entries. */
  TOO_MANY_ENTRIES_IN_BATCH_REQUEST(
      "TooManyEntriesInBatchRequest",
      "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
      "The batch request contains more entries than permissible."),
  /** The messages of a batch together exceed the queue's maximum message size. */
  BATCH_REQUEST_TOO_LONG(
      "BatchRequestTooLong",
      "AWS.SimpleQueueService.BatchRequestTooLong",
      "The length of all the messages put together is more than the limit."),
  /** A batch entry id is not 1 to 80 of {@code [A-Za-z0-9_-]}. */
  INVALID_BATCH_ENTRY_ID(
      "InvalidBatchEntryId",
      "AWS.SimpleQueueService.InvalidBatchEntryId",
      "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It"
          + " can be at most 80 letters long."),
  /** An unknown queue attribute name. */
  INVALID_ATTRIBUTE_NAME(
      "InvalidAttributeName", "InvalidAttributeName", "The specified attribute doesn't exist."),
  /** A queue attribute value out of range or malformed. */
  INVALID_ATTRIBUTE_VALUE(
      "InvalidAttributeValue", "InvalidAttributeValue", "A queue attribute value is invalid."),
  /** A message body or attribute holds characters outside what SQS allows. */
  INVALID_MESSAGE_CONTENTS(
      "InvalidMessageContents",
      "InvalidMessageContents",
      "The message contains characters outside the allowed set."),
  /** The message is not in flight, so its visibility cannot change. */
  MESSAGE_NOT_INFLIGHT(
      "MessageNotInflight",
      "AWS.SimpleQueueService.MessageNotInflight",
      "The specified message isn't in flight."),
  /** The queue was purged less than 60 seconds ago. */
  PURGE_QUEUE_IN_PROGRESS(
      "PurgeQueueInProgress",
      "AWS.SimpleQueueService.PurgeQueueInProgress",
      "Only one PurgeQueue operation on a queue is allowed every 60 seconds."),
  /** A limit (in-flight messages, permissions) was reached. */
  OVER_LIMIT("OverLimit", "OverLimit", "The specified action violates a limit."),
  /** A move task or its source queue does not exist. */
  RESOURCE_NOT_FOUND(
      "ResourceNotFoundException",
      "ResourceNotFoundException",
      "One or more specified resources don't exist."),
  /** The operation or parameter is not supported. */
  UNSUPPORTED_OPERATION(
      "UnsupportedOperation",
      "AWS.SimpleQueueService.UnsupportedOperation",
      "Error code 400. Unsupported operation."),
  /** The queue URL is not a URL of this endpoint. */
  INVALID_ADDRESS("InvalidAddress", "InvalidAddress", "The specified ID is invalid."),
  /** A parameter value is invalid (not modelled; SQS reports it for most validation). */
  INVALID_PARAMETER_VALUE(
      "InvalidParameterValue", "InvalidParameterValue", "One or more parameters are invalid."),
  /** A required parameter is missing (not modelled). */
  MISSING_PARAMETER("MissingParameter", "MissingParameter", "A required parameter is missing.");

  private final String type;
  private final String queryCode;
  private final String defaultMessage;

  SqsError(String type, String queryCode, String defaultMessage) {
    this.type = type;
    this.queryCode = queryCode;
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
  public String queryCode() {
    return queryCode;
  }

  @Override
  public String defaultMessage() {
    return defaultMessage;
  }
}
