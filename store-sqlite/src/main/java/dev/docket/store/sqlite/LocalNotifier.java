package dev.docket.store.sqlite;

import dev.docket.store.Notifier;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier of a store only one node opens: an in-process fan-out. {@link #notify} calls every
 * listener of the channel on the notifying thread before it returns; a listener that throws is
 * logged and the others are still called. Nothing is lost while the process runs, but, as for every
 * {@link Notifier}, callers must not rely on that. Thread-safe: listeners are kept per channel in
 * copy-on-write lists.
 */
final class LocalNotifier implements Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(LocalNotifier.class);

  private final Map<String, CopyOnWriteArrayList<Consumer<String>>> listeners =
      new ConcurrentHashMap<>();

  @Override
  public void notify(String channel, String payload) {
    Notifier.check(channel, payload);
    CopyOnWriteArrayList<Consumer<String>> ofChannel = listeners.get(channel);
    if (ofChannel == null) {
      return;
    }
    for (Consumer<String> listener : ofChannel) {
      try {
        listener.accept(payload);
      } catch (RuntimeException e) {
        LOG.warn("A listener of channel {} failed", channel, e);
      }
    }
  }

  @Override
  public Subscription listen(String channel, Consumer<String> listener) {
    Notifier.checkChannel(channel);
    Objects.requireNonNull(listener, "listener");
    // A distinct object per registration, so closing one of two equal listeners removes only it.
    Consumer<String> registered = listener::accept;
    listeners.compute(
        channel,
        (c, list) -> {
          CopyOnWriteArrayList<Consumer<String>> ofChannel =
              list == null ? new CopyOnWriteArrayList<>() : list;
          ofChannel.add(registered);
          return ofChannel;
        });
    return () ->
        listeners.computeIfPresent(
            channel,
            (c, list) -> {
              list.remove(registered);
              return list.isEmpty() ? null : list;
            });
  }
}
