package dev.docket.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A place in an archive: events are ordered by time, then by sequence. A replay keeps the position
 * of the last event it handed on, durably, and reads after it.
 *
 * @param time an event time
 * @param sequence an event-log sequence; 0 is before every event of that time
 */
public record ArchivePosition(Instant time, long sequence) implements Comparable<ArchivePosition> {

  /** Checks the components. */
  public ArchivePosition {
    Objects.requireNonNull(time, "time");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, but was " + sequence);
    }
  }

  /** The position just before every event at or after {@code time}. */
  public static ArchivePosition before(Instant time) {
    return new ArchivePosition(time, 0);
  }

  @Override
  public int compareTo(ArchivePosition other) {
    int byTime = time.compareTo(other.time);
    return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
  }
}
