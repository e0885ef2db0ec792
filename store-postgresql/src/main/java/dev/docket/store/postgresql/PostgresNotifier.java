package dev.docket.store.postgresql;

import dev.docket.store.Notifier;
import dev.docket.store.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups across nodes over PostgreSQL's {@code LISTEN} / {@code NOTIFY}: a channel {@code c} is
 * the PostgreSQL channel {@code docket_c}. {@link #notify} runs {@code pg_notify} on a pooled
 * connection in autocommit, so it is sent at once; PostgreSQL delivers it to every connection
 * listening on that channel, this node's included.
 *
 * <p>Design: one dedicated connection (outside the pool, which would recycle it) listens, owned by
 * one virtual thread that loops on {@code PGConnection.getNotifications(timeout)} and calls the
 * listeners of each notification on that thread. pgjdbc holds the connection's lock while it waits,
 * so no other thread may issue {@code LISTEN}: {@link #listen} of a new channel queues a request,
 * wakes the loop with a notification on the control channel {@code docket} (which no {@code
 * docket_} channel can be), and waits until the loop has run {@code LISTEN}. Channels are never
 * unlistened; a notification of a channel without listeners is dropped. The loop starts with the
 * first listener.
 *
 * <p>Notifications are hints and can be lost: when the connection fails, the loop reconnects every
 * second and listens again on every channel, and whatever was notified in between is gone
 * (PostgreSQL keeps nothing for a listener that is not connected). Thread-safe.
 */
final class PostgresNotifier implements Notifier, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifier.class);

  private static final String PREFIX = "docket_";
  private static final String CONTROL = "docket";
  private static final int POLL_MILLIS = 500;
  private static final long RECONNECT_MILLIS = 1_000;
  private static final long LISTEN_WAIT_SECONDS = 10;

  private final PostgresConfig config;
  private final Database database;
  private final Map<String, CopyOnWriteArrayList<Consumer<String>>> listeners =
      new ConcurrentHashMap<>();
  private final Set<String> channels = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> requests =
      new ConcurrentLinkedQueue<>();
  private Thread loop;
  private volatile boolean closed;

  PostgresNotifier(PostgresConfig config, Database database) {
    this.config = config;
    this.database = database;
  }

  @Override
  public void notify(String channel, String payload) {
    Notifier.check(channel, payload);
    send(PREFIX + channel, payload);
  }

  @Override
  public Subscription listen(String channel, Consumer<String> listener) {
    Notifier.checkChannel(channel);
    Objects.requireNonNull(listener, "listener");
    if (closed) {
      throw new StoreException("the store is closed");
    }
    Consumer<String> registered = listener::accept;
    listeners.compute(
        channel,
        (c, list) -> {
          CopyOnWriteArrayList<Consumer<String>> ofChannel =
              list == null ? new CopyOnWriteArrayList<>() : list;
          ofChannel.add(registered);
          return ofChannel;
        });
    if (channels.add(channel)) {
      CompletableFuture<Void> listening = new CompletableFuture<>();
      requests.add(listening);
      if (start() != Thread.currentThread()) {
        // A listener that listens to a new channel runs on the loop, which cannot wait for itself;
        // the loop runs the LISTEN before it next waits for notifications.
        wake();
        await(listening, channel);
      }
    }
    return () ->
        listeners.computeIfPresent(
            channel,
            (c, list) -> {
              list.remove(registered);
              return list.isEmpty() ? null : list;
            });
  }

  /** Stops the loop and closes its connection; later notifications are not heard. Idempotent. */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      running = loop;
    }
    if (running != null) {
      running.interrupt();
      try {
        running.join(TimeUnit.SECONDS.toMillis(LISTEN_WAIT_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    requests.forEach(request -> request.cancel(false));
  }

  /** Starts the loop unless it runs; returns its thread. */
  private synchronized Thread start() {
    if (closed) {
      throw new StoreException("the store is closed");
    }
    if (loop == null) {
      loop = Thread.ofVirtual().name("docket-postgresql-notifier").start(this::run);
    }
    return loop;
  }

  private void wake() {
    try {
      send(CONTROL, "");
    } catch (StoreException e) {
      // the loop will see the request on its next poll
    }
  }

  private void send(String channel, String payload) {
    database.read(
        connection -> {
          try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, channel);
            notify.setString(2, payload);
            notify.execute();
          }
          return null;
        });
  }

  private static void await(CompletableFuture<Void> listening, String channel) {
    try {
      listening.get(LISTEN_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // The database is unreachable: the loop listens once it reconnects (a hint is all we owe).
      LOG.warn("Not yet listening on channel {}: PostgreSQL does not answer", channel);
    } catch (ExecutionException | CancellationException e) {
      LOG.warn("Not listening on channel {}: the store is closing", channel);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    boolean failing = false;
    while (!closed) {
      try (Connection connection = connect()) {
        Set<String> listening = new HashSet<>();
        execute(connection, "LISTEN " + CONTROL);
        if (failing) {
          LOG.info("Listening for notifications on PostgreSQL again");
          failing = false;
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        while (!closed) {
          List<CompletableFuture<Void>> answered = drainRequests();
          for (String channel : channels) {
            if (listening.add(channel)) {
              execute(connection, "LISTEN " + PREFIX + channel);
            }
          }
          answered.forEach(request -> request.complete(null));
          PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
          if (received != null) {
            for (PGNotification notification : received) {
              dispatch(notification.getName(), notification.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        if (!failing) {
          LOG.warn(
              "Lost the PostgreSQL notification connection; notifications are lost until it"
                  + " reconnects: {}",
              e.toString());
          failing = true;
        }
        try {
          Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private List<CompletableFuture<Void>> drainRequests() {
    List<CompletableFuture<Void>> drained = new ArrayList<>();
    for (CompletableFuture<Void> request; (request = requests.poll()) != null; ) {
      drained.add(request);
    }
    return drained;
  }

  private void dispatch(String name, String payload) {
    if (!name.startsWith(PREFIX)) {
      return;
    }
    String channel = name.substring(PREFIX.length());
    List<Consumer<String>> ofChannel = listeners.get(channel);
    if (ofChannel == null) {
      return;
    }
    for (Consumer<String> listener : ofChannel) {
      try {
        listener.accept(payload);
      } catch (RuntimeException e) {
        LOG.warn("A listener of channel {} failed", channel, e);
      }
    }
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", config.user());
    if (!config.password().isEmpty()) {
      properties.setProperty("password", config.password());
    }
    properties.setProperty("ApplicationName", "docket-notifier");
    properties.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(config.url(), properties);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
