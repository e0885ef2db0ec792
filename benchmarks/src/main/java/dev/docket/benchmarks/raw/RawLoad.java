package dev.docket.benchmarks.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The low-cost load generator (see the package doc): one virtual thread per connection, each with
 * its own pre-encoded request templates, stamped with a send time in place.
 *
 * <p>Not thread-safe: picocli creates one instance per invocation; workers share only atomic
 * counters and hand their histograms over at the end.
 */
@Command(
    name = "raw-load",
    mixinStandardHelpOptions = true,
    description = "Raw-HTTP load against a loopback Docket (or any SQS/EventBridge endpoint).")
public final class RawLoad implements Callable<Integer> {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SQS = "application/x-amz-json-1.0";
  static final String EVENTS = "application/x-amz-json-1.1";
  static final String SFN = "application/x-amz-json-1.0";
  static final String MARK = "@ts";

  /** How the Standard scenario learns that an execution ended. */
  public enum Observe {
    /** One observer lists the machine's SUCCEEDED executions every {@code --poll-ms}. */
    LIST,
    /** Every worker polls DescribeExecution of its execution every {@code --poll-ms}. */
    DESCRIBE
  }

  /** What the run does. */
  public enum Scenario {
    /** SendMessageBatch only. */
    SQS_SEND,
    /** ReceiveMessage + DeleteMessageBatch on a pre-filled queue. */
    SQS_RECEIVE_DELETE,
    /** Producers and consumers at once; reports sent → received latency. */
    SQS_MIXED,
    /** SendMessageBatch to a FIFO queue over {@code --groups} groups, with consumers. */
    SQS_FIFO,
    /** PutEvents to a bus with {@code --rules} rules targeting {@code --queues} queues. */
    PUT_EVENTS,
    /** Standard executions of ten Pass states and a Choice, {@code --connections} in flight. */
    SFN_STANDARD,
    /** StartSyncExecution of the same definition as an Express machine. */
    SFN_EXPRESS,
    /** One replay of an archive of {@code --events} events to {@code --rules} rules. */
    REPLAY;

    boolean stepFunctions() {
      return this == SFN_STANDARD || this == SFN_EXPRESS;
    }

    String option() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  @Option(names = "--endpoint", defaultValue = "http://127.0.0.1:4566")
  URI endpoint;

  @Option(
      names = "--endpoints",
      split = ",",
      description =
          "Several nodes of one cluster (comma-separated; overrides --endpoint): the producer and"
              + " consumer connections are spread over them round-robin, setup goes through the"
              + " first, and every request says the first's Host, as behind a load balancer. A"
              + " connection that fails moves to the next node. The Step Functions and replay"
              + " scenarios use the first node only.")
  List<URI> endpoints = new ArrayList<>();

  @Option(
      names = "--scenario",
      defaultValue = "sqs-send",
      converter = ScenarioConverter.class,
      description =
          "sqs-send, sqs-receive-delete, sqs-mixed, sqs-fifo, put-events, sfn-standard,"
              + " sfn-express, replay")
  Scenario scenario;

  @Option(names = "--connections", defaultValue = "16", description = "Producer connections.")
  int connections;

  @Option(names = "--consumers", defaultValue = "4", description = "Consumer connections.")
  int consumers;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Producer requests/s in all (open loop); 0 = closed loop.")
  double rate;

  @Option(names = "--warmup", defaultValue = "5")
  int warmupSeconds;

  @Option(names = "--duration", defaultValue = "20")
  int durationSeconds;

  @Option(names = "--batch", defaultValue = "10", description = "Entries per request (1-10).")
  int batch;

  @Option(names = "--body-bytes", defaultValue = "1024", description = "Bytes per entry.")
  int bodyBytes;

  @Option(names = "--groups", defaultValue = "16", description = "FIFO message groups.")
  int groups;

  @Option(names = "--rules", defaultValue = "100", description = "Rules on the bus.")
  int rules;

  @Option(names = "--queues", defaultValue = "10", description = "Target queues of the rules.")
  int queues;

  @Option(
      names = "--bus-policy",
      defaultValue = "0",
      description =
          "put-events: give the bus a resource policy of this many statements (0: none), so every"
              + " entry is decided against it (a gatekeeper's cost).")
  int busPolicy;

  @Option(names = "--prefill", defaultValue = "200000", description = "For sqs-receive-delete.")
  int prefill;

  @Option(names = "--events", defaultValue = "200000", description = "replay: archived events.")
  int events;

  @Option(
      names = "--observe",
      defaultValue = "LIST",
      description = "sfn-standard: LIST (one observer lists SUCCEEDED) or DESCRIBE (per worker).")
  Observe observe;

  @Option(names = "--poll-ms", defaultValue = "2", description = "sfn-standard: poll interval.")
  int pollMillis;

  @Option(
      names = "--moto",
      description = "The endpoint is moto_server: turn on its execution of state machines.")
  boolean moto;

  @Option(
      names = "--also-measure",
      description =
          "A regular expression over process command lines (e.g. the PostgreSQL backends of one"
              + " database): the CPU of the matching processes over the measured window is"
              + " reported too.")
  String alsoMeasure;

  @Option(
      names = "--pg-stats",
      description =
          "The JDBC URL of the PostgreSQL database the servers use: its commits and rows written,"
              + " and the server-wide WAL, over the measured window are reported too.")
  String pgStatsUrl;

  @Option(names = "--pg-user", defaultValue = "postgres", description = "For --pg-stats.")
  String pgUser;

  @Option(
      names = "--queue-policy",
      defaultValue = "0",
      description =
          "sqs-send: statements of a Policy put on the queue (none applies to the sender, so each"
              + " request evaluates them all); 0 for none.")
  int queuePolicyStatements;

  @Option(
      names = "--server-pid",
      split = ",",
      description =
          "Server PID, for its CPU; several (comma-separated, one per node) are reported each and"
              + " summed.")
  List<Long> serverPids = new ArrayList<>();

  @Option(
      names = "--kill-pid",
      defaultValue = "0",
      description =
          "sqs-mixed or put-events on --endpoints: kill this node with SIGKILL --kill-after"
              + " seconds into the measured window, then report how long the entries sent around"
              + " the kill took to arrive (consumers drain for up to --drain seconds after the"
              + " window).")
  long killPid;

  @Option(
      names = "--kill-chooser",
      description =
          "Like --kill-pid, but the PID is the first line this shell command prints at the kill"
              + " time (e.g. the node holding the bus router's lease).")
  String killChooser;

  @Option(names = "--kill-after", defaultValue = "10", description = "Seconds into the window.")
  int killAfterSeconds;

  @Option(
      names = "--drain",
      defaultValue = "60",
      description = "Most seconds to drain after a kill.")
  int drainSeconds;

  @Option(
      names = "--visibility-timeout",
      defaultValue = "30",
      description = "VisibilityTimeout of the consumers' receives, in seconds.")
  int visibilityTimeout;

  @Option(names = "--label", defaultValue = "")
  String label;

  private String host;
  private List<URI> targets;
  private final java.util.concurrent.atomic.AtomicInteger nextTarget =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.Map<Long, Duration> lastCpu =
      new java.util.concurrent.ConcurrentHashMap<>();
  private Takeover takeover;
  final Stats stats = new Stats();

  /** Runs the command line. */
  public static void main(String[] args) {
    // a later option overrides an earlier one (run-raw.sh appends MOTO_ARGS for moto only)
    System.exit(
        new CommandLine(new RawLoad())
            .setOverwrittenOptionsAllowed(true)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() throws Exception {
    targets = endpoints.isEmpty() ? List.of(endpoint) : List.copyOf(endpoints);
    for (URI target : targets) {
      if (!List.of("127.0.0.1", "localhost", "[::1]").contains(target.getHost())) {
        throw new IllegalArgumentException("loopback endpoints only, but was " + target);
      }
    }
    endpoint = targets.get(0);
    host = endpoint.getHost() + ":" + endpoint.getPort();
    if (killPid > 0 || killChooser != null) {
      if (scenario != Scenario.SQS_MIXED && scenario != Scenario.PUT_EVENTS) {
        throw new IllegalArgumentException("a kill needs --scenario sqs-mixed or put-events");
      }
      takeover = new Takeover(scenario == Scenario.PUT_EVENTS);
    }
    Setup setup = new Setup(this);
    List<Runnable> workers = new ArrayList<>();
    switch (scenario) {
      case SQS_SEND -> {
        String url = setup.queue("raw-" + System.currentTimeMillis(), false);
        if (queuePolicyStatements > 0) {
          setup.queuePolicy(url, queuePolicyStatements);
        }
        for (int w = 0; w < connections; w++) {
          workers.add(producer(sqsBatch(url, w, false), sqsSuffixes(w), "SendMessageBatch"));
        }
      }
      case SQS_RECEIVE_DELETE -> {
        String url = setup.queue("raw-" + System.currentTimeMillis(), false);
        setup.prefill(url, sqsBatch(url, 0, false), prefill / batch);
        for (int w = 0; w < consumers; w++) {
          workers.add(consumer(url, false));
        }
      }
      case SQS_MIXED, SQS_FIFO -> {
        boolean fifo = scenario == Scenario.SQS_FIFO;
        String url = setup.queue("raw-" + System.currentTimeMillis() + (fifo ? ".fifo" : ""), fifo);
        for (int w = 0; w < connections; w++) {
          workers.add(producer(sqsBatch(url, w, fifo), sqsSuffixes(w), "SendMessageBatch"));
        }
        for (int w = 0; w < consumers; w++) {
          workers.add(consumer(url, true));
        }
      }
      case PUT_EVENTS -> {
        List<String> urls = setup.bus("raw-" + System.currentTimeMillis(), rules, queues);
        if (busPolicy > 0) {
          setup.busPolicy(busPolicy);
        }
        for (int w = 0; w < connections; w++) {
          workers.add(producer(putEvents(setup.busName, w), eventSuffixes(w), "PutEvents"));
        }
        for (int w = 0; w < Math.max(consumers, urls.size()); w++) {
          workers.add(consumer(urls.get(w % urls.size()), true));
        }
      }
      case SFN_STANDARD, SFN_EXPRESS ->
          workers.addAll(new StepFunctions(this).workers(scenario == Scenario.SFN_EXPRESS));
      case REPLAY -> {
        return new Replays(this, setup).run();
      }
    }
    return run(workers);
  }

  private int run(List<Runnable> workers) throws InterruptedException {
    long now = System.nanoTime();
    stats.measureFrom = now + Duration.ofSeconds(warmupSeconds).toNanos();
    stats.measureUntil = stats.measureFrom + Duration.ofSeconds(durationSeconds).toNanos();
    stats.start = now;
    List<Thread> threads = new ArrayList<>();
    for (Runnable worker : workers) {
      threads.add(Thread.ofVirtual().start(worker));
    }
    LockSupport.parkNanos(stats.measureFrom - System.nanoTime());
    PgStats pg = pgStatsUrl == null ? null : new PgStats(pgStatsUrl, pgUser);
    PgStats.Reading pg0 = pg == null ? null : pg.read();
    List<Duration> nodeCpu0 = nodeCpu();
    Duration ownCpu0 = ownCpu();
    Duration otherCpu0 = otherCpu();
    if (takeover != null) {
      LockSupport.parkNanos(
          stats.measureFrom + Duration.ofSeconds(killAfterSeconds).toNanos() - System.nanoTime());
      nodeCpu(); // the victim's last CPU reading
      try {
        takeover.kill(killPid, killChooser);
      } catch (IOException | RuntimeException e) {
        System.err.println("raw-load: could not kill a node: " + e);
      }
    }
    LockSupport.parkNanos(stats.measureUntil - System.nanoTime());
    List<Duration> nodeCpu1 = nodeCpu();
    Duration ownCpu1 = ownCpu();
    Duration otherCpu1 = otherCpu();
    PgStats.Reading pg1 = pg == null ? null : pg.read();
    stats.loadAverage = loadAverage();
    stats.stop = true;
    if (takeover != null) {
      takeover.drain(stats.measureUntil + Duration.ofSeconds(drainSeconds).toNanos());
    }
    stats.drained = true;
    for (Thread t : threads) {
      t.join(Duration.ofSeconds(10));
    }
    Duration serverCpu = Duration.ZERO;
    for (int i = 0; i < nodeCpu1.size(); i++) {
      serverCpu = serverCpu.plus(nodeCpu1.get(i).minus(nodeCpu0.get(i)));
    }
    Report.print(this, serverCpu, ownCpu1.minus(ownCpu0));
    if (serverPids.size() > 1) {
      double entries = Math.max(stats.sentEntries.get(), stats.receivedEntries.get());
      for (int i = 0; i < serverPids.size(); i++) {
        double seconds = nodeCpu1.get(i).minus(nodeCpu0.get(i)).toNanos() / 1e9;
        System.out.printf(
            Locale.ROOT,
            "  server pid %d: CPU %.2f s in the window, %.1f µs/entry (%.2f cores)%n",
            serverPids.get(i),
            seconds,
            entries == 0 ? 0 : seconds * 1e6 / entries,
            seconds / durationSeconds);
      }
    }
    if (alsoMeasure != null) {
      double seconds = otherCpu1.minus(otherCpu0).toNanos() / 1e9;
      double entries = Math.max(stats.sentEntries.get(), stats.receivedEntries.get());
      System.out.printf(
          Locale.ROOT,
          "  processes matching /%s/: CPU %.2f s in the window, %.1f µs/entry (%.2f cores)%n",
          alsoMeasure,
          seconds,
          entries == 0 ? 0 : seconds * 1e6 / entries,
          seconds / durationSeconds);
    }
    if (pg != null) {
      PgStats.print(
          pg0,
          pg1,
          durationSeconds,
          Math.max(stats.sentEntries.get(), stats.receivedEntries.get()));
    }
    if (takeover != null) {
      takeover.print(stats.measureFrom, stats.measureUntil, stats.failovers.get());
    }
    return stats.errors.get() == 0 ? 0 : 1;
  }

  /** The CPU time of all {@code --server-pid} processes together. */
  Duration serverCpu() {
    Duration total = Duration.ZERO;
    for (Duration cpu : nodeCpu()) {
      total = total.plus(cpu);
    }
    return total;
  }

  /**
   * The CPU time of each {@code --server-pid} process, in order; a process that has ended (a killed
   * node) keeps its last reading.
   */
  private List<Duration> nodeCpu() {
    List<Duration> out = new ArrayList<>();
    for (long pid : serverPids) {
      ProcessHandle.of(pid)
          .flatMap(p -> p.info().totalCpuDuration())
          .ifPresent(cpu -> lastCpu.put(pid, cpu));
      out.add(lastCpu.getOrDefault(pid, Duration.ZERO));
    }
    return out;
  }

  /**
   * The machine's load averages (1, 5, 15 minutes) from /proc/loadavg; empty where there is none.
   */
  private static String loadAverage() {
    try {
      String[] fields =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * The CPU time of the processes whose command line ({@code /proc/<pid>/cmdline}, where PostgreSQL
   * writes its process titles) matches {@code --also-measure} now; a process that ended in the
   * window is missed, so long-lived ones (pooled connections) are what it is for. Linux only.
   */
  private Duration otherCpu() {
    if (alsoMeasure == null) {
      return Duration.ZERO;
    }
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(alsoMeasure);
    Duration total = Duration.ZERO;
    for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
      java.nio.file.Path cmdline = java.nio.file.Path.of("/proc", process.pid() + "", "cmdline");
      String command;
      try {
        command = java.nio.file.Files.readString(cmdline).replace('\0', ' ');
      } catch (java.io.IOException | RuntimeException e) {
        continue; // gone, or not readable
      }
      if (pattern.matcher(command).find()) {
        total = total.plus(process.info().totalCpuDuration().orElse(Duration.ZERO));
      }
    }
    return total;
  }

  private static Duration ownCpu() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return Duration.ofNanos(sun.getProcessCpuTime());
    }
    return Duration.ZERO;
  }

  String host() {
    return host;
  }

  /** A connection to the first endpoint (setup, and the scenarios that use one node only). */
  RawConnection connect() {
    return connect(0);
  }

  /** A connection to endpoint {@code index} (modulo their number). */
  private RawConnection connect(int index) {
    URI target = targets.get(Math.floorMod(index, targets.size()));
    return new RawConnection(target.getHost(), target.getPort());
  }

  /** The endpoint index of the next worker: workers are spread over the endpoints in turn. */
  private int nextTarget() {
    return nextTarget.getAndIncrement() % targets.size();
  }

  /**
   * Whether a worker whose connection failed moves to the next endpoint (a cluster, as a load
   * balancer would) instead of stopping.
   */
  private boolean failsOver() {
    return targets.size() > 1;
  }

  /** The kill-one key suffixes of worker {@code w}'s SendMessageBatch entries. */
  private String[][] sqsSuffixes(int w) {
    String[] out = new String[batch];
    for (int e = 0; e < batch; e++) {
      out[e] = Takeover.suffix(false, w, e);
    }
    return new String[][] {out};
  }

  /**
   * The kill-one key suffixes of worker {@code w}'s PutEvents templates (see {@link #putEvents}).
   */
  private String[][] eventSuffixes(int w) {
    int variants = Math.max(1, (rules + batch - 1) / batch);
    String[][] out = new String[variants][batch];
    for (int v = 0; v < variants; v++) {
      for (int e = 0; e < batch; e++) {
        out[v][e] = Takeover.suffix(true, w, (v * batch + e) % rules);
      }
    }
    return out;
  }

  private String pad(int length) {
    return "x".repeat(Math.max(0, length));
  }

  /** A SendMessageBatch template for worker {@code w}; bodies are unique per worker and entry. */
  private RawRequest sqsBatch(String url, int w, boolean fifo) {
    ObjectNode body = JSON.createObjectNode();
    body.put("QueueUrl", url);
    ArrayNode entries = body.putArray("Entries");
    for (int e = 0; e < batch; e++) {
      ObjectNode entry = entries.addObject();
      entry.put("Id", "e" + e);
      String text = MARK + RawRequest.SLOT + " w" + w + " e" + e + " ";
      entry.put("MessageBody", text + pad(bodyBytes - text.length()));
      if (fifo) {
        entry.put("MessageGroupId", "g" + ((w * batch + e) % groups));
      }
    }
    return RawRequest.json(host, SQS, "AmazonSQS.SendMessageBatch", body.toString());
  }

  /** PutEvents templates for worker {@code w}: entries cycle through the rules' values. */
  private RawRequest[] putEvents(String bus, int w) {
    int variants = Math.max(1, (rules + batch - 1) / batch);
    RawRequest[] out = new RawRequest[variants];
    for (int v = 0; v < variants; v++) {
      ObjectNode body = JSON.createObjectNode();
      ArrayNode entries = body.putArray("Entries");
      for (int e = 0; e < batch; e++) {
        int n = (v * batch + e) % rules;
        ObjectNode detail = JSON.createObjectNode();
        detail.put("m", MARK + RawRequest.SLOT);
        detail.put("n", n);
        detail.put("key", "k" + n + "-" + n);
        detail.put("w", w);
        int used = detail.toString().length() + 40;
        detail.put("pad", pad(bodyBytes - used));
        ObjectNode entry = entries.addObject();
        entry.put("EventBusName", bus);
        entry.put("Source", "load.gen");
        entry.put("DetailType", "type" + n);
        entry.put("Detail", detail.toString());
      }
      out[v] = RawRequest.json(host, EVENTS, "AWSEvents.PutEvents", body.toString());
    }
    return out;
  }

  private Runnable producer(RawRequest template, String[][] suffixes, String operation) {
    return producer(new RawRequest[] {template}, suffixes, operation);
  }

  /**
   * A closed- or open-loop producer sending {@code templates} in turn; {@code suffixes[i]} are the
   * kill-one keys of template {@code i}'s entries (see {@link Takeover}).
   */
  private Runnable producer(RawRequest[] templates, String[][] suffixes, String operation) {
    Histogram latency = stats.histogram(operation);
    byte[][] copies = new byte[templates.length][];
    for (int i = 0; i < templates.length; i++) {
      copies[i] = templates[i].copy();
    }
    double perRequestNanos = rate > 0 ? 1e9 / rate : 0;
    int first = nextTarget();
    return () -> {
      int target = first;
      RawConnection connection = connect(target);
      try {
        int next = 0;
        while (!stats.stop) {
          long intended;
          if (perRequestNanos > 0) {
            long ticket = stats.tickets.getAndIncrement();
            intended = stats.start + (long) (ticket * perRequestNanos);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
          } else {
            intended = System.nanoTime();
          }
          if (System.nanoTime() >= stats.measureUntil) {
            break;
          }
          int i = next++ % copies.length;
          templates[i].stamp(copies[i], intended);
          RawConnection.Response response;
          if (takeover != null) {
            takeover.sending(intended, System.nanoTime(), suffixes[i]);
          }
          try {
            response = connection.exchange(copies[i]);
          } catch (IOException e) {
            if (takeover != null) {
              takeover.answered(intended, suffixes[i], false);
            }
            if (!failsOver()) {
              throw e;
            }
            connection.close();
            connection = connect(++target);
            stats.failovers.incrementAndGet();
            continue;
          }
          long done = System.nanoTime();
          boolean failed = response.status() != 200 || failedEntries(response);
          if (takeover != null) {
            takeover.answered(intended, suffixes[i], !failed);
          }
          if (intended >= stats.measureFrom && done <= stats.measureUntil) {
            if (failed) {
              stats.errors.incrementAndGet();
              stats.lastError = response.status() + " " + response.text();
            } else {
              latency.recordValue(Math.max(1, (done - intended) / 1000));
              stats.sentEntries.addAndGet(batch);
              stats.requests.incrementAndGet();
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        stats.errors.incrementAndGet();
        stats.lastError = String.valueOf(e);
      } finally {
        connection.close();
      }
    };
  }

  private static boolean failedEntries(RawConnection.Response response) {
    String text = response.text();
    return text.contains("\"ErrorCode\"") || text.contains("\"SenderFault\"");
  }

  /** Whether consumers go on: until just after the window, or after a kill until drained. */
  private boolean consuming() {
    if (takeover != null) {
      return !stats.drained;
    }
    return !stats.stop && System.nanoTime() < stats.measureUntil + 1_000_000_000L;
  }

  private Runnable consumer(String url, boolean endToEnd) {
    Histogram receive = stats.histogram("ReceiveMessage");
    Histogram delete = stats.histogram("DeleteMessageBatch");
    Histogram e2e = stats.histogram("end-to-end");
    byte[] receiveRequest =
        RawRequest.json(
                host,
                SQS,
                "AmazonSQS.ReceiveMessage",
                "{\"QueueUrl\":\""
                    + url
                    + "\",\"MaxNumberOfMessages\":10,\"WaitTimeSeconds\":1,"
                    + "\"VisibilityTimeout\":"
                    + visibilityTimeout
                    + "}")
            .copy();
    int first = nextTarget();
    return () -> {
      int target = first;
      RawConnection connection = connect(target);
      try {
        while (consuming()) {
          long t0 = System.nanoTime();
          RawConnection.Response response;
          try {
            response = connection.exchange(receiveRequest);
          } catch (IOException e) {
            if (!failsOver()) {
              throw e;
            }
            connection.close();
            connection = connect(++target);
            stats.failovers.incrementAndGet();
            continue;
          }
          long t1 = System.nanoTime();
          if (response.status() != 200) {
            stats.errors.incrementAndGet();
            stats.lastError = response.status() + " " + response.text();
            continue;
          }
          JsonNode messages = JSON.readTree(response.body()).path("Messages");
          if (messages.isEmpty()) {
            continue;
          }
          boolean measured = t1 >= stats.measureFrom && t1 <= stats.measureUntil;
          ObjectNode deleteBody = JSON.createObjectNode();
          deleteBody.put("QueueUrl", url);
          ArrayNode entries = deleteBody.putArray("Entries");
          int i = 0;
          for (JsonNode message : messages) {
            entries
                .addObject()
                .put("Id", "d" + i++)
                .put("ReceiptHandle", message.path("ReceiptHandle").asText());
            if (takeover != null) {
              takeover.arrived(message.path("Body").asText(), t1);
            }
            if (endToEnd && measured) {
              long sent = RawRequest.readStamp(message.path("Body").asText(), MARK, 0);
              if (sent > 0) {
                e2e.recordValue(Math.max(1, (t1 - sent) / 1000));
              }
            }
          }
          byte[] deleteRequest =
              RawRequest.json(host, SQS, "AmazonSQS.DeleteMessageBatch", deleteBody.toString())
                  .copy();
          RawConnection.Response deleted;
          try {
            deleted = connection.exchange(deleteRequest);
          } catch (IOException e) {
            if (!failsOver()) {
              throw e;
            }
            // receipt handles are the store's: any node deletes them
            connection.close();
            connection = connect(++target);
            stats.failovers.incrementAndGet();
            deleted = connection.exchange(deleteRequest);
          }
          long t2 = System.nanoTime();
          if (deleted.status() != 200) {
            stats.errors.incrementAndGet();
            stats.lastError = deleted.status() + " " + deleted.text();
          } else if (measured) {
            receive.recordValue(Math.max(1, (t1 - t0) / 1000));
            delete.recordValue(Math.max(1, (t2 - t1) / 1000));
            stats.receivedEntries.addAndGet(messages.size());
          }
        }
      } catch (IOException | RuntimeException e) {
        stats.errors.incrementAndGet();
        stats.lastError = String.valueOf(e);
      } finally {
        connection.close();
      }
    };
  }

  /** Parses {@code --scenario}. */
  static final class ScenarioConverter implements CommandLine.ITypeConverter<Scenario> {
    @Override
    public Scenario convert(String value) {
      for (Scenario s : Scenario.values()) {
        if (s.option().equals(value)) {
          return s;
        }
      }
      throw new CommandLine.TypeConversionException("unknown scenario " + value);
    }
  }

  /** Counters and histograms the workers share. */
  static final class Stats {
    volatile boolean stop;
    volatile boolean drained;
    volatile String loadAverage = "";
    long start;
    long measureFrom;
    long measureUntil;
    final AtomicLong tickets = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong sentEntries = new AtomicLong();
    final AtomicLong receivedEntries = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong failovers = new AtomicLong();
    final AtomicLong observerCalls = new AtomicLong();
    final AtomicLong observerRows = new AtomicLong();
    volatile String lastError = "";
    final java.util.Map<String, List<Histogram>> histograms =
        new java.util.concurrent.ConcurrentSkipListMap<>();

    Histogram histogram(String operation) {
      Histogram h = new Histogram(60_000_000L, 3);
      histograms
          .computeIfAbsent(operation, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
          .add(h);
      return h;
    }

    Histogram merged(String operation) {
      Histogram all = new Histogram(60_000_000L, 3);
      for (Histogram h : histograms.getOrDefault(operation, List.of())) {
        all.add(h);
      }
      return all;
    }
  }
}
