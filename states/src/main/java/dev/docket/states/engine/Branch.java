package dev.docket.states.engine;

/**
 * A sequential strand of an execution: the root, a Parallel branch or a Map iteration. Its events
 * are numbered in order, so the key of its n-th event ({@code path#n}) names the same event on
 * every replay. Confined to the thread that runs the strand.
 */
final class Branch {

  private final String path;
  private final boolean silent;
  private int seq;
  private long lastEventId;

  private Branch(String path, long lastEventId, boolean silent) {
    this.path = path;
    this.lastEventId = lastEventId;
    this.silent = silent;
  }

  /** The root strand of an execution. */
  static Branch root() {
    return new Branch("0", 0, false);
  }

  /**
   * The strand of branch or item {@code index} of the container whose start event this strand
   * recorded last: the path names that event, so a container run twice (a loop, a retry) gives its
   * strands new paths.
   */
  Branch child(int index) {
    return new Branch(path + "." + seq + "/" + index, lastEventId, silent);
  }

  /**
   * A strand whose events are not kept in this execution's history: an item of a distributed Map
   * (AWS records those in the Map Run's child executions, not in the parent).
   */
  Branch silentChild(int index) {
    return new Branch(path + "." + seq + "/" + index, lastEventId, true);
  }

  /** Whether this strand's events are kept out of the history. */
  boolean silent() {
    return silent;
  }

  /** The key of the next event this strand records. */
  String nextKey() {
    return path + "#" + seq;
  }

  /** Moves past an event recorded (or replayed) with {@link #nextKey()}. */
  void advance(long eventId) {
    seq++;
    lastEventId = eventId;
  }

  /** The id of the last event this strand recorded (its parent's before its first). */
  long lastEventId() {
    return lastEventId;
  }
}
