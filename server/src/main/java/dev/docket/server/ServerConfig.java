package dev.docket.server;

import dev.docket.delivery.DeliveryConfig;
import dev.docket.events.EventsConfig;
import dev.docket.http.HttpConfig;
import dev.docket.model.Principal;
import dev.docket.policy.PolicyEnforcement;
import dev.docket.queues.QueuesConfig;
import dev.docket.states.StatesConfig;
import dev.docket.store.postgresql.PostgresConfig;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.sts.StsConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link DocketServer} needs, one immutable record per component. External keys and
 * their defaults are declared in {@link ConfigKeys}; {@link ConfigLoader} reads them from a file,
 * the environment and flags.
 *
 * <p>The constructor enforces the one safety rule: a server reachable from other machines must
 * authenticate. Binding to a non-loopback address without access keys is refused, and binding to
 * one with access keys turns authentication on whatever {@code auth.enabled} says. Immutable and
 * thread-safe.
 *
 * @param http the wire layer: bind address, port, authentication, defaults for unsigned requests
 * @param store the SQLite store, including its data directory (used when {@code postgresql} is
 *     empty)
 * @param queues the queue service
 * @param events the events service
 * @param delivery the delivery engine: concurrency per target, retry backoff
 * @param states the states service: parking of long waits, activity polls, functions
 * @param sts STS: the roles other accounts may assume, organizations
 * @param postgresql the PostgreSQL store, when the data lives there ({@code store.kind:
 *     postgresql}); empty for the embedded SQLite store
 * @param cluster this node's name and lease timings among the nodes sharing a PostgreSQL store
 */
public record ServerConfig(
    HttpConfig http,
    SqliteConfig store,
    QueuesConfig queues,
    EventsConfig events,
    DeliveryConfig delivery,
    StatesConfig states,
    StsConfig sts,
    Optional<PostgresConfig> postgresql,
    ClusterConfig cluster) {

  /** Validates the combination, and turns authentication on for a non-loopback bind. */
  public ServerConfig {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(queues, "queues");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(states, "states");
    Objects.requireNonNull(sts, "sts");
    Objects.requireNonNull(postgresql, "postgresql");
    Objects.requireNonNull(cluster, "cluster");
    boolean loopback = isLoopback(http.bindAddress());
    if (!loopback && http.accessKeys().isEmpty()) {
      throw new ConfigException(
          "Refusing to bind to "
              + http.bindAddress()
              + " without access keys: configure auth.access-keys or bind to 127.0.0.1");
    }
    if (http.authEnabled() && http.accessKeys().isEmpty()) {
      throw new ConfigException(
          "auth.enabled is true but no auth.access-keys are configured: every request would be"
              + " refused");
    }
    if (!loopback && !http.authEnabled()) {
      http = withAuth(http);
    }
  }

  /** A configuration without cross-account roles. */
  public ServerConfig(
      HttpConfig http,
      SqliteConfig store,
      QueuesConfig queues,
      EventsConfig events,
      DeliveryConfig delivery,
      StatesConfig states) {
    this(
        http,
        store,
        queues,
        events,
        delivery,
        states,
        StsConfig.defaults(),
        Optional.empty(),
        ClusterConfig.defaults());
  }

  /** A configuration with the events service's and the delivery engine's defaults. */
  public ServerConfig(HttpConfig http, SqliteConfig store, QueuesConfig queues) {
    this(
        http,
        store,
        queues,
        EventsConfig.defaults(),
        DeliveryConfig.defaults(),
        StatesConfig.defaults());
  }

  /** This configuration with other queue service settings. */
  public ServerConfig withQueues(QueuesConfig newQueues) {
    return new ServerConfig(
        http, store, newQueues, events, delivery, states, sts, postgresql, cluster);
  }

  /** This configuration with other events service limits. */
  public ServerConfig withEvents(EventsConfig newEvents) {
    return new ServerConfig(
        http, store, queues, newEvents, delivery, states, sts, postgresql, cluster);
  }

  /** This configuration with another delivery engine configuration (tests shorten the backoff). */
  public ServerConfig withDelivery(DeliveryConfig newDelivery) {
    return new ServerConfig(
        http, store, queues, events, newDelivery, states, sts, postgresql, cluster);
  }

  /** This configuration with another states service configuration. */
  public ServerConfig withStates(StatesConfig newStates) {
    return new ServerConfig(
        http, store, queues, events, delivery, newStates, sts, postgresql, cluster);
  }

  /** This configuration with other STS settings (roles other accounts may assume). */
  public ServerConfig withSts(StsConfig newSts) {
    return new ServerConfig(
        http, store, queues, events, delivery, states, newSts, postgresql, cluster);
  }

  /** This configuration with another wire-layer configuration (keys, organizations). */
  public ServerConfig withHttp(HttpConfig newHttp) {
    return new ServerConfig(
        newHttp, store, queues, events, delivery, states, sts, postgresql, cluster);
  }

  /** This configuration with other cluster settings. */
  public ServerConfig withCluster(ClusterConfig newCluster) {
    return new ServerConfig(
        http, store, queues, events, delivery, states, sts, postgresql, newCluster);
  }

  /** This configuration with the data in PostgreSQL. */
  public ServerConfig withPostgresql(PostgresConfig newPostgresql) {
    return new ServerConfig(
        http, store, queues, events, delivery, states, sts, Optional.of(newPostgresql), cluster);
  }

  /** A description of where the data lives, for logs: a directory or a JDBC URL. */
  public String storeDescription() {
    return postgresql
        .map(p -> "postgresql " + p.url())
        .orElseGet(() -> store.dataDirectory().toAbsolutePath().normalize().toString());
  }

  /** The defaults of {@link ConfigKeys}: loopback, port 4566, {@code ./data}, no auth. */
  public static ServerConfig defaults() {
    return from(ConfigValues.defaults());
  }

  /** This configuration listening on another port (0 picks a free one). */
  public ServerConfig withPort(int port) {
    return new ServerConfig(
        http.withPort(port), store, queues, events, delivery, states, sts, postgresql, cluster);
  }

  /** This configuration with the data in another directory. */
  public ServerConfig withDataDirectory(Path dataDirectory) {
    return new ServerConfig(
        http,
        new SqliteConfig(
            dataDirectory, store.maxBatchSize(), store.readConnections(), store.busyTimeout()),
        queues,
        events,
        delivery,
        states,
        sts,
        postgresql,
        cluster);
  }

  static ServerConfig from(ConfigValues values) {
    String defaultAccount = values.get(ConfigKeys.AWS_DEFAULT_ACCOUNT);
    Map<String, HttpConfig.AccessKey> keys = new LinkedHashMap<>();
    for (AccessKeyEntry entry : values.get(ConfigKeys.AUTH_ACCESS_KEYS)) {
      String account = entry.accountId() == null ? defaultAccount : entry.accountId();
      Principal principal =
          entry.principal() == null ? Principal.root(account) : Principal.ofArn(entry.principal());
      if (keys.put(entry.accessKeyId(), new HttpConfig.AccessKey(entry.secretKey(), principal))
          != null) {
        throw new ConfigException(
            "auth.access-keys lists access key id '" + entry.accessKeyId() + "' twice");
      }
    }
    HttpConfig http =
        new HttpConfig(
            values.get(ConfigKeys.SERVER_BIND),
            values.get(ConfigKeys.SERVER_PORT),
            values.get(ConfigKeys.AUTH_ENABLED),
            Collections.unmodifiableMap(keys),
            defaultAccount,
            values.get(ConfigKeys.AWS_DEFAULT_REGION),
            values.get(ConfigKeys.HTTP_MAX_REQUEST_BYTES),
            accountOrganizations(values.get(ConfigKeys.AUTH_ORGANIZATIONS)));
    SqliteConfig defaults = SqliteConfig.defaults(values.get(ConfigKeys.STORE_DATA_DIR));
    SqliteConfig store =
        new SqliteConfig(
            defaults.dataDirectory(),
            values.get(ConfigKeys.STORE_MAX_BATCH_SIZE),
            values.get(ConfigKeys.STORE_READ_CONNECTIONS),
            defaults.busyTimeout());
    return new ServerConfig(
        http,
        store,
        QueuesConfig.defaults()
            .withDeliveryPolicies(
                values.get(ConfigKeys.AUTH_POLICY_ENFORCEMENT).equals("strict")
                    ? PolicyEnforcement.STRICT
                    : PolicyEnforcement.ACCOUNTS),
        new EventsConfig(values.get(ConfigKeys.EVENTS_MAX_ENTRY_SIZE)),
        DeliveryConfig.defaults()
            .withMaxConcurrencyPerTarget(values.get(ConfigKeys.DELIVERY_MAX_CONCURRENCY_PER_TARGET))
            .withBackoff(
                values.get(ConfigKeys.DELIVERY_BACKOFF_BASE),
                values.get(ConfigKeys.DELIVERY_BACKOFF_CAP)),
        new StatesConfig(
            values.get(ConfigKeys.STATES_PARK_AFTER),
            values.get(ConfigKeys.STATES_ACTIVITY_POLL_WAIT),
            functions(values.get(ConfigKeys.STATES_FUNCTIONS)),
            values.get(ConfigKeys.STATES_EXECUTION_RETENTION)),
        new StsConfig(roles(values.get(ConfigKeys.AUTH_ROLES)), http.organizations()),
        postgresql(values),
        new ClusterConfig(
            values.get(ConfigKeys.CLUSTER_NODE_NAME).isEmpty()
                ? ClusterConfig.hostName()
                : values.get(ConfigKeys.CLUSTER_NODE_NAME),
            values.get(ConfigKeys.CLUSTER_LEASE_TIME),
            values.get(ConfigKeys.CLUSTER_RESYNC)));
  }

  /** The PostgreSQL store's configuration when {@code store.kind} is {@code postgresql}. */
  private static Optional<PostgresConfig> postgresql(ConfigValues values) {
    if (!"postgresql".equals(values.get(ConfigKeys.STORE_KIND))) {
      return Optional.empty();
    }
    return Optional.of(
        new PostgresConfig(
            values.get(ConfigKeys.STORE_POSTGRESQL_URL),
            values.get(ConfigKeys.STORE_POSTGRESQL_USER),
            values.get(ConfigKeys.STORE_POSTGRESQL_PASSWORD),
            values.get(ConfigKeys.STORE_POSTGRESQL_POOL_SIZE),
            values.get(ConfigKeys.STORE_POSTGRESQL_CONNECT_TIMEOUT)));
  }

  /** Inverts {@code auth.organizations}: each account's organization; one each at most. */
  static Map<String, String> accountOrganizations(Map<String, List<String>> organizations) {
    Map<String, String> byAccount = new LinkedHashMap<>();
    organizations.forEach(
        (org, accounts) ->
            accounts.forEach(
                account -> {
                  String other = byAccount.put(account, org);
                  if (other != null && !other.equals(org)) {
                    throw new ConfigException(
                        "auth.organizations puts account "
                            + account
                            + " in two organizations, "
                            + other
                            + " and "
                            + org
                            + "; an account belongs to one organization at most");
                  }
                }));
    return byAccount;
  }

  private static Map<String, java.util.Set<String>> roles(Map<String, List<String>> roles) {
    Map<String, java.util.Set<String>> trusted = new LinkedHashMap<>();
    roles.forEach((arn, accounts) -> trusted.put(arn, new LinkedHashSet<>(accounts)));
    return trusted;
  }

  /** Parses {@code name=url[,name=url...]}. */
  static Map<String, URI> functions(String text) {
    Map<String, URI> functions = new LinkedHashMap<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        throw new ConfigException(
            "states.functions entries are name=url, but got '" + entry.trim() + "'");
      }
      String url = entry.substring(equals + 1).trim();
      try {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          throw new IllegalArgumentException("not http(s)");
        }
        functions.put(entry.substring(0, equals).trim(), uri);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "states.functions: '" + url + "' is not an http(s) URL (" + e.getMessage() + ")");
      }
    }
    return functions;
  }

  private static HttpConfig withAuth(HttpConfig h) {
    return h.withAuthEnabled(true);
  }

  /** Whether {@code address} (a literal or a host name) is a loopback address. */
  static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException(
          "server.bind must be an IP address or a resolvable host name, but was '" + address + "'");
    }
  }
}
