package dev.docket.events;

import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ResourceStore} in a map for the events module's unit tests (the SQLite store passes the
 * real contract); counts list calls. Thread-safe.
 */
public class InMemoryResources implements ResourceStore {

  private final Map<String, ResourceRecord> records = new ConcurrentHashMap<>();

  /** How many times {@link #list} was called. */
  public final AtomicInteger lists = new AtomicInteger();

  private static String key(String kind, String id) {
    return kind + "\n" + id;
  }

  @Override
  public synchronized boolean create(ResourceRecord record) {
    boolean nameTaken =
        records.values().stream()
            .anyMatch(
                r ->
                    r.kind().equals(record.kind())
                        && r.parent().equals(record.parent())
                        && r.name().equals(record.name()));
    return !nameTaken && records.putIfAbsent(key(record.kind(), record.id()), record) == null;
  }

  @Override
  public Optional<ResourceRecord> get(String kind, String id) {
    return Optional.ofNullable(records.get(key(kind, id)));
  }

  @Override
  public List<ResourceRecord> list(
      String kind, String parent, String namePrefix, String afterName, int limit) {
    lists.incrementAndGet();
    return records.values().stream()
        .filter(r -> r.kind().equals(kind) && r.parent().equals(parent))
        .filter(r -> r.name().startsWith(namePrefix) && r.name().compareTo(afterName) > 0)
        .sorted(Comparator.comparing(ResourceRecord::name))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean replace(ResourceRecord record) {
    ResourceRecord current = records.get(key(record.kind(), record.id()));
    if (current == null || current.version() != record.version() - 1) {
      return false;
    }
    records.put(key(record.kind(), record.id()), record);
    return true;
  }

  @Override
  public synchronized boolean delete(String kind, String id, long expectedVersion) {
    ResourceRecord current = records.get(key(kind, id));
    if (current == null || current.version() != expectedVersion) {
      return false;
    }
    records.remove(key(kind, id));
    return true;
  }
}
