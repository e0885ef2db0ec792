package dev.docket.store;

import dev.docket.model.Unavailable;

/**
 * The store's database cannot be reached for now: the connection was lost, refused or timed out, or
 * the database is shutting down or starting up. Unlike other {@link StoreException}s the same call
 * is expected to succeed once the database is back, with no restart, so requests that fail with it
 * are answered {@code ServiceUnavailable} (503, retried by the AWS SDKs) rather than {@code
 * InternalFailure}, and background work retries it with backoff.
 *
 * <p>A write that fails with it may or may not have committed (the connection can drop while the
 * commit is on its way): callers treat it as they treat any failed write, at least once.
 */
public class StoreUnavailableException extends StoreException implements Unavailable {

  /** Creates an exception with the database failure that caused it. */
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
