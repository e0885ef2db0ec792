package dev.docket.delivery;

import dev.docket.store.LeaseStore;
import dev.docket.store.Notifier;
import dev.docket.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as one of the nodes sharing a store (design note 0006, "Cluster behaviour"): who it
 * is when it takes a lease, how long its leases last, how it hears and tells the other nodes, and
 * the periodic resynchronisation that is the floor under every notification.
 *
 * <p>On a store that only this process uses ({@link #single}), notifications stay in the process
 * and nothing is resynchronised; on a shared one ({@link #shared}) every cache a service keeps must
 * be dropped when another node says so ({@link #listen}) and at least every {@link #resyncEvery} (a
 * notification may be lost), and single-owner work runs only under a lease ({@link LeasedWork}).
 *
 * <p>Thread-safe.
 */
public final class Node implements AutoCloseable {

  /** The longest a waiter sleeps on a shared store before it looks again by itself. */
  public static final Duration POLL_FLOOR = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final String id;
  private final boolean shared;
  private final LeaseStore leases;
  private final Notifier notifier;
  private final Clock clock;
  private final Duration leaseTime;
  private final Duration resyncEvery;
  private final List<Runnable> resyncs = new CopyOnWriteArrayList<>();
  private final Set<LeasedWork> held = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService ticker;

  private Node(
      String id,
      boolean shared,
      Store store,
      Clock clock,
      Duration leaseTime,
      Duration resyncEvery) {
    this.id = Objects.requireNonNull(id, "id");
    this.shared = shared;
    if (shared) {
      Objects.requireNonNull(store, "store");
    }
    this.leases = store == null ? null : store.leases();
    this.notifier = store == null ? null : store.notifier();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.leaseTime = Objects.requireNonNull(leaseTime, "leaseTime");
    this.resyncEvery = Objects.requireNonNull(resyncEvery, "resyncEvery");
    if (leaseTime.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("leaseTime must be at least 1 s, but was " + leaseTime);
    }
    if (shared) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("docket-node-resync").factory());
      long millis = resyncEvery.toMillis();
      ticker.scheduleWithFixedDelay(this::resync, millis, millis, TimeUnit.MILLISECONDS);
      long renew = renewEvery().toMillis();
      ticker.scheduleWithFixedDelay(this::renewAll, renew, renew, TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
  }

  /** The only node of a store no other process uses. */
  public static Node single(Store store, Clock clock) {
    return new Node("local", false, store, clock, Duration.ofSeconds(30), Duration.ofMinutes(1));
  }

  /**
   * The only node of a store no other process uses, for parts tested without a whole store: it
   * neither notifies nor takes leases.
   */
  public static Node alone(Clock clock) {
    return new Node("local", false, null, clock, Duration.ofSeconds(30), Duration.ofMinutes(1));
  }

  /**
   * One of the nodes sharing {@code store}.
   *
   * @param name the node's configured name; its lease owner id adds a random incarnation, so that a
   *     restarted node never mistakes the leases of its previous run for its own
   * @param leaseTime how long a lease lasts without renewal: how long a dead node's single-owner
   *     work waits before another node takes it over
   * @param resyncEvery how often caches are dropped whatever the notifications said
   */
  public static Node shared(
      Store store, String name, Duration leaseTime, Duration resyncEvery, Clock clock) {
    String incarnation =
        HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    return new Node(name + "/" + incarnation, true, store, clock, leaseTime, resyncEvery);
  }

  /** The owner id this node takes leases under: its name and this run's incarnation. */
  public String id() {
    return id;
  }

  /** Whether other nodes share the store. */
  public boolean shared() {
    return shared;
  }

  /** The store's leases. */
  public LeaseStore leases() {
    return leases;
  }

  /** The only source of time for lease expiry. */
  public Clock clock() {
    return clock;
  }

  /** How long a lease lasts without renewal. */
  public Duration leaseTime() {
    return leaseTime;
  }

  /** How often a holder renews its leases: a third of the lease time. */
  public Duration renewEvery() {
    return leaseTime.dividedBy(3);
  }

  /** How often caches are dropped whatever the notifications said (shared stores only). */
  public Duration resyncEvery() {
    return resyncEvery;
  }

  /**
   * Tells every node (this one included) {@code payload} on {@code channel}, after the commit it
   * announces. On a single node it is heard in this process only.
   */
  public void notify(String channel, String payload) {
    if (notifier == null) {
      return;
    }
    try {
      notifier.notify(channel, payload);
    } catch (RuntimeException e) {
      // a hint: the other nodes find the work at their next poll or resync
      LOG.debug("notification {} {} not sent", channel, payload, e);
    }
  }

  /**
   * Tells the other nodes only (a single node has none): for a change this node already applied to
   * itself.
   */
  public void notifyOthers(String channel, String payload) {
    if (shared) {
      notify(channel, id + " " + payload);
    }
  }

  /**
   * Listens for what other nodes say with {@link #notifyOthers} on {@code channel}: {@code
   * listener} gets the payload without the sender. Nothing is heard on a single node.
   */
  public Notifier.Subscription listenToOthers(String channel, Consumer<String> listener) {
    if (!shared) {
      return () -> {};
    }
    String own = id + " ";
    return notifier.listen(
        channel,
        payload -> {
          if (payload.startsWith(own)) {
            return;
          }
          int space = payload.indexOf(' ');
          listener.accept(space < 0 ? payload : payload.substring(space + 1));
        });
  }

  /** Listens on {@code channel} (every node's notifications, this one's included). */
  public Notifier.Subscription listen(String channel, Consumer<String> listener) {
    if (notifier == null) {
      return () -> {};
    }
    return notifier.listen(channel, listener);
  }

  /**
   * Runs {@code task} every {@link #resyncEvery} on a shared store (never on a single node): the
   * floor that heals a lost notification, e.g. by dropping a cache. It must be quick.
   */
  public void onResync(Runnable task) {
    resyncs.add(Objects.requireNonNull(task, "task"));
  }

  /** Keeps {@code work}'s lease renewed from now on (until {@link #forget}). */
  void renewing(LeasedWork work) {
    held.add(work);
  }

  /** Stops renewing {@code work}'s lease. */
  void forget(LeasedWork work) {
    held.remove(work);
  }

  /** Renews every held lease (on the node's own thread, so a busy holder never loses it). */
  private void renewAll() {
    for (LeasedWork work : held) {
      try {
        work.renew();
      } catch (RuntimeException e) {
        LOG.warn("renewing lease {} failed; retrying", work.name(), e);
      }
    }
  }

  private void resync() {
    for (Runnable task : resyncs) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("resynchronisation task failed", e);
      }
    }
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
