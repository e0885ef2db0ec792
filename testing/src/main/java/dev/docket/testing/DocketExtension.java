package dev.docket.testing;

import dev.docket.http.HttpConfig;
import dev.docket.model.Principal;
import dev.docket.schedule.ManualClock;
import dev.docket.server.DocketServer;
import dev.docket.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Runs Docket inside the test JVM, once per test class, on a free loopback port with its data in a
 * fresh temporary directory that is deleted afterwards.
 *
 * <pre>{@code
 * class QueueTest {
 *   @RegisterExtension static DocketExtension docket = DocketExtension.create();
 *
 *   @Test
 *   void sendsAMessage() {
 *     String url = docket.sqs().createQueue(b -> b.queueName("orders")).queueUrl();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #sqs()} is an SDK v2 client for the server (region {@code us-east-1}, credentials
 * {@code test}/{@code test}, or the first configured access key when authentication is on), shared
 * by the class and closed after it. For SigV4 tests, {@link Builder#accessKey} turns authentication
 * on. The extension must be registered on a {@code static} field; nested test classes share their
 * outer class's server. Accessors are thread-safe once the server runs.
 *
 * <p>With the system property {@value #POSTGRESQL_PROPERTY} set to a PostgreSQL server's JDBC URL
 * (e.g. {@code jdbc:postgresql://127.0.0.1:5432/}, user {@code postgres} or {@value
 * #POSTGRESQL_USER_PROPERTY}, no password), the server keeps its data in a database of its own,
 * {@code docket_test_<random>}, created before it starts and dropped after it stops, unless the
 * test configured a store itself: {@code ./mvnw -pl it test
 * -Ddocket.test.postgresql=jdbc:postgres...} runs black-box tests on the PostgreSQL store.
 */
public final class DocketExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  /** The region of {@link #sqs()}. */
  public static final Region REGION = Region.US_EAST_1;

  /** The system property naming a PostgreSQL server to run the server's store on. */
  public static final String POSTGRESQL_PROPERTY = "docket.test.postgresql";

  /** The system property naming the PostgreSQL user (default {@code postgres}). */
  public static final String POSTGRESQL_USER_PROPERTY = "docket.test.postgresql.user";

  private final Map<String, HttpConfig.AccessKey> accessKeys;
  private final boolean authEnabled;
  private final Clock clock;
  private final UnaryOperator<ServerConfig> configure;

  private String owner;
  private Path dataDirectory;
  private TestDatabase database;
  private volatile DocketServer server;
  private SqsClient sqs;

  private DocketExtension(Builder builder) {
    this.accessKeys = Collections.unmodifiableMap(new LinkedHashMap<>(builder.accessKeys));
    this.authEnabled = builder.authEnabled;
    this.clock = builder.clock;
    this.configure = builder.configure;
  }

  /** An extension with the defaults: no authentication, the system clock. */
  public static DocketExtension create() {
    return builder().build();
  }

  /** A builder for authentication or a test clock. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (server != null) {
      return; // a nested class: the outer class's server keeps running
    }
    owner = context.getUniqueId();
    dataDirectory = Files.createTempDirectory("docket-test-");
    HttpConfig defaults = HttpConfig.defaults();
    HttpConfig http =
        new HttpConfig(
            "127.0.0.1",
            0,
            authEnabled,
            accessKeys,
            defaults.defaultAccountId(),
            defaults.defaultRegion(),
            defaults.maxRequestBytes());
    ServerConfig config =
        configure.apply(
            new ServerConfig(
                    http, ServerConfig.defaults().store(), ServerConfig.defaults().queues())
                .withDataDirectory(dataDirectory));
    String postgresql = System.getProperty(POSTGRESQL_PROPERTY, "");
    try {
      if (!postgresql.isBlank() && config.postgresql().isEmpty()) {
        database =
            TestDatabase.create(
                postgresql, System.getProperty(POSTGRESQL_USER_PROPERTY, "postgres"));
        config = config.withPostgresql(database.config());
      }
      server = DocketServer.start(config, clock);
    } catch (RuntimeException e) {
      deleteRecursively(dataDirectory);
      dropDatabase();
      throw e;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    requireStarted();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!context.getUniqueId().equals(owner)) {
      return;
    }
    DocketServer running = server;
    server = null;
    owner = null;
    try {
      synchronized (this) {
        if (sqs != null) {
          sqs.close();
          sqs = null;
        }
      }
      if (running != null) {
        running.close();
      }
    } finally {
      deleteRecursively(dataDirectory);
      dataDirectory = null;
      dropDatabase();
    }
  }

  private void dropDatabase() {
    if (database != null) {
      database.drop();
      database = null;
    }
  }

  /**
   * Moves the server's {@link ManualClock} forward by {@code duration} and wakes every timer loop
   * (schedules, delivery retries, parked executions), which then run what came due on their own
   * threads: assert on the effects with a wait, not at once. The new reading.
   *
   * @throws IllegalStateException if the extension was not built with {@link Builder#manualClock}
   */
  public Instant advance(Duration duration) {
    if (!(clock instanceof ManualClock manual)) {
      throw new IllegalStateException("advance needs DocketExtension.builder().manualClock(...)");
    }
    Instant now = manual.advance(duration);
    requireStarted().wakeTimers();
    return now;
  }

  /** The clock the server runs on. */
  public Clock clock() {
    return clock;
  }

  /** The running server. */
  public DocketServer server() {
    return requireStarted();
  }

  /** Where the server listens, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return requireStarted().endpoint();
  }

  /** The temporary data directory of this test class's server. */
  public Path dataDirectory() {
    requireStarted();
    return dataDirectory;
  }

  /** A client for the server, shared by the test class and closed after it. */
  public synchronized SqsClient sqs() {
    requireStarted();
    if (sqs == null) {
      sqs = sqsBuilder().build();
    }
    return sqs;
  }

  /**
   * A client builder already pointed at the server, with the region, the default credentials and
   * the URL-connection HTTP client; change what the test needs, build, and close the client.
   */
  public SqsClientBuilder sqsBuilder() {
    requireStarted();
    return SqsClient.builder()
        .endpointOverride(endpoint())
        .region(REGION)
        .credentialsProvider(StaticCredentialsProvider.create(credentials()))
        .httpClient(UrlConnectionHttpClient.create());
  }

  private AwsBasicCredentials credentials() {
    if (authEnabled && !accessKeys.isEmpty()) {
      Map.Entry<String, HttpConfig.AccessKey> first = accessKeys.entrySet().iterator().next();
      return AwsBasicCredentials.create(first.getKey(), first.getValue().secretKey());
    }
    return AwsBasicCredentials.create("test", "test");
  }

  private DocketServer requireStarted() {
    DocketServer running = server;
    if (running == null) {
      throw new IllegalStateException(
          "Docket is not running: register DocketExtension with @RegisterExtension on a static"
              + " field");
    }
    return running;
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + directory, e);
    }
  }

  /** Options of a {@link DocketExtension}. Not thread-safe. */
  public static final class Builder {

    private final Map<String, HttpConfig.AccessKey> accessKeys = new LinkedHashMap<>();
    private boolean authEnabled;
    private Clock clock = Clock.systemUTC();
    private UnaryOperator<ServerConfig> configure = UnaryOperator.identity();

    private Builder() {}

    /**
     * Changes the server's configuration before it starts (its port, bind address, authentication
     * and data directory are the extension's), e.g. a shorter delivery backoff.
     */
    public Builder configure(UnaryOperator<ServerConfig> configure) {
      this.configure = Objects.requireNonNull(configure, "configure");
      return this;
    }

    /**
     * Accepts this access key for account {@code 000000000000} and turns authentication on; the
     * first key added is the one {@link #sqs()} signs with.
     */
    public Builder accessKey(String accessKeyId, String secretKey) {
      return accessKey(accessKeyId, secretKey, HttpConfig.defaults().defaultAccountId());
    }

    /** Accepts this access key for {@code accountId} and turns authentication on. */
    public Builder accessKey(String accessKeyId, String secretKey, String accountId) {
      accessKeys.put(
          Objects.requireNonNull(accessKeyId, "accessKeyId"),
          new HttpConfig.AccessKey(
              Objects.requireNonNull(secretKey, "secretKey"),
              Objects.requireNonNull(accountId, "accountId")));
      authEnabled = true;
      return this;
    }

    /**
     * Accepts this access key acting as a user or role ({@code
     * arn:aws:iam::111122223333:user/alice}) of that ARN's account and turns authentication on.
     */
    public Builder accessKeyAs(String accessKeyId, String secretKey, String principalArn) {
      accessKeys.put(
          Objects.requireNonNull(accessKeyId, "accessKeyId"),
          new HttpConfig.AccessKey(
              Objects.requireNonNull(secretKey, "secretKey"),
              Principal.ofArn(Objects.requireNonNull(principalArn, "principalArn"))));
      authEnabled = true;
      return this;
    }

    /** The clock the server runs on; by default the system clock (UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs the server on a {@link ManualClock} reading {@code start}: time moves only by {@link
     * DocketExtension#advance}, which wakes every timer loop, so a test sees schedules fire and
     * retries come due without sleeping.
     */
    public Builder manualClock(Instant start) {
      this.clock = new ManualClock(start);
      return this;
    }

    /** The extension. */
    public DocketExtension build() {
      return new DocketExtension(this);
    }
  }
}
