package dev.docket.events;

import dev.docket.store.ArchiveStore;
import dev.docket.store.EventLogStore;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The archivers of all buses that have (or had) an archive, one {@link Archiver} per bus.
 *
 * <p>A bus gets its archiver when its first archive is created: the bus is recorded durably in a
 * small index (resource kind {@value #INDEX}) first, so {@link #start()} after a restart resumes it
 * from its cursor. {@link #trimLimit} is what keeps the router's trim of the log behind every
 * archiver. Thread-safe: archivers are created inside {@link ConcurrentHashMap#computeIfAbsent}.
 */
final class Archivers implements AutoCloseable {

  /** The resource kind of the index of buses with archives. */
  static final String INDEX = "events.archiver";

  private static final String INDEX_PARENT = "archivers";
  private static final int PAGE = 100;

  private final EventLogStore log;
  private final ArchiveStore store;
  private final ResourceStore resources;
  private final Clock clock;
  private final Map<String, Archiver> archivers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  Archivers(EventLogStore log, ArchiveStore store, ResourceStore resources, Clock clock) {
    this.log = log;
    this.store = store;
    this.resources = resources;
    this.clock = clock;
  }

  /** Starts the archiver of every bus in the index. */
  void start() {
    String after = "";
    List<String> buses = new ArrayList<>();
    while (true) {
      List<ResourceRecord> page = resources.list(INDEX, INDEX_PARENT, "", after, PAGE);
      page.forEach(record -> buses.add(record.id()));
      if (page.size() < PAGE) {
        break;
      }
      after = page.getLast().name();
    }
    buses.forEach(bus -> archivers.computeIfAbsent(bus, this::newArchiver));
  }

  /**
   * Makes sure {@code busArn} has a running archiver, recorded in the index; call before the
   * archive is written, so no trim of the log passes an event the new archive should keep.
   */
  void ensure(String busArn) {
    if (closed) {
      return;
    }
    archivers.computeIfAbsent(
        busArn,
        bus -> {
          if (resources.get(INDEX, bus).isEmpty()) {
            resources.create(new ResourceRecord(INDEX, bus, INDEX_PARENT, bus, 1, "{}"));
          }
          return newArchiver(bus);
        });
  }

  /** Tells the archiver of {@code busArn}, if any, that its archives changed. */
  void archivesChanged(String busArn) {
    Archiver archiver = archivers.get(busArn);
    if (archiver != null) {
      archiver.archivesChanged();
    }
  }

  /** Wakes the archiver of {@code busArn}, if any, after an append. */
  void wake(String busArn) {
    Archiver archiver = archivers.get(busArn);
    if (archiver != null) {
      archiver.wake();
    }
  }

  /** How far the log of {@code busArn} may be trimmed when its router asks for {@code through}. */
  long trimLimit(String busArn, long through) {
    Archiver archiver = archivers.get(busArn);
    return archiver == null ? through : Math.min(through, archiver.cursor());
  }

  /** Stops every archiver; their cursors stay. */
  @Override
  public void close() {
    closed = true;
    List<Archiver> running = new ArrayList<>(archivers.values());
    archivers.clear();
    running.forEach(Archiver::stop);
  }

  private Archiver newArchiver(String busArn) {
    return new Archiver(busArn, log, store, resources, clock).start();
  }
}
