package dev.docket.delivery;

/**
 * Something that receives deliveries: a queue, a bus, an API destination. Implementations are
 * thread-safe and may block (they are called on virtual threads); they return an {@link Outcome}
 * and do not throw for an expected failure.
 */
@FunctionalInterface
public interface Target {

  /** Delivers once, durably where the target is durable; returns only when the outcome is known. */
  Outcome deliver(Delivery delivery);
}
