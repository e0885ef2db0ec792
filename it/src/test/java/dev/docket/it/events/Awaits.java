package dev.docket.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling for what the server does in the background (archiving, replays). Stateless. */
final class Awaits {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private Awaits() {}

  /**
   * Polls {@code poll} until {@code done} accepts its value and returns that value; fails the test
   * naming {@code what} if that does not happen within a generous deadline.
   */
  static <T> T until(Supplier<T> poll, Predicate<T> done, String what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    T value = poll.get();
    while (!done.test(value) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      value = poll.get();
    }
    assertThat(done.test(value)).as("waited for %s; last saw %s", what, value).isTrue();
    return value;
  }
}
