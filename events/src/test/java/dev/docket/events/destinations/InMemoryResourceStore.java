package dev.docket.events.destinations;

import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ResourceStore} in a map, for unit tests (the SQLite store passes the real contract). */
class InMemoryResourceStore implements ResourceStore {

  private final Map<String, ResourceRecord> records = new ConcurrentHashMap<>();

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
    if (nameTaken || records.containsKey(key(record.kind(), record.id()))) {
      return false;
    }
    records.put(key(record.kind(), record.id()), record);
    return true;
  }

  @Override
  public Optional<ResourceRecord> get(String kind, String id) {
    return Optional.ofNullable(records.get(key(kind, id)));
  }

  @Override
  public synchronized List<ResourceRecord> list(
      String kind, String parent, String namePrefix, String afterName, int limit) {
    return records.values().stream()
        .filter(r -> r.kind().equals(kind) && r.parent().equals(parent))
        .filter(r -> r.name().startsWith(namePrefix))
        .filter(r -> afterName.isEmpty() || r.name().compareTo(afterName) > 0)
        .sorted(Comparator.comparing(ResourceRecord::name))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean replace(ResourceRecord record) {
    ResourceRecord stored = records.get(key(record.kind(), record.id()));
    if (stored == null || stored.version() != record.version() - 1) {
      return false;
    }
    records.put(key(record.kind(), record.id()), record);
    return true;
  }

  @Override
  public synchronized boolean delete(String kind, String id, long expectedVersion) {
    ResourceRecord stored = records.get(key(kind, id));
    if (stored == null || stored.version() != expectedVersion) {
      return false;
    }
    records.remove(key(kind, id));
    return true;
  }
}
