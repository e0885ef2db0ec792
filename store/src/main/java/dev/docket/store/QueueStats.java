package dev.docket.store;

/**
 * Approximate message counts of one queue at one instant, excluding expired messages.
 *
 * @param visible messages that may be received now
 * @param inFlight messages received and not yet visible again
 * @param delayed messages never received and not yet visible (delayed)
 */
public record QueueStats(long visible, long inFlight, long delayed) {}
