package dev.docket.states.engine;

import dev.docket.delivery.Node;
import dev.docket.store.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases {@code execution:<arn>} under which this node runs Standard executions on a store
 * other nodes share (design note 0006, "As built: executions across nodes"): an execution is loaded
 * into an interpreter only by the node that took its lease, and another node takes it over once the
 * lease expires.
 *
 * <p>Why not one {@code LeasedWork} per execution: a node may hold thousands of executions at once
 * (every one waiting on a task, a callback or an activity stays loaded), and renewing each lease on
 * its own costs one write per execution every third of the lease time. {@link #renew} renews them
 * all with one {@code LeaseStore.renewAll} and looks closer ({@code list}) only when the count says
 * some were lost or some stray lease of this node's is still renewed; {@link #expired} reads only
 * the expired leases ({@code LeaseStore.expired}).
 *
 * <p>On a single node (a store no other process uses) nothing is written: {@link #take} always
 * succeeds and every other method does nothing.
 *
 * <p>Thread-safe: takes and releases run concurrently; a renewal excludes them (a write lock), so
 * the count it gets back is compared with a set nobody changes meanwhile.
 */
final class ExecutionLeases {

  /** The prefix of the lease names. */
  static final String PREFIX = "execution:";

  /** The shortest lease a shutdown leaves behind: expired at once, but still there to be found. */
  private static final Duration EXPIRE_NOW = Duration.ofNanos(1_000);

  /**
   * The most expired leases one look takes over: a dead node's executions move a batch per look
   * (every third of the lease time), so one node does not replay them all at once.
   */
  private static final int TAKEOVER_BATCH = 256;

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionLeases.class);

  /** A lease as held here, and until when this node knows it to be held. */
  private record Held(Lease lease, Instant until) {}

  private final Node node;
  private final ConcurrentMap<String, Held> held = new ConcurrentHashMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  ExecutionLeases(Node node) {
    this.node = Objects.requireNonNull(node, "node");
  }

  /** Whether other nodes share the store (else nothing here writes). */
  boolean shared() {
    return node.shared();
  }

  /** This node. */
  Node node() {
    return node;
  }

  /** The lease name of an execution. */
  static String name(String arn) {
    return PREFIX + arn;
  }

  /**
   * Takes the execution's lease for this node (or finds it already held here): whether this node
   * may run the execution. Always true on a single node.
   *
   * @throws RuntimeException if the store fails; nothing is held then
   */
  boolean take(String arn) {
    if (!node.shared()) {
      return true;
    }
    lock.readLock().lock();
    try {
      if (held.containsKey(arn)) {
        return true;
      }
      Instant now = node.clock().instant();
      return node.leases()
          .acquire(name(arn), node.id(), node.leaseTime(), now)
          .map(
              lease -> {
                held.put(arn, new Held(lease, lease.until()));
                return true;
              })
          .orElse(false);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The lease this node holds on the execution, to fence its history appends on; null on a single
   * node or when it holds none.
   */
  Lease lease(String arn) {
    if (!node.shared()) {
      return null;
    }
    Held current = held.get(arn);
    return current == null ? null : current.lease();
  }

  /** Whether this node believes it holds the execution's lease (always on a single node). */
  boolean holds(String arn) {
    return !node.shared() || held.containsKey(arn);
  }

  /** How many leases this node holds. */
  int size() {
    return held.size();
  }

  /**
   * Gives the execution's lease up: its run ended, or it parked on a timer, so another node may
   * load it at once.
   */
  void release(String arn) {
    if (!node.shared()) {
      return;
    }
    lock.readLock().lock();
    try {
      Held gone = held.remove(arn);
      if (gone != null) {
        try {
          node.leases().release(gone.lease().name(), node.id(), gone.lease().token());
        } catch (RuntimeException e) {
          LOG.debug("releasing {} failed; it expires instead", gone.lease().name(), e);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Stops renewing the execution's lease without giving it up: this node can no longer run it (a
   * store failure) or has lost it, and the lease expiring is what hands the execution to the next
   * node (possibly this one, by its own takeover).
   */
  void forget(String arn) {
    held.remove(arn);
  }

  /**
   * Checks, before a history write, that this node may still write for the execution: if the time
   * this node knows its lease to last has passed (it was paused, or its renewals failed), it renews
   * that one lease now and refuses the write if the renewal is refused. A node that wakes from a
   * pause longer than its lease thereby stops at its first write instead of committing it (unless
   * nobody took the lease meanwhile, when the work is still its own).
   *
   * @return false if the lease is lost (forgotten here; the run must stop)
   */
  boolean confirm(String arn) {
    if (!node.shared()) {
      return true;
    }
    Held current = held.get(arn);
    if (current == null) {
      return false;
    }
    Instant now = node.clock().instant();
    if (now.isBefore(current.until())) {
      return true;
    }
    return renewOne(arn, current, now);
  }

  /**
   * Renews the execution's lease now whatever this node believes: after a fenced write was refused,
   * whether the refusal came from another node that has the lease now (false: lost) or from a late
   * write of a node that had it before (true: reload and go on).
   */
  boolean reconfirm(String arn) {
    if (!node.shared()) {
      return true;
    }
    Held current = held.get(arn);
    return current != null && renewOne(arn, current, node.clock().instant());
  }

  private boolean renewOne(String arn, Held current, Instant now) {
    boolean renewed =
        node.leases()
            .renew(
                current.lease().name(), node.id(), current.lease().token(), node.leaseTime(), now);
    if (renewed) {
      held.replace(arn, current, new Held(current.lease(), now.plus(node.leaseTime())));
      return true;
    }
    held.remove(arn, current);
    return false;
  }

  /**
   * Renews every lease this node holds with one write; returns the executions whose lease another
   * node took meanwhile (forgotten here: their runs must stop without writing). Releases leases of
   * this node it no longer holds (a release that failed), so they do not stay renewed forever.
   */
  Set<String> renew() {
    if (!node.shared()) {
      return Set.of();
    }
    lock.writeLock().lock();
    try {
      Instant now = node.clock().instant();
      int renewed = node.leases().renewAll(PREFIX, node.id(), node.leaseTime(), now);
      Instant until = now.plus(node.leaseTime());
      held.replaceAll((arn, h) -> new Held(h.lease(), until));
      if (renewed == held.size()) {
        return Set.of();
      }
      return reconcile(now);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Compares what is held here with what the store says this node holds; see {@link #renew}. */
  private Set<String> reconcile(Instant now) {
    Map<String, Lease> stored = new HashMap<>();
    for (Lease lease : node.leases().list(PREFIX)) {
      if (lease.owner().equals(node.id())) {
        stored.put(lease.name().substring(PREFIX.length()), lease);
      }
    }
    Set<String> lost = new HashSet<>();
    for (Map.Entry<String, Held> entry : held.entrySet()) {
      Lease mine = stored.remove(entry.getKey());
      if (mine == null || mine.token() != entry.getValue().lease().token()) {
        lost.add(entry.getKey());
      }
    }
    for (String arn : lost) {
      held.remove(arn);
      LOG.info("{} lost the lease of execution {}", node.id(), arn);
    }
    for (Lease stray : stored.values()) {
      node.leases().release(stray.name(), node.id(), stray.token());
    }
    return lost;
  }

  /**
   * The executions whose lease has expired and that this node does not hold: their node died or was
   * paused past its lease, and they are for the taking.
   */
  List<String> expired() {
    if (!node.shared()) {
      return List.of();
    }
    Instant now = node.clock().instant();
    List<String> arns = new ArrayList<>();
    for (Lease lease : node.leases().expired(PREFIX, now, TAKEOVER_BATCH)) {
      String arn = lease.name().substring(PREFIX.length());
      if (!held.containsKey(arn)) {
        arns.add(arn);
      }
    }
    return arns;
  }

  /**
   * Whether another node holds the execution's lease now (a live holder: leave the execution to
   * it).
   */
  boolean heldElsewhere(String arn) {
    if (!node.shared()) {
      return false;
    }
    Instant now = node.clock().instant();
    return node.leases()
        .get(name(arn))
        .filter(lease -> lease.heldAt(now) && !lease.owner().equals(node.id()))
        .isPresent();
  }

  /**
   * At shutdown: makes every lease this node holds expire now instead of deleting it, so the other
   * nodes' takeover finds the executions at once (a deleted lease would leave a RUNNING execution
   * that no node looks for until one starts).
   */
  void expireAll() {
    if (!node.shared() || held.isEmpty()) {
      return;
    }
    lock.writeLock().lock();
    try {
      // until just before now: expired for everyone from now on, the row kept
      Instant past = node.clock().instant().minus(EXPIRE_NOW.multipliedBy(2));
      node.leases().renewAll(PREFIX, node.id(), EXPIRE_NOW, past);
      held.clear();
    } catch (RuntimeException e) {
      LOG.warn(
          "could not hand over {} executions at shutdown; they move when their leases expire",
          held.size(),
          e);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
