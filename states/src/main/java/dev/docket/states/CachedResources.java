package dev.docket.states;

import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The states service's view of the resource store with its point reads cached: every StartExecution
 * reads the machine (and its version or alias) and the revision it runs, and they change rarely
 * (revisions never). Writes through this view invalidate what they touch; the cache is bounded by
 * clearing it when it grows past {@link #MAX_ENTRIES}.
 *
 * <p>Single-node: a write by another node is not seen until the entry is evicted. Cluster mode
 * (PostgreSQL, several nodes) must invalidate across nodes (design note 0003, consequences).
 * Thread-safe.
 */
final class CachedResources implements ResourceStore {

  private static final int MAX_ENTRIES = 10_000;

  private final ResourceStore store;
  private final ConcurrentMap<String, Optional<ResourceRecord>> cache = new ConcurrentHashMap<>();

  CachedResources(ResourceStore store) {
    this.store = store;
  }

  @Override
  public boolean create(ResourceRecord record) {
    try {
      return store.create(record);
    } finally {
      cache.remove(key(record.kind(), record.id()));
    }
  }

  @Override
  public Optional<ResourceRecord> get(String kind, String id) {
    String key = key(kind, id);
    Optional<ResourceRecord> cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    Optional<ResourceRecord> read = store.get(kind, id);
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.putIfAbsent(key, read);
    return read;
  }

  @Override
  public List<ResourceRecord> list(
      String kind, String parent, String namePrefix, String afterName, int limit) {
    return store.list(kind, parent, namePrefix, afterName, limit);
  }

  @Override
  public boolean replace(ResourceRecord record) {
    try {
      return store.replace(record);
    } finally {
      cache.remove(key(record.kind(), record.id()));
    }
  }

  @Override
  public boolean delete(String kind, String id, long expectedVersion) {
    try {
      return store.delete(kind, id, expectedVersion);
    } finally {
      cache.remove(key(kind, id));
    }
  }

  private static String key(String kind, String id) {
    return kind + '\n' + id;
  }
}
