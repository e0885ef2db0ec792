package dev.docket.store;

import java.time.Instant;
import java.util.List;

/**
 * EventBridge archives: copies of the events of a bus that matched an archive, kept in day segments
 * so that retention drops whole segments instead of deleting rows.
 *
 * <p>An archive is named by its ARN and exists here from its first {@link #append} until {@link
 * #delete}. Events are ordered by their ingestion time and then their event-log sequence; the pair
 * is an event's {@link ArchivePosition}, and an event appended twice (same archive, same position)
 * is kept once, so an archiver that crashed between an append and its cursor's advance may simply
 * append again. Counters ({@link #stats}) count each kept event once and shrink when segments are
 * dropped.
 *
 * <p>Nothing here assumes SQLite: a segment is whatever unit the store can drop cheaply (SQLite:
 * one table per archive and day; PostgreSQL: a declarative partition). Thread-safe; writes durable
 * on return.
 */
public interface ArchiveStore {

  /**
   * Adds events (of one or several archives) in one commit; an event already in its archive at the
   * same position is skipped.
   *
   * @return how many events were added
   */
  int append(List<ArchivedEvent> events);

  /**
   * Up to {@code limit} events of {@code archive} in position order, strictly after {@code after}
   * and with a time at or before {@code until}.
   */
  List<ArchivedEvent> read(String archive, ArchivePosition after, Instant until, int limit);

  /** How many events {@code archive} holds and their size; zeros for an unknown archive. */
  ArchiveStats stats(String archive);

  /**
   * Drops the segments of {@code archive} all of whose events are older than {@code before} (whole
   * segments only: an event may outlive {@code before} by up to one segment's span).
   *
   * @return how many events were dropped
   */
  long expire(String archive, Instant before);

  /** Deletes {@code archive} and all of its events. */
  void delete(String archive);
}
