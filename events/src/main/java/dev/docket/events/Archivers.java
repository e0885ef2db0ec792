package dev.docket.events;

import dev.docket.delivery.Node;
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
 * archiver.
 *
 * <p>On a store shared by several nodes, every node runs an archiver for every indexed bus and the
 * lease decides which one archives (see {@link Archiver}); a change of a bus's archives is
 * announced to the other nodes ({@link #archivesChanged}, heard by {@link #changedElsewhere}), and
 * the router's trim limit is the archiver's durable cursor, wherever the archiver runs.
 *
 * <p>Thread-safe: archivers are created inside {@link ConcurrentHashMap#computeIfAbsent}.
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
  private final Node node;
  private final Map<String, Archiver> archivers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  Archivers(
      EventLogStore log, ArchiveStore store, ResourceStore resources, Clock clock, Node node) {
    this.node = node;
    this.log = log;
    this.store = store;
    this.resources = resources;
    this.clock = clock;
  }

  /** Starts the archiver of every bus in the index. */
  void start() {
    rescan();
  }

  /** Starts an archiver for every indexed bus that has none here; tells the others to reload. */
  void rescan() {
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
    for (String bus : buses) {
      if (!closed) {
        archivers.computeIfAbsent(bus, this::newArchiver);
      }
    }
  }

  /** Has every archiver here reload its bus's archives (a resync of a shared store). */
  void reloadAll() {
    archivers.values().forEach(Archiver::archivesChanged);
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

  /** Tells the archiver of {@code busArn}, if any, that its archives changed; and the others. */
  void archivesChanged(String busArn) {
    Archiver archiver = archivers.get(busArn);
    if (archiver != null) {
      archiver.archivesChanged();
    }
    node.notifyOthers(EventRouters.CHANNEL, "x " + busArn);
  }

  /**
   * Another node changed the archives of {@code busArn} (and indexed the bus first): runs an
   * archiver for it here too, told to reload.
   */
  void changedElsewhere(String busArn) {
    if (closed) {
      return;
    }
    archivers.computeIfAbsent(busArn, this::newArchiver).archivesChanged();
  }

  /** Wakes the archiver of {@code busArn}, if any, after an append. */
  void wake(String busArn) {
    Archiver archiver = archivers.get(busArn);
    if (archiver != null) {
      archiver.wake();
    }
  }

  /**
   * How far the log of {@code busArn} may be trimmed when its router asks for {@code through}. On a
   * shared store the archiver may run on another node: its durable cursor is the limit, for every
   * bus in the index (indexed before its first archive is written).
   */
  long trimLimit(String busArn, long through) {
    if (node.shared()) {
      if (resources.get(INDEX, busArn).isEmpty()) {
        return through;
      }
      return Math.min(through, log.cursor(Archiver.consumerOf(busArn)));
    }
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
    return new Archiver(busArn, log, store, resources, clock, node).start();
  }
}
