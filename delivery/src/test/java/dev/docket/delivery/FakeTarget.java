package dev.docket.delivery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-memory target that fails its first {@code failures} attempts (retryably or not) and then
 * succeeds, recording every delivery it was handed. Thread-safe.
 */
final class FakeTarget implements Target {

  private final int failures;
  private final boolean retryable;
  private final AtomicInteger attempts = new AtomicInteger();
  private final List<Delivery> received = new CopyOnWriteArrayList<>();
  private volatile Consumer<Delivery> onAttempt = d -> {};

  private FakeTarget(int failures, boolean retryable) {
    this.failures = failures;
    this.retryable = retryable;
  }

  static FakeTarget succeeding() {
    return new FakeTarget(0, true);
  }

  static FakeTarget failingRetryably(int times) {
    return new FakeTarget(times, true);
  }

  static FakeTarget failingAlways() {
    return new FakeTarget(Integer.MAX_VALUE, true);
  }

  static FakeTarget refusing() {
    return new FakeTarget(Integer.MAX_VALUE, false);
  }

  /** Runs {@code hook} inside each attempt, before it answers. */
  FakeTarget onAttempt(Consumer<Delivery> hook) {
    this.onAttempt = hook;
    return this;
  }

  @Override
  public Outcome deliver(Delivery delivery) {
    onAttempt.accept(delivery);
    int attempt = attempts.incrementAndGet();
    if (attempt <= failures) {
      return new Outcome.Failed(
          retryable ? "THROTTLING" : "NO_PERMISSIONS", "attempt " + attempt + " failed", retryable);
    }
    received.add(delivery);
    return Outcome.SUCCEEDED;
  }

  int attempts() {
    return attempts.get();
  }

  /** The deliveries it accepted. */
  List<Delivery> received() {
    return List.copyOf(received);
  }
}
