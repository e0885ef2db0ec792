package dev.docket.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table of every external configuration key, declared once. {@link ConfigLoader} parses files,
 * environment variables and flags against it, {@link ServerConfig#defaults()} is built from its
 * defaults, and {@link ConfigDocs} renders it as {@code docs/configuration.md}. A new key is a new
 * line here plus its use in {@link ServerConfig#from}.
 */
public final class ConfigKeys {

  /** The address the HTTP port listens on. */
  public static final ConfigKey<String> SERVER_BIND =
      new ConfigKey<>(
          "server.bind",
          ConfigType.string(),
          "127.0.0.1",
          "Address the HTTP port listens on. Any address other than a loopback one turns"
              + " authentication on and requires `auth.access-keys`.");

  /** The TCP port. */
  public static final ConfigKey<Integer> SERVER_PORT =
      new ConfigKey<>(
          "server.port",
          ConfigType.integer(0, 65535),
          "4566",
          "TCP port serving every API; 0 picks a free port.");

  /** Where the database lives. */
  public static final ConfigKey<Path> STORE_DATA_DIR =
      new ConfigKey<>(
          "store.data-dir",
          ConfigType.path(),
          "data",
          "Directory holding the SQLite database (`docket.db`); created if missing. A relative"
              + " path resolves against the working directory.");

  /** How many writes share one commit. */
  public static final ConfigKey<Integer> STORE_MAX_BATCH_SIZE =
      new ConfigKey<>(
          "store.max-batch-size",
          ConfigType.integer(1, 100_000),
          "512",
          "Most writes committed together in one transaction (one fsync) by the writer thread.");

  /** How many connections serve plain reads. */
  public static final ConfigKey<Integer> STORE_READ_CONNECTIONS =
      new ConfigKey<>(
          "store.read-connections",
          ConfigType.integer(1, 64),
          "4",
          "Read-only database connections serving plain reads concurrently with the writer.");

  /** Which store holds the data. */
  public static final ConfigKey<String> STORE_KIND =
      new ConfigKey<>(
          "store.kind",
          ConfigType.matching("sqlite|postgresql", "sqlite or postgresql"),
          "sqlite",
          "Where the data lives: `sqlite`, an embedded database under `store.data-dir`, or"
              + " `postgresql`, the database at `store.postgresql.url` (which several Docket"
              + " nodes may share).");

  /** The JDBC URL of the PostgreSQL database. */
  public static final ConfigKey<String> STORE_POSTGRESQL_URL =
      new ConfigKey<>(
          "store.postgresql.url",
          ConfigType.matching("jdbc:postgresql:.+", "a jdbc:postgresql: URL"),
          "jdbc:postgresql://127.0.0.1:5432/docket",
          "JDBC URL of the PostgreSQL database when `store.kind` is `postgresql`. The database"
              + " must exist; Docket creates and migrates its tables at start.");

  /** The PostgreSQL user. */
  public static final ConfigKey<String> STORE_POSTGRESQL_USER =
      new ConfigKey<>(
          "store.postgresql.user",
          ConfigType.string(),
          "docket",
          "User Docket connects to PostgreSQL as; it needs to create tables in the database.");

  /** The PostgreSQL password. */
  public static final ConfigKey<String> STORE_POSTGRESQL_PASSWORD =
      new ConfigKey<>(
          "store.postgresql.password",
          ConfigType.string(),
          "",
          "Password of `store.postgresql.user`; empty for none (trust or peer authentication)."
              + " Prefer the environment variable to a file.");

  /** How many PostgreSQL connections the pool keeps. */
  public static final ConfigKey<Integer> STORE_POSTGRESQL_POOL_SIZE =
      new ConfigKey<>(
          "store.postgresql.pool-size",
          ConfigType.integer(1, 1024),
          "16",
          "Most connections to PostgreSQL this node keeps open; each request holds one only for"
              + " its transaction.");

  /** How long Docket waits for a PostgreSQL connection. */
  public static final ConfigKey<Duration> STORE_POSTGRESQL_CONNECT_TIMEOUT =
      new ConfigKey<>(
          "store.postgresql.connect-timeout",
          ConfigType.duration(Duration.ofMillis(250), Duration.ofMinutes(10)),
          "5s",
          "How long Docket waits for a connection to PostgreSQL: at start, before an unreachable"
              + " database stops it with one line, and while running, before a request that"
              + " needs the database while it is away fails with `ServiceUnavailable` (503, which"
              + " the AWS SDKs retry).");

  /** The node's name among the nodes sharing a PostgreSQL store. */
  public static final ConfigKey<String> CLUSTER_NODE_NAME =
      new ConfigKey<>(
          "cluster.node-name",
          ConfigType.matching("[A-Za-z0-9._-]{0,64}", "up to 64 of A-Z a-z 0-9 . _ -"),
          "",
          "This node's name in leases and logs when several nodes share a PostgreSQL store;"
              + " empty for the host's name. Each run adds a random incarnation to it, so a"
              + " restarted node never takes its previous run's leases for its own.");

  /** How long single-owner work stays with a node that stopped renewing its lease. */
  public static final ConfigKey<Duration> CLUSTER_LEASE_TIME =
      new ConfigKey<>(
          "cluster.lease-time",
          ConfigType.duration(Duration.ofSeconds(1), Duration.ofMinutes(10)),
          "10s",
          "On a shared PostgreSQL store, how long a bus's router, an archiver or a running"
              + " execution stays with a node that stopped renewing its lease (it renews every"
              + " third of this): a dead or paused node's work moves to another node after at"
              + " most this plus a third. Nodes' clocks must agree to well within it.");

  /** How often caches are dropped whatever the notifications said. */
  public static final ConfigKey<Duration> CLUSTER_RESYNC =
      new ConfigKey<>(
          "cluster.resync",
          ConfigType.duration(Duration.ofSeconds(1), Duration.ofHours(1)),
          "10s",
          "On a shared PostgreSQL store, how often a node drops what it caches of queues, rules,"
              + " bus policies and state machines even if no other node said they changed (a"
              + " lost notification is healed within this).");

  /** Whether SigV4 signatures are verified. */
  public static final ConfigKey<Boolean> AUTH_ENABLED =
      new ConfigKey<>(
          "auth.enabled",
          ConfigType.bool(),
          "false",
          "Verify the SigV4 signature of every request. Always on when `server.bind` is not a"
              + " loopback address.");

  /** The access keys accepted when authentication is on. */
  public static final ConfigKey<List<AccessKeyEntry>> AUTH_ACCESS_KEYS =
      new ConfigKey<>(
          "auth.access-keys",
          ConfigType.accessKeys(),
          "",
          "Access keys accepted when authentication is on: a list of maps with `access-key-id`,"
              + " `secret-key`, `account-id` (defaults to the principal's account, else"
              + " `aws.default-account`) and `principal`, the ARN of the user or role of that"
              + " account the key acts as (`arn:aws:iam::111122223333:user/alice`; defaults to the"
              + " account's root). In the environment: `ID:SECRET[:ACCOUNT[:PRINCIPAL]]` entries"
              + " separated by commas. With authentication off no key is needed: an access key id"
              + " of twelve digits acts as that account's root, any other as"
              + " `aws.default-account`.");

  /** How deliveries by Docket's own services are checked against resource policies. */
  public static final ConfigKey<String> AUTH_POLICY_ENFORCEMENT =
      new ConfigKey<>(
          "auth.policy-enforcement",
          ConfigType.matching("accounts|strict", "`accounts` or `strict`"),
          "accounts",
          "How deliveries Docket's services make on a rule's behalf are checked against the"
              + " target's resource policy. `accounts`: only a delivery into another account's"
              + " queue or bus needs that resource's policy to allow it (local development needs"
              + " no policies). `strict`: as AWS checks, every delivery by EventBridge into a"
              + " queue needs the queue's policy to allow `events.amazonaws.com` (with"
              + " `aws:SourceArn` the rule's ARN); a refused delivery fails with `NO_PERMISSIONS`"
              + " and goes to the target's dead-letter queue. Requests from clients are checked"
              + " the same way in both modes.");

  /** Which accounts belong to which organization. */
  public static final ConfigKey<Map<String, List<String>>> AUTH_ORGANIZATIONS =
      new ConfigKey<>(
          "auth.organizations",
          ConfigType.organizations(),
          "",
          "Organizations: a map of organization id (`o-exampleorgid`) to the list of its account"
              + " ids. A caller's organization is the `aws:PrincipalOrgID` of policy conditions."
              + " In the environment: `ORG=ACCOUNT ACCOUNT...` entries separated by commas.");

  /** The roles other accounts may assume. */
  public static final ConfigKey<Map<String, List<String>>> AUTH_ROLES =
      new ConfigKey<>(
          "auth.roles",
          ConfigType.roles(),
          "",
          "Roles that principals of other accounts may assume with STS AssumeRole: a map of role"
              + " ARN to the list of account ids trusted to assume it (Docket has no IAM, so this"
              + " stands for the role's trust policy). A role of the caller's own account is"
              + " always assumable. In the environment: `ROLE-ARN=ACCOUNT ACCOUNT...` entries"
              + " separated by commas.");

  /** The account of unauthenticated requests. */
  public static final ConfigKey<String> AWS_DEFAULT_ACCOUNT =
      new ConfigKey<>(
          "aws.default-account",
          ConfigType.matching("\\d{12}", "12 digits"),
          "000000000000",
          "Account id that requests act as when authentication is off and their access key id is"
              + " not twelve digits (such a key id acts as that account, LocalStack's convention).");

  /** The region of requests that name none. */
  public static final ConfigKey<String> AWS_DEFAULT_REGION =
      new ConfigKey<>(
          "aws.default-region",
          ConfigType.matching("[a-z]{2}(-[a-z]+)+-\\d+", "a region name like us-east-1"),
          "us-east-1",
          "Region used in ARNs when a request does not name one (unsigned requests).");

  /** The request size limit. */
  public static final ConfigKey<Integer> HTTP_MAX_REQUEST_BYTES =
      new ConfigKey<>(
          "http.max-request-bytes",
          ConfigType.integer(1024, 64 * 1024 * 1024),
          "8388608",
          "Largest request body accepted, in bytes; larger requests are refused with status 413."
              + " SQS batches hold up to 1 MiB of messages, which SQS itself checks (with its own"
              + " errors) below this limit.");

  /** The largest PutEvents entry. */
  public static final ConfigKey<Integer> EVENTS_MAX_ENTRY_SIZE =
      new ConfigKey<>(
          "events.max-entry-size",
          ConfigType.integer(1, 64 * 1024 * 1024),
          "1048576",
          "Largest PutEvents entry accepted, in bytes, measured as EventBridge measures it; AWS"
              + " allows 1 MiB. A request is also bounded by `http.max-request-bytes`.");

  /** How many attempts may run against one target at once. */
  public static final ConfigKey<Integer> DELIVERY_MAX_CONCURRENCY_PER_TARGET =
      new ConfigKey<>(
          "delivery.max-concurrency-per-target",
          ConfigType.integer(1, 10_000),
          "32",
          "Most deliveries attempted against one target (queue, bus, API destination) at once.");

  /** The ceiling of the first retry's delay. */
  public static final ConfigKey<Duration> DELIVERY_BACKOFF_BASE =
      new ConfigKey<>(
          "delivery.backoff-base",
          ConfigType.duration(Duration.ofMillis(1), Duration.ofHours(1)),
          "1s",
          "Ceiling of the delay before the first retry of a failed delivery; it doubles with each"
              + " retry up to `delivery.backoff-cap` (full jitter). Small values make tests fast.");

  /** The largest delay between retries. */
  public static final ConfigKey<Duration> DELIVERY_BACKOFF_CAP =
      new ConfigKey<>(
          "delivery.backoff-cap",
          ConfigType.duration(Duration.ofMillis(1), Duration.ofHours(24)),
          "15m",
          "Largest ceiling of the delay between two retries of a failed delivery.");

  /** Waits longer than this unload an execution until a durable timer wakes it. */
  public static final ConfigKey<Duration> STATES_PARK_AFTER =
      new ConfigKey<>(
          "states.park-after",
          ConfigType.duration(Duration.ofMillis(1), Duration.ofDays(1)),
          "60s",
          "A Wait (or retry interval) of a Standard execution longer than this unloads the"
              + " execution from memory until a durable timer wakes it; shorter waits sleep in"
              + " memory.");

  /** How long GetActivityTask waits. */
  public static final ConfigKey<Duration> STATES_ACTIVITY_POLL_WAIT =
      new ConfigKey<>(
          "states.activity-poll-wait",
          ConfigType.duration(Duration.ofMillis(1), Duration.ofMinutes(5)),
          "60s",
          "How long GetActivityTask waits for a task before answering none (AWS: 60 seconds).");

  /** How long a closed execution is kept. */
  public static final ConfigKey<Duration> STATES_EXECUTION_RETENTION =
      new ConfigKey<>(
          "states.execution-retention",
          ConfigType.duration(Duration.ofMinutes(1), Duration.ofDays(100_000)),
          "90d",
          "How long a closed (succeeded, failed, timed out or aborted) Standard execution and its"
              + " history are kept after it closed; then DescribeExecution and GetExecutionHistory"
              + " answer ExecutionDoesNotExist and ListExecutions no longer shows it (AWS: 90"
              + " days). A RUNNING execution is never deleted. Checked at start and every hour.");

  /** Docket functions: what Lambda resources of Task states call. */
  public static final ConfigKey<String> STATES_FUNCTIONS =
      new ConfigKey<>(
          "states.functions",
          ConfigType.string(),
          "",
          "Docket functions, `name=url` separated by commas: a Task state's Lambda resource"
              + " (`arn:aws:states:::lambda:invoke` with that `FunctionName`, or the function's"
              + " ARN) POSTs its payload to the URL and takes the JSON answer as the result.");

  /** Every key, in the order they are documented. */
  public static final List<ConfigKey<?>> ALL =
      List.of(
          SERVER_BIND,
          SERVER_PORT,
          STORE_DATA_DIR,
          STORE_MAX_BATCH_SIZE,
          STORE_READ_CONNECTIONS,
          STORE_KIND,
          STORE_POSTGRESQL_URL,
          STORE_POSTGRESQL_USER,
          STORE_POSTGRESQL_PASSWORD,
          STORE_POSTGRESQL_POOL_SIZE,
          STORE_POSTGRESQL_CONNECT_TIMEOUT,
          CLUSTER_NODE_NAME,
          CLUSTER_LEASE_TIME,
          CLUSTER_RESYNC,
          AUTH_ENABLED,
          AUTH_ACCESS_KEYS,
          AUTH_POLICY_ENFORCEMENT,
          AUTH_ORGANIZATIONS,
          AUTH_ROLES,
          AWS_DEFAULT_ACCOUNT,
          AWS_DEFAULT_REGION,
          HTTP_MAX_REQUEST_BYTES,
          EVENTS_MAX_ENTRY_SIZE,
          DELIVERY_MAX_CONCURRENCY_PER_TARGET,
          DELIVERY_BACKOFF_BASE,
          DELIVERY_BACKOFF_CAP,
          STATES_PARK_AFTER,
          STATES_ACTIVITY_POLL_WAIT,
          STATES_EXECUTION_RETENTION,
          STATES_FUNCTIONS);

  private ConfigKeys() {}

  /** The key named {@code name}, if there is one. */
  public static Optional<ConfigKey<?>> named(String name) {
    return ALL.stream().filter(key -> key.name().equals(name)).findFirst();
  }
}
