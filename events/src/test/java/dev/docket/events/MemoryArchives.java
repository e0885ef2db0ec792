package dev.docket.events;

import dev.docket.store.ArchivePosition;
import dev.docket.store.ArchiveStats;
import dev.docket.store.ArchiveStore;
import dev.docket.store.ArchivedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** An {@link ArchiveStore} in a list, for unit tests (SQLite passes the real contract). */
final class MemoryArchives implements ArchiveStore {

  private final List<ArchivedEvent> events = new ArrayList<>();

  @Override
  public synchronized int append(List<ArchivedEvent> batch) {
    int added = 0;
    for (ArchivedEvent event : batch) {
      boolean present =
          events.stream()
              .anyMatch(
                  e ->
                      e.archive().equals(event.archive()) && e.position().equals(event.position()));
      if (!present) {
        events.add(event);
        added++;
      }
    }
    events.sort(Comparator.comparing(ArchivedEvent::position));
    return added;
  }

  @Override
  public synchronized List<ArchivedEvent> read(
      String archive, ArchivePosition after, Instant until, int limit) {
    List<ArchivedEvent> page = new ArrayList<>();
    for (ArchivedEvent event : events) {
      if (page.size() < limit
          && event.archive().equals(archive)
          && event.position().compareTo(after) > 0
          && !event.time().isAfter(until)) {
        page.add(event);
      }
    }
    return page;
  }

  @Override
  public synchronized ArchiveStats stats(String archive) {
    long count = 0;
    long bytes = 0;
    for (ArchivedEvent event : events) {
      if (event.archive().equals(archive)) {
        count++;
        bytes += event.json().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return new ArchiveStats(count, bytes);
  }

  @Override
  public synchronized long expire(String archive, Instant before) {
    int size = events.size();
    events.removeIf(e -> e.archive().equals(archive) && e.time().isBefore(before));
    return size - events.size();
  }

  @Override
  public synchronized void delete(String archive) {
    events.removeIf(e -> e.archive().equals(archive));
  }
}
