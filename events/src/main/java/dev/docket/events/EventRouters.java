package dev.docket.events;

import dev.docket.delivery.Announcer;
import dev.docket.delivery.DeliveryRequest;
import dev.docket.delivery.Node;
import dev.docket.store.EventLogStore;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routers of all buses, one {@link EventRouter} per bus that has ever received an event.
 *
 * <p>A bus gets its router when its first event arrives: before that event is appended, the bus is
 * recorded durably in a small index (resource kind {@value #INDEX}), so that {@link #start()} after
 * a restart finds every bus whose log may hold events past its router's cursor and resumes routing
 * them. {@link #busDeleted} stops the router, forgets its cursor, trims the log and removes the bus
 * from the index. The running routers double as the set of buses known to exist, so PutEvents asks
 * the store whether a bus exists only for a bus not seen yet.
 *
 * <p>On a store shared by several nodes, every node runs a router for every bus in the index and
 * the lease decides which one routes (see {@link EventRouter}); an append on a node whose router
 * does not hold the lease is announced to the others ({@value #CHANNEL} {@code a <bus>,...}, off
 * the request's thread and coalesced by an {@link Announcer}), a node that hears of a bus it does
 * not know yet starts its router, and every resync lists the index again (a notification may be
 * lost).
 *
 * <p>Thread-safe: routers are created inside {@link ConcurrentHashMap#computeIfAbsent}, so one bus
 * never gets two.
 */
final class EventRouters implements AutoCloseable {

  /** The resource kind of the index of buses with an event log. */
  static final String INDEX = "events.router";

  /** The notification channel of bus events across nodes. */
  static final String CHANNEL = "events";

  private static final Logger LOG = LoggerFactory.getLogger(EventRouters.class);
  private static final String INDEX_PARENT = "routers";
  private static final int PAGE = 100;
  private static final int BATCH_SIZE = 256;

  private final EventLogStore log;
  private final ResourceStore resources;
  private final RuleBook rules;
  private final Consumer<List<DeliveryRequest>> engine;
  private final Node node;
  private final Announcer appends;
  private final Map<String, EventRouter> routers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** The routers of a store only this node uses (for tests of the parts). */
  EventRouters(
      EventLogStore log,
      ResourceStore resources,
      RuleBook rules,
      Consumer<List<DeliveryRequest>> engine) {
    this(log, resources, rules, engine, Node.alone(java.time.Clock.systemUTC()));
  }

  EventRouters(
      EventLogStore log,
      ResourceStore resources,
      RuleBook rules,
      Consumer<List<DeliveryRequest>> engine,
      Node node) {
    this.node = Objects.requireNonNull(node, "node");
    this.appends = new Announcer(node, CHANNEL, "a ");
    this.log = Objects.requireNonNull(log, "log");
    this.resources = Objects.requireNonNull(resources, "resources");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /**
   * Starts a router for every bus in the index (each resumes from its durable cursor) and listens
   * for rule changes.
   */
  void start() {
    rules.addListener(this::rulesChanged);
    int resumed = rescan();
    if (resumed > 0) {
      LOG.info("resumed the routers of {} event buses", resumed);
    }
  }

  /** Starts a router for every bus in the index that has none here; returns how many it started. */
  int rescan() {
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
    int started = 0;
    for (String bus : buses) {
      if (!closed && !routers.containsKey(bus)) {
        routers.computeIfAbsent(bus, this::newRouter);
        started++;
      }
    }
    if (node.shared()) {
      // a deletion on another node whose announcement was lost: its index entry is gone
      Set<String> indexed = new HashSet<>(buses);
      for (String bus : List.copyOf(routers.keySet())) {
        if (!indexed.contains(bus) && resources.get(INDEX, bus).isEmpty()) {
          deletedElsewhere(bus);
        }
      }
    }
    return started;
  }

  /**
   * Another node appended to {@code busArn}: wakes its router here, starting one if this node did
   * not know the bus yet (the appending node indexed it before its append).
   */
  void appendedElsewhere(String busArn) {
    if (closed) {
      return;
    }
    routers.computeIfAbsent(busArn, this::newRouter).wake();
  }

  /** Another node deleted {@code busArn}: stops its router here (that node forgot the rest). */
  void deletedElsewhere(String busArn) {
    EventRouter router = routers.remove(busArn);
    if (router != null) {
      router.stop();
    }
  }

  /**
   * Makes sure events appended to {@code busArn} will be routed, if the bus exists.
   *
   * @return whether the bus exists; false means its events are to be dropped
   */
  boolean prepare(String busArn) {
    if (routers.containsKey(busArn)) {
      return true;
    }
    if (closed || !exists(busArn)) {
      return false;
    }
    routers.computeIfAbsent(busArn, this::register);
    return true;
  }

  /**
   * Wakes the router of {@code busArn} after an append; on a shared store, when this node's router
   * does not route the bus, tells the node that does.
   */
  void wake(String busArn) {
    EventRouter router = routers.get(busArn);
    if (router != null) {
      router.wake();
    }
    if (router == null || !router.holding()) {
      appends.announce(busArn);
    }
  }

  /** Tells the router of {@code busArn}, if it has one, that the bus's rules changed. */
  void rulesChanged(String busArn) {
    EventRouter router = routers.get(busArn);
    if (router != null) {
      router.rulesChanged();
    }
  }

  /**
   * The bus {@code busArn} was deleted: stops its router, forgets the router's cursor, deletes the
   * bus's remaining events and removes it from the index.
   */
  void busDeleted(String busArn) {
    EventRouter router = routers.remove(busArn);
    if (router != null) {
      router.stop();
    }
    log.forget(EventRouter.consumerOf(busArn));
    log.trim(busArn, Long.MAX_VALUE);
    resources
        .get(INDEX, busArn)
        .ifPresent(record -> resources.delete(INDEX, busArn, record.version()));
  }

  /** Stops every router; their cursors stay where they are. */
  @Override
  public void close() {
    closed = true;
    appends.close();
    List<EventRouter> running = new ArrayList<>(routers.values());
    routers.clear();
    running.forEach(EventRouter::stop);
  }

  private boolean exists(String busArn) {
    if (Arns.busName(busArn).filter(Arns.DEFAULT_BUS::equals).isPresent()) {
      return true; // every account has its default bus in every region
    }
    return resources.get(Documents.BUS, busArn).isPresent();
  }

  /** Records the bus in the index (durably, before any of its events is appended), then routes. */
  private EventRouter register(String busArn) {
    if (resources.get(INDEX, busArn).isEmpty()) {
      resources.create(new ResourceRecord(INDEX, busArn, INDEX_PARENT, busArn, 1, "{}"));
    }
    return newRouter(busArn);
  }

  private EventRouter newRouter(String busArn) {
    return new EventRouter(busArn, log, rules, engine, BATCH_SIZE, node).start();
  }
}
