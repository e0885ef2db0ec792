package dev.docket.states;

import dev.docket.delivery.Node;
import dev.docket.store.Notifier;
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
 * <p>On a store other nodes share (design note 0006, "Caches"), every write through this view also
 * tells the other nodes ({@link Node#notifyOthers} on {@link #CHANNEL}, the entry's key as payload)
 * and each drops that entry; since a notification may be lost, every node also drops the whole
 * cache at each resync ({@code cluster.resync}). Between a write and the notification another node
 * may serve the old entry for a moment, as AWS's own eventual consistency allows. Thread-safe.
 */
final class CachedResources implements ResourceStore, AutoCloseable {

  /** The channel on which nodes tell each other which entries to drop. */
  static final String CHANNEL = "states_cache";

  private static final int MAX_ENTRIES = 10_000;

  private final ResourceStore store;
  private final ConcurrentMap<String, Optional<ResourceRecord>> cache = new ConcurrentHashMap<>();
  private final Node node;
  private final Notifier.Subscription subscription;

  /** A cached view of {@code store} on {@code node}; on a shared store it listens to the others. */
  CachedResources(ResourceStore store, Node node) {
    this.store = store;
    this.node = node;
    this.subscription = node.listenToOthers(CHANNEL, cache::remove);
    node.onResync(cache::clear);
  }

  @Override
  public boolean create(ResourceRecord record) {
    try {
      return store.create(record);
    } finally {
      dropEverywhere(key(record.kind(), record.id()));
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
      dropEverywhere(key(record.kind(), record.id()));
    }
  }

  @Override
  public boolean delete(String kind, String id, long expectedVersion) {
    try {
      return store.delete(kind, id, expectedVersion);
    } finally {
      dropEverywhere(key(kind, id));
    }
  }

  /** Drops an entry here and tells the other nodes to drop it (after the write committed). */
  private void dropEverywhere(String key) {
    cache.remove(key);
    node.notifyOthers(CHANNEL, key);
  }

  /** Stops listening to the other nodes. */
  @Override
  public void close() {
    subscription.close();
  }

  private static String key(String kind, String id) {
    return kind + '\n' + id;
  }
}
