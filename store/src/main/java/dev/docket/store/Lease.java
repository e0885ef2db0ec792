package dev.docket.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A named lease on single-owner work (a bus's router, an archiver, an execution, a replay), as
 * {@link LeaseStore} holds it.
 *
 * @param name what the lease is for, e.g. {@code router:<bus arn>}; unique in the store
 * @param owner who holds it, e.g. a node id
 * @param token the fencing token: positive, and strictly larger for every acquisition by a new
 *     owner than for any before it; every write the owner makes on the work names it
 * @param until when the lease ends unless renewed: it is held while {@code now < until}
 */
public record Lease(String name, String owner, long token, Instant until) {

  /** Checks required components. */
  public Lease {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(until, "until");
    if (token <= 0) {
      throw new IllegalArgumentException("token must be positive, but was " + token);
    }
  }

  /** Whether the lease is still held at {@code now} (an expired lease may be taken by anyone). */
  public boolean heldAt(Instant now) {
    return now.isBefore(until);
  }
}
