package dev.docket.model;

import java.util.Map;
import java.util.Objects;

/**
 * An expected failure of a request, reported to the client as the AWS error {@link #code()}.
 *
 * <p>Services throw it; only the wire layer catches it and writes the error response. {@link
 * #members()} carries modelled members of the error shape beyond {@code message} (for example
 * {@code ResourceNotFoundException.ResourceName}); they are written as-is into the error body.
 */
public class ServiceException extends RuntimeException {

  private final ErrorCode code;
  private final Map<String, String> members;

  /** Creates an exception with the code's default message. */
  public ServiceException(ErrorCode code) {
    this(code, code.defaultMessage());
  }

  /** Creates an exception whose message should quote the offending value. */
  public ServiceException(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  /** Creates an exception with extra modelled members of the error shape. */
  public ServiceException(ErrorCode code, String message, Map<String, String> members) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.members = Map.copyOf(members);
  }

  /** The error shape this failure is reported as. */
  public ErrorCode code() {
    return code;
  }

  /** Extra members of the error shape, beyond the message. */
  public Map<String, String> members() {
    return members;
  }
}
