package dev.docket.delivery;

import dev.docket.store.Lease;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-owner work under a named lease (design note 0006, "Single-owner work"): a bus's router, an
 * archiver. The worker asks {@link #hold} before each piece of work; on a shared store the first
 * ask that finds the lease free takes it, the node renews it in the background every {@link
 * Node#renewEvery}, and every write that completes the work is fenced on {@link #fence} (for
 * instance {@code EventLogStore.advance(consumer, sequence, fence)}). A holder told by a fenced
 * write or a refused renewal that another node has the lease now stops ({@link #lost}); a node that
 * does not hold it asks the store again only every {@link Node#renewEvery}, so a lease whose holder
 * died is taken over within the lease time plus a third.
 *
 * <p>On a single node the work is always this node's and nothing is written.
 *
 * <p>Thread-safe.
 */
public final class LeasedWork {

  private static final Logger LOG = LoggerFactory.getLogger(LeasedWork.class);

  private final Node node;
  private final String name;
  // guarded by this
  private Lease lease;
  // when the lease runs out unless a renewal succeeds first (the node's own view)
  private Instant validUntil = Instant.MIN;
  private Instant nextTry = Instant.MIN;

  /** Work under the lease {@code name} on {@code node}; nothing is taken until {@link #hold}. */
  public LeasedWork(Node node, String name) {
    this.node = Objects.requireNonNull(node, "node");
    this.name = Objects.requireNonNull(name, "name");
  }

  /** The lease's name. */
  public String name() {
    return name;
  }

  /**
   * Whether this node may do the work now: true while it holds the lease (taking it if it is free
   * or expired and a try is due); always true on a single node.
   *
   * @throws RuntimeException if the store fails; nothing is held then
   */
  public synchronized boolean hold() {
    if (!node.shared()) {
      return true;
    }
    Instant now = node.clock().instant();
    if (lease != null) {
      if (now.isBefore(validUntil)) {
        return true;
      }
      // no renewal succeeded for a whole lease time (the store is away?): another node may hold
      // it now, so this one stops and takes it again like any other node
      LOG.warn("{} could not renew lease {} in time; stopping its work", node.id(), name);
      lost();
      nextTry = Instant.MIN;
    }
    if (now.isBefore(nextTry)) {
      return false;
    }
    nextTry = now.plus(node.renewEvery());
    Optional<Lease> current = node.leases().get(name);
    if (current.isPresent()
        && current.get().heldAt(now)
        && !current.get().owner().equals(node.id())) {
      return false;
    }
    Optional<Lease> taken = node.leases().acquire(name, node.id(), node.leaseTime(), now);
    if (taken.isEmpty()) {
      return false;
    }
    lease = taken.get();
    validUntil = now.plus(node.leaseTime());
    node.renewing(this);
    LOG.info("{} took lease {} (token {})", node.id(), name, lease.token());
    return true;
  }

  /** Makes the next {@link #hold} ask the store at once (another node may have let go). */
  public synchronized void tryNow() {
    nextTry = Instant.MIN;
  }

  /** The lease to fence the work's writes on while held; null on a single node (write unfenced). */
  public synchronized Lease fence() {
    return lease;
  }

  /** Whether this node holds the lease now (always on a single node). */
  public synchronized boolean held() {
    return !node.shared() || (lease != null && node.clock().instant().isBefore(validUntil));
  }

  /**
   * A fenced write was refused: another node took the lease. The work stops until {@link #hold}
   * takes it again.
   */
  public synchronized void lost() {
    if (lease != null) {
      LOG.info("{} lost lease {} (token {})", node.id(), name, lease.token());
      node.forget(this);
      lease = null;
      nextTry = node.clock().instant().plus(node.renewEvery());
    }
  }

  /** Gives the lease up (the work stops here, or the node shuts down) so another takes it now. */
  public synchronized void release() {
    if (lease != null) {
      node.forget(this);
      try {
        node.leases().release(name, node.id(), lease.token());
      } catch (RuntimeException e) {
        LOG.debug("releasing lease {} failed; it expires instead", name, e);
      }
      lease = null;
    }
  }

  /** Renews the lease if held; called by the node every {@link Node#renewEvery}. */
  void renew() {
    Lease current;
    synchronized (this) {
      current = lease;
    }
    if (current == null) {
      return;
    }
    Instant now = node.clock().instant();
    boolean renewed = node.leases().renew(name, node.id(), current.token(), node.leaseTime(), now);
    if (renewed) {
      synchronized (this) {
        if (lease == current) {
          validUntil = now.plus(node.leaseTime());
        }
      }
    } else {
      synchronized (this) {
        if (lease == current) {
          lost();
        }
      }
    }
  }
}
