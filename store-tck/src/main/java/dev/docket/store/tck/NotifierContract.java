package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.store.Notifier;
import dev.docket.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Wake-ups: a listener hears what another node (another store over the same storage) notifies after
 * it began listening, on its channel only, in the order one node sent it. Waiting for a
 * notification is bounded generously ({@link #PATIENCE_SECONDS}) only so a broken store fails
 * instead of hanging; no assertion depends on how fast it arrives.
 */
public abstract class NotifierContract extends StoreContract {

  /** How long a test waits for a notification before it fails. */
  protected static final long PATIENCE_SECONDS = 30;

  private Store peer;

  /**
   * Another store over the storage of the one {@link #newStore()} returned most recently, as
   * another node opens it; or that store itself where only one process may open the storage.
   */
  protected abstract Store newPeer();

  @AfterEach
  final void closePeer() {
    if (peer != null && peer != store) {
      peer.close();
    }
  }

  private Notifier other() {
    if (peer == null) {
      peer = newPeer();
    }
    return peer.notifier();
  }

  @Test
  void aListenerHearsWhatAnotherNodeNotifies() throws InterruptedException {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    store.notifier().listen("queues", heard::add);

    other().notify("queues", "000000000000/orders");

    assertThat(heard.poll(PATIENCE_SECONDS, TimeUnit.SECONDS)).isEqualTo("000000000000/orders");
  }

  @Test
  void aListenerHearsWhatItsOwnNodeNotifies() throws InterruptedException {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    store.notifier().listen("timers", heard::add);

    store.notifier().notify("timers", "delivery");

    assertThat(heard.poll(PATIENCE_SECONDS, TimeUnit.SECONDS)).isEqualTo("delivery");
  }

  @Test
  void aListenerMayListenToANewChannelFromInsideItsCallback() throws InterruptedException {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    BlockingQueue<String> first = new LinkedBlockingQueue<>();
    store
        .notifier()
        .listen(
            "queues",
            payload -> {
              store.notifier().listen("events", heard::add);
              first.add(payload);
            });

    other().notify("queues", "go");
    assertThat(first.poll(PATIENCE_SECONDS, TimeUnit.SECONDS)).isEqualTo("go");
    // Listening from the callback begins a moment after listen returns (the callback runs on the
    // thread that has to run LISTEN), so notify until heard.
    String last = null;
    for (int attempt = 0; attempt < PATIENCE_SECONDS * 10 && last == null; attempt++) {
      other().notify("events", "bus");
      last = heard.poll(100, TimeUnit.MILLISECONDS);
    }

    assertThat(last).isEqualTo("bus");
  }

  @Test
  void notificationsFromOneNodeArriveInOrder() throws InterruptedException {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    store.notifier().listen("events", heard::add);
    List<String> sent = new ArrayList<>();

    for (int i = 0; i < 20; i++) {
      sent.add("bus-" + i);
      other().notify("events", "bus-" + i);
    }
    List<String> received = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      received.add(heard.poll(PATIENCE_SECONDS, TimeUnit.SECONDS));
    }

    assertThat(received).isEqualTo(sent);
  }

  @Test
  void aListenerHearsOnlyItsOwnChannel() throws InterruptedException {
    List<String> timers = new CopyOnWriteArrayList<>();
    BlockingQueue<String> queues = new LinkedBlockingQueue<>();
    store.notifier().listen("timers", timers::add);
    store.notifier().listen("queues", queues::add);

    other().notify("timers", "delivery");
    other().notify("queues", "q");
    String last = queues.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);

    assertThat(last).isEqualTo("q");
    assertThat(queues).isEmpty();
    assertThat(timers).containsExactly("delivery");
  }

  @Test
  void aClosedSubscriptionHearsNothingMore() throws InterruptedException {
    List<String> closed = new CopyOnWriteArrayList<>();
    BlockingQueue<String> open = new LinkedBlockingQueue<>();
    Notifier.Subscription subscription = store.notifier().listen("queues", closed::add);
    store.notifier().listen("queues", open::add);

    subscription.close();
    subscription.close();
    other().notify("queues", "after");
    String heard = open.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);

    assertThat(heard).isEqualTo("after");
    assertThat(closed).isEmpty();
  }

  @Test
  void badChannelsAndOversizedPayloadsAreRefused() {
    assertThatThrownBy(() -> store.notifier().notify("Queues", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.notifier().listen("a-b", payload -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> store.notifier().notify("queues", "x".repeat(Notifier.MAX_PAYLOAD_BYTES + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
