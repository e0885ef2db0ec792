package dev.docket.events;

import dev.docket.store.EventLogStore;
import dev.docket.store.Lease;
import dev.docket.store.LoggedEvent;
import dev.docket.store.NewEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory event log for tests; counts appends. Thread-safe (synchronized). */
final class MemoryEventLog implements EventLogStore {

  private final List<LoggedEvent> events = new ArrayList<>();
  private final List<LoggedEvent> appended = new ArrayList<>();
  private final Map<String, Long> cursors = new HashMap<>();
  private long sequence;
  private int appends;

  @Override
  public synchronized List<Long> append(List<NewEvent> batch) {
    appends++;
    List<Long> sequences = new ArrayList<>();
    for (NewEvent e : batch) {
      long s = ++sequence;
      LoggedEvent logged = new LoggedEvent(e.bus(), s, e.id(), e.time(), e.json(), e.traceHeader());
      events.add(logged);
      appended.add(logged);
      sequences.add(s);
    }
    return sequences;
  }

  @Override
  public synchronized List<LoggedEvent> read(String bus, long after, int limit) {
    return events.stream()
        .filter(e -> e.bus().equals(bus) && e.sequence() > after)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized long cursor(String consumer) {
    return cursors.getOrDefault(consumer, 0L);
  }

  @Override
  public synchronized void advance(String consumer, long sequence) {
    cursors.merge(consumer, sequence, Math::max);
  }

  @Override
  public synchronized boolean advance(String consumer, long sequence, Lease fence) {
    advance(consumer, sequence);
    return true;
  }

  @Override
  public synchronized void forget(String consumer) {
    cursors.remove(consumer);
  }

  @Override
  public synchronized int trim(String bus, long through) {
    int before = events.size();
    events.removeIf(e -> e.bus().equals(bus) && e.sequence() <= through);
    return before - events.size();
  }

  /** Everything ever appended, trimmed or not. */
  synchronized List<LoggedEvent> appended() {
    return List.copyOf(appended);
  }

  /** What the log still holds. */
  synchronized List<LoggedEvent> held() {
    return List.copyOf(events);
  }

  synchronized int appends() {
    return appends;
  }
}
