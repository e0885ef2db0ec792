package dev.docket.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * Something that receives deliveries: a queue, a bus, an API destination. Implementations are
 * thread-safe and may block (they are called on virtual threads); they return an {@link Outcome}
 * and do not throw for an expected failure.
 */
@FunctionalInterface
public interface Target {

  /** Delivers once, durably where the target is durable; returns only when the outcome is known. */
  Outcome deliver(Delivery delivery);

  /**
   * Whether {@link #deliverAll} makes several deliveries durable together; the engine then hands
   * this target its deliveries in chunks rather than one by one on concurrent attempts.
   */
  default boolean batches() {
    return false;
  }

  /**
   * Delivers several payloads to this target at once, one outcome per delivery in order. A target
   * that can make them durable together (a queue: one store write) overrides this; the default
   * delivers them one by one.
   */
  default List<Outcome> deliverAll(List<Delivery> deliveries) {
    List<Outcome> outcomes = new ArrayList<>(deliveries.size());
    for (Delivery delivery : deliveries) {
      outcomes.add(deliver(delivery));
    }
    return outcomes;
  }
}
