package dev.docket.store;

/**
 * What an archive holds: DescribeArchive's {@code EventCount} and {@code SizeBytes}.
 *
 * @param eventCount how many events
 * @param sizeBytes the UTF-8 size of their envelopes
 */
public record ArchiveStats(long eventCount, long sizeBytes) {

  /** An empty archive. */
  public static final ArchiveStats EMPTY = new ArchiveStats(0, 0);

  /** Checks the counters. */
  public ArchiveStats {
    if (eventCount < 0 || sizeBytes < 0) {
      throw new IllegalArgumentException(
          "counters must not be negative, but were " + eventCount + " and " + sizeBytes);
    }
  }
}
