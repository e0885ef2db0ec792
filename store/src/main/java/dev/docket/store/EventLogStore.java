package dev.docket.store;

import java.util.List;

/**
 * The per-bus event logs and the durable cursors of their consumers (routers, later archives).
 *
 * <p>A consumer reads after its cursor and advances the cursor once it is done with what it read.
 * {@link #read} returns only events that are committed and such that no event with a smaller
 * sequence on the same bus can still be committed later: a cursor that passes what {@code read}
 * returned never skips an event (on a store shared by several nodes, an open transaction may hold a
 * sequence number it has not committed yet). Thread-safe; writes durable on return.
 */
public interface EventLogStore {

  /**
   * Appends events (of one or several buses) in one commit, possibly shared with concurrent
   * callers, and returns their sequence numbers in order; durable on return.
   */
  List<Long> append(List<NewEvent> events);

  /** Up to {@code limit} events of {@code bus} with a sequence greater than {@code after}. */
  List<LoggedEvent> read(String bus, long after, int limit);

  /** The cursor of {@code consumer}: the last sequence it is done with; 0 if it has none. */
  long cursor(String consumer);

  /** Moves the cursor of {@code consumer} forward to {@code sequence}; never moves it back. */
  void advance(String consumer, long sequence);

  /**
   * Moves the cursor as {@link #advance(String, long)} does, but only while {@code fence} still
   * holds: the lease {@code fence.name()} is stored with the fence's owner and token (whether or
   * not it has expired; design note 0006, "Single-owner work"). A holder paused past its lease
   * whose work another node has since taken learns so here, and its cursor stays where the new
   * holder has it.
   *
   * @return whether the cursor was moved; false (nothing written) if the lease is gone or is
   *     another owner's or another token's
   */
  boolean advance(String consumer, long sequence, Lease fence);

  /** Deletes the cursor of {@code consumer} (its bus or rule is gone). */
  void forget(String consumer);

  /** Deletes the events of {@code bus} with a sequence up to {@code through}; returns how many. */
  int trim(String bus, long through);
}
