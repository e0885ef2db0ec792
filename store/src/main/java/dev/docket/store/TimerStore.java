package dev.docket.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable timers over a due-time index. Claims carry a lease: a claimed timer is not claimed again
 * until its lease expires, and only the holder of the current lease token may complete it (so a
 * holder presumed dead cannot complete late). Thread-safe; writes durable on return.
 */
public interface TimerStore {

  /** Creates or replaces a timer (its lease is cleared). */
  void schedule(Timer timer);

  /** Removes a timer whatever its lease; false if there was none. */
  boolean cancel(String id);

  /**
   * Claims up to {@code limit} timers of {@code kind} due at {@code now} whose lease is free or
   * expired, earliest first, leasing each until {@code now + lease} under a fresh token.
   */
  List<Timer> claimDue(String kind, Instant now, int limit, Duration lease);

  /**
   * Moves a claimed timer to {@code dueAt} with a new payload and clears its lease, if {@code
   * leaseToken} is still its current lease; else false (the claim was lost, and with it the right
   * to change the timer).
   */
  boolean reschedule(String id, long leaseToken, Instant dueAt, String payload);

  /** Deletes a claimed timer if {@code leaseToken} is still its current lease; else false. */
  boolean complete(String id, long leaseToken);

  /** The earliest due time of any unclaimed or lease-expired timer of {@code kind}. */
  Optional<Instant> nextDue(String kind, Instant now);
}
