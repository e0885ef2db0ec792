package dev.docket.delivery;

/**
 * The message attributes EventBridge puts on a dead letter, and the values of {@link
 * #EXHAUSTED_RETRY_CONDITION}, as the EventBridge User Guide names them ("Using dead-letter queues
 * to process undelivered events"). Each is a String attribute.
 */
public final class DeadLetterAttributes {

  /** The rule (or schedule, pipe) whose target failed. */
  public static final String RULE_ARN = "RULE_ARN";

  /** The ARN of the target that failed. */
  public static final String TARGET_ARN = "TARGET_ARN";

  /** The error of the last attempt, e.g. {@code NO_RESOURCE}, {@code THROTTLING}. */
  public static final String ERROR_CODE = "ERROR_CODE";

  /** The message of the last attempt's error. */
  public static final String ERROR_MESSAGE = "ERROR_MESSAGE";

  /** Which retry limit ended the delivery; absent when the error was not retryable. */
  public static final String EXHAUSTED_RETRY_CONDITION = "EXHAUSTED_RETRY_CONDITION";

  /** How many retries were made after the first attempt. */
  public static final String RETRY_ATTEMPTS = "RETRY_ATTEMPTS";

  /** {@link #EXHAUSTED_RETRY_CONDITION} when the retry policy's attempts ran out. */
  public static final String MAXIMUM_RETRY_ATTEMPTS = "MaximumRetryAttempts";

  /** {@link #EXHAUSTED_RETRY_CONDITION} when the retry policy's event age ran out. */
  public static final String MAXIMUM_EVENT_AGE = "MaximumEventAgeInSeconds";

  /** EventBridge's code for a target whose resource does not exist (or no provider serves). */
  public static final String NO_RESOURCE = "NO_RESOURCE";

  /** EventBridge's code for an unexpected failure inside the service. */
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private DeadLetterAttributes() {}
}
