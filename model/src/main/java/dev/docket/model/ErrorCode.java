package dev.docket.model;

/**
 * One row of a service's error table: the AWS error shape a failure is reported as.
 *
 * <p>Each service declares an enum implementing this interface (see {@code SqsError}); the wire
 * layer alone turns a {@link ServiceException} carrying one into a response. Implementations are
 * immutable constants and thread-safe.
 */
public interface ErrorCode {

  /** The modelled error shape name, sent as {@code __type} and {@code X-Amzn-ErrorType}. */
  String type();

  /**
   * The {@code __type} of an awsJson error body: {@link #type()} by default; a service whose AWS
   * endpoint prefixes it with the model's namespace (SQS: {@code
   * com.amazonaws.sqs#QueueDoesNotExist}) overrides this. The AWS SDKs strip the prefix; {@code
   * X-Amzn-ErrorType} keeps the bare type.
   */
  default String jsonType() {
    return type();
  }

  /**
   * The message an awsQuery error carries for a failure whose awsJson message is {@code message}.
   * The same text by default; SQS's missing-queue error, for one, words it differently per
   * protocol.
   */
  default String queryMessage(String message) {
    return message;
  }

  /** The HTTP status code the AWS model gives this error. */
  int httpStatus();

  /**
   * The code an awsQuery-compatible service reports for this error (the {@code <Code>} of the XML
   * error and the first half of {@code x-amzn-query-error}); for SQS, for example, {@code
   * AWS.SimpleQueueService.NonExistentQueue}. Defaults to {@link #type()}.
   */
  default String queryCode() {
    return type();
  }

  /** Whether the caller is at fault ({@code Sender}) rather than the service ({@code Receiver}). */
  default boolean senderFault() {
    return httpStatus() < 500;
  }

  /** Whether a client may retry the same request and expect it to succeed later. */
  default boolean retryable() {
    return httpStatus() >= 500 || httpStatus() == 429;
  }

  /** The message used when none more specific is given. */
  String defaultMessage();
}
