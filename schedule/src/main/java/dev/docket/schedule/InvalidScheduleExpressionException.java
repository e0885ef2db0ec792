package dev.docket.schedule;

/**
 * A schedule expression that is not a valid {@code rate(...)}, {@code cron(...)} or {@code at(...)}
 * expression. The message names the problem in a few words; callers map the exception to their own
 * AWS error (EventBridge {@code PutRule} answers {@code ValidationException} "Parameter
 * ScheduleExpression is not valid.").
 */
public final class InvalidScheduleExpressionException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a short message naming the problem. */
  public InvalidScheduleExpressionException(String message) {
    super(message);
  }
}
