package dev.docket.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Wake-ups across the nodes sharing a store (design note 0006, "Wake-ups"): a writer calls {@link
 * #notify} after its commit made work available (a message for a queue, events on a bus, a timer
 * due soon), and every listener of that channel, on any node, hears the payload.
 *
 * <p>Notifications are hints: one may be lost (a listener's connection drops and reconnects, a node
 * restarts), duplicated or delivered late, and a listener hears nothing sent before it began
 * listening. Whoever waits on one must also poll now and then, so a lost notification delays work
 * but never loses it. Listeners run on the notifier's own thread (or the notifying thread, for a
 * store with one node): they must be quick and must not block, e.g. signal a waiter.
 *
 * <p>Thread-safe.
 */
public interface Notifier {

  /** A channel name: lower-case letters, digits and {@code _}, 1 to 48 characters. */
  Pattern CHANNEL = Pattern.compile("[a-z0-9_]{1,48}");

  /** The longest payload, in UTF-8 bytes (PostgreSQL's limit is just under 8,000). */
  int MAX_PAYLOAD_BYTES = 7_900;

  /**
   * Tells every listener of {@code channel} on every node {@code payload}. Call after the commit it
   * announces; not part of any transaction.
   */
  void notify(String channel, String payload);

  /**
   * Calls {@code listener} with the payload of every later notification on {@code channel}, until
   * the returned subscription is closed. Listening has begun when this returns, unless the store
   * cannot reach its database (then it begins once it can) or this is called from inside a listener
   * (then it begins a moment later).
   */
  Subscription listen(String channel, Consumer<String> listener);

  /** A listener's registration; closing it (idempotent) stops the calls. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** Checks a channel name and a payload as every implementation accepts them. */
  static void check(String channel, String payload) {
    checkChannel(channel);
    Objects.requireNonNull(payload, "payload");
    int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "payload must be at most " + MAX_PAYLOAD_BYTES + " bytes, but was " + bytes);
    }
  }

  /** Checks a channel name. */
  static void checkChannel(String channel) {
    Objects.requireNonNull(channel, "channel");
    if (!CHANNEL.matcher(channel).matches()) {
      throw new IllegalArgumentException(
          "channel must be 1 to 48 of [a-z0-9_], but was '" + channel + "'");
    }
  }
}
