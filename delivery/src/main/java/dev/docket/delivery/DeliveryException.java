package dev.docket.delivery;

/**
 * A delivery could not be brought to an end (delivered, durably parked, dead-lettered or dropped):
 * the store failed, the engine was closed, or the caller was interrupted. The caller must not treat
 * the deliveries as done (a router does not advance its cursor).
 */
public final class DeliveryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public DeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
