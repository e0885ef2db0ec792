package dev.docket.events;

import dev.docket.delivery.DeliveryRequest;
import dev.docket.store.EventLogStore;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>Thread-safe: routers are created inside {@link ConcurrentHashMap#computeIfAbsent}, so one bus
 * never gets two.
 */
final class EventRouters implements AutoCloseable {

  /** The resource kind of the index of buses with an event log. */
  static final String INDEX = "events.router";

  private static final Logger LOG = LoggerFactory.getLogger(EventRouters.class);
  private static final String INDEX_PARENT = "routers";
  private static final int PAGE = 100;
  private static final int BATCH_SIZE = 256;

  private final EventLogStore log;
  private final ResourceStore resources;
  private final RuleBook rules;
  private final Consumer<List<DeliveryRequest>> engine;
  private final Map<String, EventRouter> routers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  EventRouters(
      EventLogStore log,
      ResourceStore resources,
      RuleBook rules,
      Consumer<List<DeliveryRequest>> engine) {
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
      routers.computeIfAbsent(bus, this::newRouter);
    }
    if (!buses.isEmpty()) {
      LOG.info("resumed the routers of {} event buses", buses.size());
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

  /** Wakes the router of {@code busArn} after an append. */
  void wake(String busArn) {
    EventRouter router = routers.get(busArn);
    if (router != null) {
      router.wake();
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
    return new EventRouter(busArn, log, rules, engine, BATCH_SIZE).start();
  }
}
