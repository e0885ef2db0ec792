package dev.docket.delivery;

import java.util.concurrent.atomic.LongAdder;

/** The mutable counters behind a {@link DeliveryStats}. Thread-safe. */
final class Counters {

  final LongAdder delivered = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder deadLetterFailures = new LongAdder();

  DeliveryStats snapshot() {
    return new DeliveryStats(
        delivered.sum(),
        retried.sum(),
        deadLettered.sum(),
        dropped.sum(),
        deadLetterFailures.sum());
  }
}
