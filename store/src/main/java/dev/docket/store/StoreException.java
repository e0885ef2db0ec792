package dev.docket.store;

/** Storage failed in a way the caller cannot correct (I/O error, corrupt file, closed store). */
public class StoreException extends RuntimeException {

  /** Creates an exception with a cause. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception without a cause. */
  public StoreException(String message) {
    super(message);
  }
}
