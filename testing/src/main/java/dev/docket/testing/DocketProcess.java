package dev.docket.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs Docket as a child JVM, for tests that must kill the server for real (the crash test) or that
 * must not share the test's JVM.
 *
 * <p>{@link #start(Path)} picks a free loopback port, runs {@code <java.home>/bin/java -cp
 * <java.class.path> dev.docket.cli.Main serve --port P --bind 127.0.0.1 --data-dir DIR} with its
 * output appended to {@code DIR/docket-<port>.log}, and returns once {@code GET /_docket/health}
 * answers 200 (bounded by {@link #READY_TIMEOUT}). The caller's class path must therefore hold
 * {@code docket-cli} and its dependencies, as the {@code it} module's test class path does.
 *
 * <p>{@link #kill9()} sends SIGKILL: on Linux and macOS {@link Process#destroyForcibly()} calls
 * {@code kill(pid, SIGKILL)}, and the exit value of a process killed by signal 9 is 137, which
 * {@code kill9()} returns so tests can assert it. {@link #stop()} sends SIGTERM and waits for the
 * server's shutdown hook to close it cleanly.
 *
 * <p>Not thread-safe for lifecycle calls ({@code kill9}, {@code stop}, {@code close}): one test
 * thread owns an instance. {@link #sqs()} returns a thread-safe client that many threads may share.
 */
public final class DocketProcess implements AutoCloseable {

  /** How long {@link #start(Path)} waits for the health endpoint before giving up. */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** How long {@link #stop()} waits after SIGTERM before resorting to SIGKILL. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private static final String MAIN_CLASS = "dev.docket.cli.Main";
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final int port;
  private final Path dataDir;
  private final Path logFile;
  private SqsClient sqs;

  private DocketProcess(Process process, int port, Path dataDir, Path logFile) {
    this.process = process;
    this.port = port;
    this.dataDir = dataDir;
    this.logFile = logFile;
  }

  /**
   * Starts a child Docket on a free loopback port with {@code dataDir} as its data directory and
   * waits until it serves requests.
   *
   * @param dataDir the data directory; created if missing, reused as is if it exists (that is how
   *     the crash test restarts on the same data)
   * @param jvmOptions extra options for the child JVM, e.g. {@code -Xmx256m}
   * @return the running process
   * @throws IllegalStateException if the server did not become ready; the message quotes the tail
   *     of its log
   */
  public static DocketProcess start(Path dataDir, String... jvmOptions) {
    return start(dataDir, Map.of(), jvmOptions);
  }

  /**
   * Starts a child Docket as {@link #start(Path, String...)} does, with {@code environment} added
   * to the child's environment: that is how a test configures it, e.g. {@code
   * DOCKET_STATES_PARK_AFTER=1s} (see {@code docs/configuration.md}).
   *
   * @param dataDir the data directory; created if missing, reused as is if it exists
   * @param environment variables added to (or replacing those of) the test's environment
   * @param jvmOptions extra options for the child JVM, e.g. {@code -Xmx256m}
   * @return the running process
   * @throws IllegalStateException if the server did not become ready; the message quotes the tail
   *     of its log
   */
  public static DocketProcess start(
      Path dataDir, Map<String, String> environment, String... jvmOptions) {
    Objects.requireNonNull(dataDir, "dataDir");
    Map<String, String> env = Map.copyOf(environment);
    ExitedEarly last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      // A free port can be taken by someone else between probing and binding: retry on a new one.
      int port = freePort();
      try {
        return launch(dataDir.toAbsolutePath(), port, env, List.of(jvmOptions));
      } catch (ExitedEarly e) {
        last = e;
      }
    }
    throw last;
  }

  private static DocketProcess launch(
      Path dataDir, int port, Map<String, String> environment, List<String> jvmOptions) {
    try {
      Files.createDirectories(dataDir);
      Path logFile = dataDir.resolve("docket-" + port + ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS));
      command.addAll(
          List.of(
              "serve",
              "--port",
              Integer.toString(port),
              "--bind",
              "127.0.0.1",
              "--data-dir",
              dataDir.toString()));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().putAll(environment);
      Process process = builder.start();
      DocketProcess docket = new DocketProcess(process, port, dataDir, logFile);
      docket.awaitReady();
      return docket;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not launch Docket on data dir " + dataDir, e);
    }
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health =
        HttpRequest.newBuilder(endpoint().resolve("/_docket/health"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new ExitedEarly(
            "Docket exited with "
                + process.exitValue()
                + " before becoming ready on port "
                + port
                + "; log tail:\n"
                + logTail());
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new IllegalStateException("Interrupted while waiting for Docket to start", e);
      }
      pause(Duration.ofMillis(50));
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "Docket did not answer /_docket/health on port "
            + port
            + " within "
            + READY_TIMEOUT
            + "; log tail:\n"
            + logTail());
  }

  /** The loopback port the child listens on. */
  public int port() {
    return port;
  }

  /** The child's base URI, {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The data directory the child was started with. */
  public Path dataDir() {
    return dataDir;
  }

  /** The file the child's standard output and error are appended to. */
  public Path logFile() {
    return logFile;
  }

  /** The child's operating-system process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the child is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * An SQS client for this child (region us-east-1, credentials {@code test}/{@code test}), created
   * on first use and closed by {@link #close()}. Thread-safe once returned.
   */
  public synchronized SqsClient sqs() {
    if (sqs == null) {
      sqs =
          SqsClient.builder()
              .endpointOverride(endpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
              .httpClient(UrlConnectionHttpClient.builder().build())
              .build();
    }
    return sqs;
  }

  /**
   * Kills the child with SIGKILL, giving it no chance to flush or close anything, and waits for it
   * to be gone.
   *
   * @return the child's exit value: 137 (128 + SIGKILL) when it was killed by the signal
   */
  public int kill9() {
    process.destroyForcibly();
    return awaitExit(STOP_TIMEOUT);
  }

  /**
   * Stops the child with SIGTERM, letting its shutdown hook close the server, and waits for it to
   * exit; after {@link #STOP_TIMEOUT} it is killed with SIGKILL instead.
   *
   * @return the child's exit value
   */
  public int stop() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    return awaitExit(STOP_TIMEOUT);
  }

  /**
   * Pauses the child with SIGSTOP: it keeps its sockets and database connections but runs nothing
   * until {@link #resume()} (the way a long GC pause or a frozen VM looks to the other nodes).
   */
  public void pause() {
    signal("STOP");
  }

  /** Resumes a child paused by {@link #pause()} with SIGCONT; harmless on a running child. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    if (!process.isAlive()) {
      return;
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not send SIG" + name + " to " + process.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while signalling " + process.pid(), e);
    }
  }

  /** Closes the client and stops the child if it is still running (resuming it if paused). */
  @Override
  public void close() {
    resume();
    synchronized (this) {
      if (sqs != null) {
        sqs.close();
        sqs = null;
      }
    }
    stop();
  }

  /** The last lines of the child's log, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log at " + logFile + ": " + e.getMessage() + ")";
    }
  }

  private int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "Docket process " + process.pid() + " did not exit within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Docket to exit", e);
    }
    return process.exitValue();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }

  /** The child exited before it was ready, e.g. because another process took its port. */
  private static final class ExitedEarly extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ExitedEarly(String message) {
      super(message);
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Docket to start", e);
    }
  }
}
