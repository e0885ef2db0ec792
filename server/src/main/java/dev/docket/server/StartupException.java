package dev.docket.server;

/**
 * The server could not start: the store did not open, the port was taken, a service failed to
 * initialise. Whatever had been opened before the failure has been closed again.
 */
public class StartupException extends RuntimeException {

  /** Creates an exception with the failure that stopped the start. */
  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
