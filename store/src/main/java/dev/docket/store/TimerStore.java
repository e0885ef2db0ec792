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

  /**
   * What a firing does, in one transaction: moves a claimed timer to {@code nextDue} with a new
   * payload and clears its lease (or, with no {@code nextDue}, deletes it), and schedules the
   * timers the firing produced ({@code created}, e.g. its deliveries), if {@code leaseToken} is
   * still the timer's current lease; else false and nothing is written (the claim was lost). A
   * firing handed over this way is durable exactly once: a crash before it fires again after the
   * lease expires, a crash after it has both the next occurrence and the firing's work stored.
   */
  boolean advance(
      String id, long leaseToken, Optional<Instant> nextDue, String payload, List<Timer> created);

  /** Deletes a claimed timer if {@code leaseToken} is still its current lease; else false. */
  boolean complete(String id, long leaseToken);

  /** The earliest due time of any unclaimed or lease-expired timer of {@code kind}. */
  Optional<Instant> nextDue(String kind, Instant now);
}
