package dev.docket.events;

import dev.docket.store.EventLogStore;
import dev.docket.store.Lease;
import dev.docket.store.LoggedEvent;
import dev.docket.store.NewEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The event log as the event path sees it when buses have archives: appends wake the buses'
 * archivers as well as (through the callers) their routers, and a router's {@link #trim} never
 * passes its bus's archiver's cursor, so the log keeps every event until it is archived. Reads and
 * cursors go to the store's log unchanged. Thread-safe, as the store's log.
 */
final class ArchivingEventLog implements EventLogStore {

  private final EventLogStore log;
  private final Archivers archivers;

  ArchivingEventLog(EventLogStore log, Archivers archivers) {
    this.log = log;
    this.archivers = archivers;
  }

  @Override
  public List<Long> append(List<NewEvent> events) {
    List<Long> sequences = log.append(events);
    Set<String> buses = new LinkedHashSet<>(2);
    for (NewEvent event : events) {
      buses.add(event.bus());
    }
    buses.forEach(archivers::wake);
    return sequences;
  }

  @Override
  public List<LoggedEvent> read(String bus, long after, int limit) {
    return log.read(bus, after, limit);
  }

  @Override
  public long cursor(String consumer) {
    return log.cursor(consumer);
  }

  @Override
  public void advance(String consumer, long sequence) {
    log.advance(consumer, sequence);
  }

  @Override
  public boolean advance(String consumer, long sequence, Lease fence) {
    return log.advance(consumer, sequence, fence);
  }

  @Override
  public void forget(String consumer) {
    log.forget(consumer);
  }

  @Override
  public int trim(String bus, long through) {
    long limit = archivers.trimLimit(bus, through);
    return limit <= 0 ? 0 : log.trim(bus, limit);
  }
}
