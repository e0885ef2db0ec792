package dev.docket.delivery;

import java.util.List;

/**
 * Invokes targets for deliveries: bounded concurrency per target, retries with exponential backoff
 * and jitter, retryable failures parked durably (as {@code delivery} timers) between attempts, and
 * exhausted or non-retryable deliveries handed to the dead-letter queue with EventBridge's
 * attributes, or dropped and counted when there is none. Thread-safe.
 *
 * <p>TODO(delivery helper): implement; this skeleton fixes the entry points others code against.
 */
public final class DeliveryEngine implements AutoCloseable {

  /**
   * Delivers each request once now and returns when every one of them has either succeeded, been
   * durably parked for a retry, been dead-lettered, or been dropped. A caller that advances a
   * cursor after this returns never loses a delivery.
   */
  public void deliverAll(List<DeliveryRequest> requests) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Starts the loop that retries parked deliveries when due (resumes those parked before). */
  public void start() {}

  /** Stops the retry loop; parked deliveries stay parked. */
  @Override
  public void close() {}
}
