package dev.docket.events;

/**
 * Settings of the event path of the events service. Immutable; the constructor validates every
 * component.
 *
 * @param maxEntrySize the most bytes the entries of one PutEvents request may add up to, by AWS's
 *     formula (AWS: 1 MiB since January 2026)
 * @param routerBatchSize how many events a bus's router reads, matches and delivers at a time
 */
public record EventsConfig(int maxEntrySize, int routerBatchSize) {

  /** Validates the settings. */
  public EventsConfig {
    if (maxEntrySize < 1024 || maxEntrySize > 64 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "maxEntrySize must be between 1024 and 67108864, but was " + maxEntrySize);
    }
    if (routerBatchSize < 1 || routerBatchSize > 10_000) {
      throw new IllegalArgumentException(
          "routerBatchSize must be between 1 and 10000, but was " + routerBatchSize);
    }
  }

  /** AWS's limit (1 MiB of entries per request) and batches of 256 events. */
  public static EventsConfig defaults() {
    return new EventsConfig(1_048_576, 256);
  }
}
