package dev.docket.events;

import dev.docket.delivery.DeliveryRequest;
import dev.docket.store.ArchiveStore;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running replays of this node, one {@link ReplayTask} each. Every replay that is not over is
 * listed durably in a small index (resource kind {@value #INDEX}) from StartReplay until its task
 * ends it, so {@link #start()} after a restart resumes each from its stored position. This node's
 * tasks lease replays under one owner id, drawn at start; a lease lasts {@link #LEASE} and is
 * renewed with every page. Thread-safe.
 */
final class ReplayTasks implements AutoCloseable {

  /** The resource kind of the index of replays not over yet. */
  static final String INDEX = "events.replay-active";

  /** How long a task's claim on a replay lasts without renewal. */
  static final Duration LEASE = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(ReplayTasks.class);
  private static final String INDEX_PARENT = "replays";
  private static final int PAGE = 100;

  private final String owner = UUID.randomUUID().toString();
  private final ResourceStore resources;
  private final ArchiveStore archives;
  private final RuleBook rules;
  private final Consumer<List<DeliveryRequest>> engine;
  private final Clock clock;
  private final Map<String, ReplayTask> running = new ConcurrentHashMap<>();
  private volatile boolean started;
  private volatile boolean closed;

  ReplayTasks(
      ResourceStore resources,
      ArchiveStore archives,
      RuleBook rules,
      Consumer<List<DeliveryRequest>> engine,
      Clock clock) {
    this.resources = resources;
    this.archives = archives;
    this.rules = rules;
    this.engine = engine;
    this.clock = clock;
  }

  /** Resumes every replay in the index. */
  void start() {
    started = true;
    int resumed = rescan();
    if (resumed > 0) {
      LOG.info("resumed {} replays", resumed);
    }
  }

  /**
   * Launches a task for every replay in the index that has none here (a task finding another node's
   * live lease leaves the replay to it); returns how many it launched.
   */
  int rescan() {
    if (!started) {
      return 0;
    }
    List<String> replays = new ArrayList<>();
    String after = "";
    while (true) {
      List<ResourceRecord> page = resources.list(INDEX, INDEX_PARENT, "", after, PAGE);
      page.forEach(record -> replays.add(record.id()));
      if (page.size() < PAGE) {
        break;
      }
      after = page.getLast().name();
    }
    int launched = 0;
    for (String arn : replays) {
      if (!running.containsKey(arn)) {
        launch(arn);
        launched++;
      }
    }
    return launched;
  }

  /** Records {@code arn} in the index; call before its document is created. */
  void register(String arn) {
    if (resources.get(INDEX, arn).isEmpty()) {
      resources.create(new ResourceRecord(INDEX, arn, INDEX_PARENT, arn, 1, "{}"));
    }
  }

  /** Starts the task of replay {@code arn} unless it runs already (or the service is stopped). */
  void launch(String arn) {
    if (closed || !started) {
      return; // start() picks it up from the index
    }
    running.computeIfAbsent(
        arn,
        a ->
            new ReplayTask(
                    a, owner, resources, archives, rules, engine, clock, LEASE, () -> ended(a))
                .start());
  }

  /** Tells the task of {@code arn}, if it runs here, that the replay was cancelled. */
  void cancelled(String arn) {
    ReplayTask task = running.get(arn);
    if (task != null) {
      task.wake();
    } else {
      launch(arn); // a task elsewhere or none: this node ends it once the lease allows
    }
  }

  /** Stops every task after its page in hand; their leases are released. */
  @Override
  public void close() {
    closed = true;
    List<ReplayTask> tasks = new ArrayList<>(running.values());
    running.clear();
    tasks.forEach(ReplayTask::stop);
  }

  private void ended(String arn) {
    running.remove(arn);
    resources.get(INDEX, arn).ifPresent(record -> resources.delete(INDEX, arn, record.version()));
  }
}
