package dev.docket.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.delivery.DeliveryRequest;
import dev.docket.delivery.LeasedWork;
import dev.docket.delivery.Node;
import dev.docket.store.EventLogStore;
import dev.docket.store.Lease;
import dev.docket.store.LoggedEvent;
import dev.docket.store.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router of one bus: a virtual thread that tails the bus's event log from its durable cursor
 * ({@code router:<bus-arn>}), matches each event once against the bus's rules, renders each
 * matching target's input, hands the deliveries of a batch to the delivery engine ({@code
 * DeliveryEngine.deliverAll}), and only then advances the cursor (and trims the log behind it). A
 * crash re-delivers from the cursor: duplicates are possible, loss is not.
 *
 * <p>On a store shared by several nodes every node has a router for the bus, but only the one
 * holding the lease {@code router:<bus-arn>} ({@link LeasedWork}) routes: it re-reads the durable
 * cursor each time it takes the lease, advances it fenced on the lease (a holder paused past its
 * lease finds its advance refused and stops), and looks at the log at least every {@link
 * Node#POLL_FLOOR} even without a wake-up (another node's append is announced by a notification,
 * which may be lost). The others look every second whether the lease is free.
 *
 * <p>It sleeps when it has caught up and is woken in memory by {@link #wake()} (after an append)
 * and {@link #rulesChanged()} (the bus's rules or targets changed: it rebuilds its {@link Routes}
 * before its next batch). Thread-safe: {@code wake}, {@code rulesChanged} and {@code stop} may be
 * called from any thread; everything else runs on the router's own thread.
 */
final class EventRouter {

  private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);
  private static final int TRIM_EVERY = 16;

  private final String busArn;
  private final String consumer;
  private final EventLogStore log;
  private final RuleBook rules;
  private final Consumer<List<DeliveryRequest>> engine;
  private final int batchSize;
  private final LeasedWork lease;
  private final long idleNanos;
  private final AtomicBoolean woken = new AtomicBoolean(true);
  private final AtomicBoolean routesStale = new AtomicBoolean(true);
  private volatile boolean running = true;
  private volatile Thread thread;

  EventRouter(
      String busArn,
      EventLogStore log,
      RuleBook rules,
      Consumer<List<DeliveryRequest>> engine,
      int batchSize,
      Node node) {
    this.busArn = busArn;
    this.lease = new LeasedWork(node, consumerOf(busArn));
    // a single node is woken in memory by every append; a shared one also polls
    this.idleNanos = node.shared() ? Node.POLL_FLOOR.toNanos() : Long.MAX_VALUE;
    this.consumer = consumerOf(busArn);
    this.log = log;
    this.rules = rules;
    this.engine = engine;
    this.batchSize = batchSize;
  }

  /** The durable cursor name of the router of {@code busArn}. */
  static String consumerOf(String busArn) {
    return "router:" + busArn;
  }

  /** Starts the router's thread; it first routes whatever lies after its cursor. */
  EventRouter start() {
    Thread t = Thread.ofVirtual().name("router " + busArn).unstarted(this::run);
    thread = t; // before it runs, so that a wake-up never unparks nobody
    t.start();
    return this;
  }

  /** Whether this node routes the bus now (always on a single node). */
  boolean holding() {
    return lease.held();
  }

  /** Tells the router that events were appended. */
  void wake() {
    if (!woken.getAndSet(true)) {
      LockSupport.unpark(thread);
    }
  }

  /** Tells the router that the bus's rules changed. */
  void rulesChanged() {
    routesStale.set(true);
    woken.set(true);
    LockSupport.unpark(thread);
  }

  /**
   * Stops the router after the batch in hand (its cursor stays where it is) and waits for its
   * thread to end.
   */
  void stop() {
    running = false;
    Thread t = thread;
    if (t == null) {
      return;
    }
    LockSupport.unpark(t);
    try {
      if (!t.join(STOP_WAIT)) {
        t.interrupt();
        t.join(STOP_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lease.release(); // another node routes from the cursor at once
  }

  private void run() {
    long cursor = -1;
    Lease heldUnder = null;
    Routes routes = Routes.EMPTY;
    Duration backoff = FIRST_BACKOFF;
    int batches = 0;
    long trimmed = 0;
    while (running) {
      try {
        if (!lease.hold()) {
          cursor = -1; // another node routes; its cursor is the truth when this one takes over
          woken.set(false);
          idle();
          continue;
        }
        Lease fence = lease.fence();
        if (fence != heldUnder) {
          heldUnder = fence;
          cursor = -1;
        }
        if (cursor < 0) {
          cursor = log.cursor(consumer);
          trimmed = cursor;
          routesStale.set(true);
        }
        woken.set(false);
        List<LoggedEvent> batch = log.read(busArn, cursor, batchSize);
        // after the read: an event appended after a rule change completed is routed by that rule
        if (routesStale.getAndSet(false)) {
          routes = Routes.of(rules.rules(busArn));
        }
        if (batch.isEmpty()) {
          if (trimmed < cursor) {
            log.trim(busArn, cursor);
            trimmed = cursor;
          }
          idle();
          continue;
        }
        route(routes, batch);
        long last = batch.getLast().sequence();
        if (fence == null) {
          log.advance(consumer, last);
        } else if (!log.advance(consumer, last, fence)) {
          LOG.info("router of {} lost its lease; the batch it routed may be routed again", busArn);
          lease.lost();
          cursor = -1;
          continue;
        }
        cursor = last;
        if (++batches % TRIM_EVERY == 0) {
          log.trim(busArn, cursor);
          trimmed = cursor;
        }
        backoff = FIRST_BACKOFF;
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        if (e instanceof StoreUnavailableException) {
          LOG.warn("router of {}: {}; retrying in {}", busArn, e.getMessage(), backoff);
        } else {
          LOG.warn("router of {} failed; retrying in {}", busArn, backoff, e);
        }
        routesStale.set(true);
        cursor = -1; // re-read the durable cursor: the batch in hand is routed again
        if (!pause(backoff)) {
          break;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  /** Sleeps until woken, stopped, or (on a shared store) the poll floor passed. */
  private void idle() {
    long deadline = System.nanoTime() + idleNanos;
    while (running && !woken.get()) {
      long left = idleNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      if (left == Long.MAX_VALUE) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
      }
    }
  }

  /** Matches and delivers one batch; returns when every delivery is done or durably parked. */
  private void route(Routes routes, List<LoggedEvent> batch) {
    if (routes.isEmpty()) {
      return;
    }
    List<DeliveryRequest> deliveries = new ArrayList<>();
    for (LoggedEvent event : batch) {
      JsonNode parsed;
      try {
        parsed = JSON.readTree(event.json());
      } catch (JsonProcessingException e) {
        LOG.warn("event {} on {} is not JSON; skipped", event.id(), busArn);
        continue;
      }
      routes.deliveries(event, parsed, deliveries);
    }
    if (!deliveries.isEmpty()) {
      engine.accept(deliveries);
    }
  }

  private boolean pause(Duration duration) {
    try {
      Thread.sleep(duration);
      return running;
    } catch (InterruptedException e) {
      return false;
    }
  }
}
