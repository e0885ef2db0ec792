package dev.docket.server;

import dev.docket.delivery.DeliveryEngine;
import dev.docket.delivery.Node;
import dev.docket.delivery.Targets;
import dev.docket.events.EventsService;
import dev.docket.events.destinations.ApiDestinationTargets;
import dev.docket.http.HttpConfig;
import dev.docket.http.WireServer;
import dev.docket.model.AwsService;
import dev.docket.queues.QueueService;
import dev.docket.scheduler.SchedulerService;
import dev.docket.states.StatesService;
import dev.docket.states.integrations.Integrations;
import dev.docket.store.Store;
import dev.docket.store.postgresql.PostgresStore;
import dev.docket.store.sqlite.SqliteStore;
import dev.docket.sts.StsService;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Docket: the store, the services over it (queues, events, states, scheduler, STS) and
 * the wire layer in front, opening STS's session tokens with the key STS keeps in the store,
 * started together and closed together.
 *
 * <p>{@link #close()} stops in the reverse order of start: first the wire server (no new requests;
 * in-flight ones finish), then the services (background work stops, long polls are released), then
 * the store (pending writes are committed). So nothing acknowledged to a client is lost by a clean
 * stop. Thread-safe: accessors may be called from any thread, and {@code close} is idempotent.
 */
public final class DocketServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DocketServer.class);

  private final ServerConfig config;
  private final Store store;
  private final List<AutoCloseable> services;
  private final List<Runnable> timerLoops;
  private final WireServer wire;
  private final int port;
  private final URI endpoint;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DocketServer(
      ServerConfig config,
      Store store,
      List<AutoCloseable> services,
      List<Runnable> timerLoops,
      WireServer wire) {
    this.config = config;
    this.store = store;
    this.services = List.copyOf(services);
    this.timerLoops = List.copyOf(timerLoops);
    this.wire = wire;
    this.port = wire.port();
    this.endpoint = endpointOf(config.http().bindAddress(), port);
  }

  /**
   * Starts a server with the system clock (UTC).
   *
   * @throws StartupException if anything fails to start; whatever had started is closed again
   */
  public static DocketServer start(ServerConfig config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * Starts a server on {@code clock}; tests may pass a controllable clock.
   *
   * @throws StartupException if anything fails to start; whatever had started is closed again
   */
  public static DocketServer start(ServerConfig config, Clock clock) {
    long startNanos = System.nanoTime();
    HttpConfig http = config.http();
    String data = config.storeDescription();
    Store store = null;
    Node node = null;
    QueueService queues = null;
    EventsService events = null;
    StatesService states = null;
    SchedulerService scheduler = null;
    DeliveryEngine engine = null;
    ApiDestinationTargets apiDestinations = null;
    WireServer wire = null;
    String step = "open the store in " + data;
    long storeNanos = startNanos;
    long servicesNanos = startNanos;
    try {
      store =
          config.postgresql().isPresent()
              ? PostgresStore.open(config.postgresql().get())
              : SqliteStore.open(config.store());
      storeNanos = System.nanoTime();
      ClusterConfig cluster = config.cluster();
      node =
          config.postgresql().isPresent()
              ? Node.shared(
                  store, cluster.nodeName(), cluster.leaseTime(), cluster.resyncEvery(), clock)
              : Node.single(store, clock);
      step = "start the queue service";
      queues =
          new QueueService(
              store.queues(),
              config.queues(),
              clock,
              http.defaultRegion(),
              config.queues().deliveryPolicies(),
              node);
      step = "start the delivery engine";
      // Every service that offers targets registers its provider before anything delivers.
      Targets targets = new Targets();
      engine = new DeliveryEngine(store.timers(), targets, config.delivery(), clock);
      step = "start the events service";
      events = new EventsService(store, config.events(), engine, clock, node);
      targets.register(queues.targets());
      targets.register(events.busTargets());
      apiDestinations = ApiDestinationTargets.create(store.resources(), clock);
      targets.register(apiDestinations);
      targets.register(apiDestinations.connectionTargets());
      step = "start the states service";
      states =
          new StatesService(
              store,
              config.states(),
              new Integrations(targets, config.states().functions(), clock),
              clock,
              node);
      targets.register(states.targets());
      step = "start the scheduler service";
      scheduler = new SchedulerService(store, engine, clock, RandomGenerator.getDefault());
      step = "start the STS service (load the session-token key)";
      StsService sts = new StsService(store.resources(), config.sts());
      engine.start();
      events.start();
      states.start();
      scheduler.start();
      servicesNanos = System.nanoTime();
      step = "listen on " + http.bindAddress() + ":" + http.port();
      List<AwsService> served = List.of(queues, events, states, scheduler, sts);
      wire = WireServer.start(http, served, sts.tokens(), clock);
    } catch (RuntimeException e) {
      String reason = describe(e);
      // A failure that already names the step (WireServer's "Cannot listen on ...") is not
      // prefixed a second time.
      StartupException failure =
          new StartupException(
              reason.startsWith("Cannot " + step) ? reason : "Cannot " + step + ": " + reason, e);
      closeAll(
          failure, wire, scheduler, states, events, engine, apiDestinations, queues, node, store);
      throw failure;
    } catch (Error e) {
      closeAll(e, wire, scheduler, states, events, engine, apiDestinations, queues, node, store);
      throw e;
    }
    // closed in this order after the wire server: the routers first (they hand deliveries to the
    // engine), then the engine (it delivers to queues and buses), then the queues
    DocketServer server =
        new DocketServer(
            config,
            store,
            List.of(scheduler, states, events, engine, apiDestinations, queues, node),
            List.of(events::wakeTimers, states::wakeTimers, scheduler::wakeTimers, engine::wake),
            wire);
    long endNanos = System.nanoTime();
    LOG.info(
        "Docket {} serving {} (auth {}, data {}) started in {} ms (store {} ms, services {} ms,"
            + " wire {} ms)",
        Version.current(),
        server.endpoint,
        http.authEnabled() ? "on" : "off",
        data,
        millis(endNanos - startNanos),
        millis(storeNanos - startNanos),
        millis(servicesNanos - storeNanos),
        millis(endNanos - servicesNanos));
    return server;
  }

  /**
   * The port the server listens on (the actual one when configured with port 0), even after close.
   */
  public int port() {
    return port;
  }

  /**
   * Where clients reach the server, e.g. {@code http://127.0.0.1:4566}; a wildcard bind is reported
   * as the loopback address.
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * The running service of that class (e.g. {@code StatesService}), for tests that drive a node
   * beyond its API, such as simulating its crash in one JVM; empty if the server has none.
   */
  public <T> Optional<T> service(Class<T> type) {
    return services.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** The configuration the server runs with (authentication as enforced, not as requested). */
  public ServerConfig config() {
    return config;
  }

  /**
   * Wakes every loop that waits for due timers (schedules, retries, parked executions) to look at
   * the clock again. A test that runs the server on a manual clock calls it after moving the clock
   * ({@code DocketExtension#advance}); with the system clock it only costs a look.
   */
  public void wakeTimers() {
    timerLoops.forEach(Runnable::run);
  }

  /** Stops the wire server, then the services, then the store. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException failure = new IllegalStateException("Docket did not stop cleanly");
    List<AutoCloseable> order = new ArrayList<>();
    order.add(wire);
    order.addAll(services);
    order.add(store);
    closeAll(failure, order.toArray(AutoCloseable[]::new));
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
    LOG.info("Docket stopped");
  }

  /** Closes each non-null resource in order, adding every failure to {@code failure}. */
  private static void closeAll(Throwable failure, AutoCloseable... resources) {
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception | Error e) {
        failure.addSuppressed(e);
      }
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += " (" + root.getMessage() + ")";
    }
    return message;
  }

  private static URI endpointOf(String bindAddress, int port) {
    String host = bindAddress;
    try {
      InetAddress address = InetAddress.getByName(bindAddress);
      if (address.isAnyLocalAddress()) {
        host = "127.0.0.1";
      } else if (host.contains(":")) {
        host = "[" + host + "]";
      }
    } catch (UnknownHostException e) {
      // already resolved once by ServerConfig; keep the name as given
    }
    return URI.create("http://" + host + ":" + port);
  }
}
