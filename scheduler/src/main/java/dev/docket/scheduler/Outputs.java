package dev.docket.scheduler;

import java.math.BigDecimal;
import java.time.Instant;

/** Small helpers for output nodes. Stateless. */
final class Outputs {

  private Outputs() {}

  /** An instant as restJson1's epoch seconds, to the millisecond. */
  static BigDecimal seconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }
}
