package dev.docket.events;

/**
 * The events service's limits.
 *
 * @param maxEntrySize the largest PutEvents entry accepted, in bytes, measured by EventBridge's
 *     formula (AWS's limit is 1 MiB)
 */
public record EventsConfig(int maxEntrySize) {

  /** AWS's limit: 1 MiB per entry. */
  public static final int DEFAULT_MAX_ENTRY_SIZE = 1024 * 1024;

  /** Checks the ranges. */
  public EventsConfig {
    if (maxEntrySize < 1) {
      throw new IllegalArgumentException("maxEntrySize must be positive, but was " + maxEntrySize);
    }
  }

  /** AWS's limits. */
  public static EventsConfig defaults() {
    return new EventsConfig(DEFAULT_MAX_ENTRY_SIZE);
  }
}
