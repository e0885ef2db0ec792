package dev.docket.benchmarks.sqs;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An end-to-end SQS load generator: drives any SQS endpoint on this machine (Docket, moto, ...)
 * with the AWS SDK for Java v2 and reports throughput and per-operation latency percentiles, as a
 * table and as one JSON line.
 *
 * <p>Runs are bounded (at most {@value #MAX_DURATION_SECONDS} s measured plus {@value
 * #MAX_WARMUP_SECONDS} s warm-up) and only against loopback addresses. Run with {@code --help} for
 * the options; {@code benchmarks/run-sqs-vs-moto.sh} runs it against Docket and moto side by side.
 *
 * <p>Not thread-safe: picocli creates one instance per invocation.
 */
@Command(
    name = "sqs-load",
    mixinStandardHelpOptions = true,
    description = "Bounded SQS load against a loopback endpoint; prints a table and one JSON line.")
public final class SqsLoad implements Callable<Integer> {

  static final int MAX_DURATION_SECONDS = 300;
  static final int MAX_WARMUP_SECONDS = 60;

  /** What the workers do. */
  public enum Mode {
    /** Producers only: SendMessageBatch in a loop. */
    SEND,
    /** Consumers only, on a queue pre-filled with {@code --prefill} messages (not timed). */
    RECEIVE_DELETE,
    /** {@code --concurrency} producers and as many consumers at once. */
    MIXED;

    /** The name on the command line: {@code send}, {@code receive-delete}, {@code mixed}. */
    public String option() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  @Option(
      names = "--endpoint",
      defaultValue = "http://127.0.0.1:4566",
      description = "SQS endpoint, loopback only (default: ${DEFAULT-VALUE}).")
  URI endpoint;

  @Option(
      names = "--concurrency",
      defaultValue = "8",
      description = "Workers per role (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--duration",
      defaultValue = "20",
      description = "Measured seconds, at most 300 (default: ${DEFAULT-VALUE}).")
  int durationSeconds;

  @Option(
      names = "--warmup",
      defaultValue = "5",
      description = "Unmeasured warm-up seconds before, at most 60 (default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(
      names = "--batch",
      defaultValue = "10",
      description = "Entries per SendMessageBatch, 1-10 (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--body-bytes",
      defaultValue = "256",
      description = "Message body size in bytes (default: ${DEFAULT-VALUE}).")
  int bodyBytes;

  @Option(
      names = "--mode",
      defaultValue = "mixed",
      converter = ModeConverter.class,
      description = "send | receive-delete | mixed (default: mixed).")
  Mode mode;

  @Option(
      names = "--prefill",
      defaultValue = "20000",
      description = "Messages sent before a receive-delete run (default: ${DEFAULT-VALUE}).")
  int prefill;

  @Option(
      names = "--queue-name",
      description = "Queue to create and use (default: docket-load-<epoch millis>).")
  String queueName;

  @Option(
      names = "--label",
      description = "Name of the system under test in the report (default: the endpoint).")
  String label;

  @Option(names = "--keep-queue", description = "Do not delete the queue afterwards.")
  boolean keepQueue;

  /** Runs the load generator; exits 0 on a completed run, 1 on failure, 2 on bad options. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SqsLoad()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    validate();
    String queue = queueName != null ? queueName : "docket-load-" + System.currentTimeMillis();
    LoadSettings settings =
        new LoadSettings(
            label != null ? label : endpoint.getAuthority(),
            mode,
            concurrency,
            Duration.ofSeconds(warmupSeconds),
            Duration.ofSeconds(durationSeconds),
            batch,
            bodyBytes,
            prefill);
    try (SqsClient sqs = client(mode == Mode.MIXED ? 2 * concurrency : concurrency)) {
      String queueUrl = sqs.createQueue(r -> r.queueName(queue)).queueUrl();
      try {
        LoadReport report = new LoadRun(sqs, queueUrl, settings).run();
        System.out.println(report.table());
        System.out.println(report.json());
        return report.totalErrors() == 0 ? 0 : 1;
      } finally {
        if (!keepQueue) {
          sqs.deleteQueue(r -> r.queueUrl(queueUrl));
        }
      }
    }
  }

  private void validate() throws UnknownHostException {
    CommandLine.Model.CommandSpec spec = new CommandLine(this).getCommandSpec();
    require(spec, concurrency >= 1 && concurrency <= 256, "--concurrency", concurrency, "1-256");
    require(
        spec,
        durationSeconds >= 1 && durationSeconds <= MAX_DURATION_SECONDS,
        "--duration",
        durationSeconds,
        "1-" + MAX_DURATION_SECONDS);
    require(
        spec,
        warmupSeconds >= 0 && warmupSeconds <= MAX_WARMUP_SECONDS,
        "--warmup",
        warmupSeconds,
        "0-" + MAX_WARMUP_SECONDS);
    require(spec, batch >= 1 && batch <= 10, "--batch", batch, "1-10");
    require(spec, bodyBytes >= 1 && bodyBytes <= 262_144, "--body-bytes", bodyBytes, "1-262144");
    require(spec, prefill >= 0 && prefill <= 1_000_000, "--prefill", prefill, "0-1000000");
    String host = endpoint.getHost();
    if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--endpoint must be a loopback address (this tool never loads a remote system), but was "
              + endpoint);
    }
  }

  private static void require(
      CommandLine.Model.CommandSpec spec, boolean ok, String option, int value, String range) {
    if (!ok) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must be " + range + ", but was " + value);
    }
  }

  // The SDK deprecated its Apache 4 client for apache5-client; the module's pom names this one.
  @SuppressWarnings("deprecation")
  private SqsClient client(int workers) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(
            ApacheHttpClient.builder()
                .maxConnections(workers + 4)
                // Servers that do not answer "Expect: 100-continue" (moto's) would make every
                // request wait for the client's continue timeout: measure the servers, not that.
                .expectContinueEnabled(false)
                .socketTimeout(Duration.ofSeconds(30))
                .build())
        // Errors are counted, not hidden by retries.
        .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
        .build();
  }

  /** Accepts {@code receive-delete} as well as the constant name. */
  static final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      try {
        return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "--mode must be send, receive-delete or mixed, but was '" + value + "'");
      }
    }
  }
}
