package dev.docket.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Named leases for single-owner work (design note 0006, "Single-owner work"): at most one owner
 * holds a name at a time, until an instant the owner pushes forward by renewing; an owner that
 * stops renewing loses the lease when it expires, and whoever takes it next gets a strictly larger
 * fencing token. Renew and release succeed only with the current token, so a holder that was paused
 * past its lease (and lost it) learns so on its next call, and every write it makes on the work can
 * be fenced on the token.
 *
 * <p>Time comes from the caller ({@code now}), never from the database's clock, so every node and
 * every test decides expiry by the same injected clock; nodes sharing a store must keep their
 * clocks within a small fraction of the lease time. A lease is held while {@code now < until}.
 *
 * <p>Thread-safe; writes durable on return.
 */
public interface LeaseStore {

  /**
   * Takes the lease {@code name} for {@code owner} until {@code now + ttl} if it is free, expired
   * at {@code now}, or already {@code owner}'s (then this renews it and keeps its token); else
   * empty. A new owner gets a fresh token, strictly larger than every token given before.
   */
  Optional<Lease> acquire(String name, String owner, Duration ttl, Instant now);

  /**
   * Extends the lease to {@code now + ttl} if {@code owner} still holds it under {@code token};
   * else false (the lease was released or taken by another owner, and with it the right to the
   * work). A lease expired but not yet taken by anyone is still renewed: nobody else did the work
   * meanwhile.
   */
  boolean renew(String name, String owner, long token, Duration ttl, Instant now);

  /**
   * Renews, in one statement, every lease whose name starts with {@code prefix} that {@code owner}
   * holds, to {@code now + ttl}, whatever its token, and says how many: a node holding many leases
   * of one kind (the executions it runs) renews them all at the cost of one write, where {@link
   * #renew} would cost one per lease. As with {@link #renew}, a lease expired but not yet taken by
   * anyone is renewed; one taken by another owner is not, so a holder that counts fewer than it
   * believes it holds has lost some and must find out which ({@link #list}).
   *
   * @param prefix the names' prefix; must not be empty
   * @return how many leases were renewed
   */
  int renewAll(String prefix, String owner, Duration ttl, Instant now);

  /** Gives the lease up if {@code owner} holds it under {@code token}; else false. */
  boolean release(String name, String owner, long token);

  /** The lease {@code name} as stored, whether or not it has expired; empty if none. */
  Optional<Lease> get(String name);

  /** Every stored lease whose name starts with {@code prefix} (empty: all), in name order. */
  List<Lease> list(String prefix);

  /**
   * Up to {@code limit} stored leases whose name starts with {@code prefix} (empty: all) that have
   * expired at {@code now} ({@code until <= now}), in name order: the work of dead or paused
   * owners, found by every node at every look without reading the leases that are held.
   */
  List<Lease> expired(String prefix, Instant now, int limit);

  /** Checks the arguments every implementation takes; returns the expiry {@code now + ttl}. */
  static Instant until(String name, String owner, Duration ttl, Instant now) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(now, "now");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
    if (owner.isEmpty()) {
      throw new IllegalArgumentException("owner must not be empty");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, but was " + ttl);
    }
    return now.plus(ttl);
  }
}
