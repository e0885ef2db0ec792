package dev.docket.states.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Node;
import dev.docket.delivery.TimerLoop;
import dev.docket.states.asl.StateMachineDefinition;
import dev.docket.states.data.StatesErrors;
import dev.docket.states.data.StatesFailure;
import dev.docket.store.ExecutionRecord;
import dev.docket.store.ExecutionStore;
import dev.docket.store.HistoryRecord;
import dev.docket.store.Notifier;
import dev.docket.store.StoreUnavailableException;
import dev.docket.store.TaskToken;
import dev.docket.store.Timer;
import dev.docket.store.TimerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs executions: starts them, resumes them after a restart or a long wait, stops them, and
 * delivers task-token outcomes and activity tasks. Knows nothing of HTTP.
 *
 * <p>Every Standard execution being run has one {@link Interpreter} in {@link #active}; a parked
 * one (a long wait) has a {@code states} timer instead; at start every RUNNING execution is
 * replayed.
 *
 * <p>On a store other nodes share ({@link Node#shared}), an execution is loaded only under its
 * lease {@code execution:<arn>} ({@link ExecutionLeases}), taken before it is created or resumed
 * and given up when its run ends or parks; every third of the lease time the node renews its leases
 * in one write and takes over (replays) executions whose lease expired; a run whose write is
 * refused stops, or reloads from the store if the lease is still its own (a late write of the node
 * that had it before got in first). Token outcomes, activity tasks and stops are told to the other
 * nodes. On a single node none of this writes anything. Thread-safe.
 */
public final class Engine implements AutoCloseable {

  /** The kind of the timers that wake parked executions. */
  public static final String TIMER_KIND = "states";

  private static final int TIMER_BATCH = 64;

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** How long StartExecution waits for the run's own first flush before flushing itself. */
  private static final Duration CREATE_WITHIN = Duration.ofMillis(20);

  /** The termination of runs when the engine closes: nothing is written. */
  private static final String SHUTDOWN = "SHUTDOWN";

  /** The termination of runs whose lease another node took: nothing is written. */
  private static final String LOST = "LOST";

  /** The notification channel of the states service's nodes. */
  static final String CHANNEL = "states";

  /** How often in a row a run reloads after refused writes before it leaves the work to expiry. */
  private static final int MAX_RELOADS = 5;

  /** What the engine needs to know of a state machine revision. */
  public record Machine(
      StateMachineDefinition definition,
      String stateMachineArn,
      String stateMachineName,
      String roleArn,
      boolean readsContext) {}

  /** Finds the definition an execution runs. */
  @FunctionalInterface
  public interface Machines {
    /** The revision's machine; empty if it is gone. */
    Optional<Machine> revision(String revision);
  }

  /** Starts a child execution for {@code states:startExecution}. */
  @FunctionalInterface
  public interface ChildStarter {
    /**
     * Starts it; returns its ARN.
     *
     * @throws StatesFailure with AWS's error when it cannot start
     */
    String start(JsonNode parameters, ExecutionInfo parent);
  }

  /** What sending a token outcome did. */
  public enum TokenResult {
    /** Stored; the execution goes on. */
    ACCEPTED,
    /** No such token (never issued, or its task ended). */
    UNKNOWN,
    /** The token already has an outcome. */
    ALREADY_COMPLETED
  }

  private final ExecutionStore store;
  private final TimerStore timers;
  private final TaskInvoker invoker;
  private final Clock clock;
  private final Duration parkAfter;
  private final ConcurrentMap<String, Interpreter> active = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, CompletableFuture<String>> tokenWaiters =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<String, CompletableFuture<ExecutionRecord>> completions =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Object> activitySignals = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ScheduledFuture<?>> timeouts = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("states-timeouts").factory());
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Machines machines;
  private volatile ChildStarter childStarter;
  private final TimerLoop timerLoop;
  private final ExecutionLeases leases;
  private final ConcurrentMap<String, Integer> reloads = new ConcurrentHashMap<>();
  private final ScheduledExecutorService leaseTicker;
  private volatile Notifier.Subscription subscription;

  /** Set by {@link #crash}: close leaves the leases to expire instead of handing them over. */
  private volatile boolean crashed;

  /**
   * @param store executions, histories, tokens
   * @param timers where parked executions wait
   * @param invoker calls integrations
   * @param clock the only source of time
   * @param parkAfter waits longer than this unload the execution
   * @param node this node: on a shared store, executions run under its leases
   */
  public Engine(
      ExecutionStore store,
      TimerStore timers,
      TaskInvoker invoker,
      Clock clock,
      Duration parkAfter,
      Node node) {
    this.leases = new ExecutionLeases(node);
    this.leaseTicker =
        node.shared()
            ? Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("states-leases").factory())
            : null;
    this.store = Objects.requireNonNull(store, "store");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.parkAfter = Objects.requireNonNull(parkAfter, "parkAfter");
    this.timerLoop =
        new TimerLoop(
            "docket-states-timers",
            TIMER_KIND,
            timers,
            clock,
            Duration.ofSeconds(1),
            TIMER_BATCH,
            this::resumeDue);
  }

  /** Connects the engine to the service's state machines; call before {@link #start}. */
  public void bind(Machines machines, ChildStarter childStarter) {
    this.machines = Objects.requireNonNull(machines, "machines");
    this.childStarter = Objects.requireNonNull(childStarter, "childStarter");
  }

  /**
   * Resumes every RUNNING execution (on a shared store: every one no live node holds) and starts
   * waking parked ones when due; on a shared store also starts renewing this node's leases, taking
   * over executions whose lease expired, and listening to the other nodes.
   */
  public void start() {
    if (leases.shared()) {
      subscription = leases.node().listenToOthers(CHANNEL, this::heard);
      leases.node().onResync(this::resync);
      // renewing from the first lease on: replaying many executions may take longer than a lease
      long every = leases.node().renewEvery().toMillis();
      leaseTicker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }
    String after = "";
    while (true) {
      List<ExecutionRecord> page = store.running(after, 256);
      for (ExecutionRecord record : page) {
        if (!leases.shared()) {
          resume(record);
        } else if (!active.containsKey(record.arn()) && !leases.heldElsewhere(record.arn())) {
          // no live node runs it: its node died, the whole cluster stopped, or it is parked
          // (replayed, it parks again); the lease decides if another node started it meanwhile
          resumeIfFree(record.arn());
        }
      }
      if (page.size() < 256) {
        break;
      }
      after = page.get(page.size() - 1).arn();
    }
    timerLoop.start();
  }

  // ------------------------------------------------------------------ leases (shared store)

  /**
   * Every third of the lease time on a shared store: renews this node's leases in one write, stops
   * the runs whose lease another node took, and takes over executions whose lease expired.
   */
  private void tick() {
    try {
      for (String arn : leases.renew()) {
        Interpreter interpreter = active.get(arn);
        if (interpreter != null) {
          interpreter.terminate(new Termination(LOST, null, null));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("renewing the leases of executions failed; retrying", e);
    }
    if (closed.get()) {
      return;
    }
    try {
      for (String arn : leases.expired()) {
        if (!active.containsKey(arn)) {
          Thread.ofVirtual().name("takeover-" + arn).start(() -> takeOver(arn));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("looking for executions to take over failed; retrying", e);
    }
  }

  private void takeOver(String arn) {
    try {
      if (resumeIfFree(arn)) {
        LOG.info("{} took over execution {}", leases.node().id(), arn);
      }
    } catch (RuntimeException e) {
      LOG.warn("taking over execution {} failed; retrying", arn, e);
    }
  }

  /**
   * Takes the execution's lease and, if it is still RUNNING and not loaded here, resumes it
   * (replaying its history as read after the lease was taken, so every write of a previous holder
   * is in it or refused); gives the lease up if there is nothing to run. On a single node it only
   * resumes.
   *
   * @return whether this node now runs it
   */
  private boolean resumeIfFree(String arn) {
    if (closed.get() || !leases.take(arn)) {
      return false;
    }
    if (active.containsKey(arn)) {
      return true;
    }
    Optional<ExecutionRecord> record = store.get(arn);
    if (record.isEmpty() || !record.get().status().equals("RUNNING")) {
      leases.release(arn);
      return false;
    }
    return resume(record.get());
  }

  /** What another node said on {@link #CHANNEL}: {@code <what> <key>}. */
  private void heard(String payload) {
    int space = payload.indexOf(' ');
    if (space < 0) {
      return;
    }
    String key = payload.substring(space + 1);
    switch (payload.substring(0, space)) {
      case "token" -> {
        CompletableFuture<String> waiter = tokenWaiters.get(key);
        if (waiter != null) {
          // listeners must not block: the store is read off the notifier's thread
          Thread.ofVirtual().start(() -> readOutcome(key, waiter));
        }
      }
      case "activity" -> signalActivity(key);
      case "stop" -> {
        Interpreter interpreter = active.get(key);
        if (interpreter != null) {
          // another node ended it in the store: this run writes nothing more
          interpreter.terminate(new Termination(LOST, null, null));
        }
      }
      default -> LOG.debug("unknown states notification {}", payload);
    }
  }

  private void readOutcome(String token, CompletableFuture<String> waiter) {
    try {
      store.token(token).flatMap(TaskToken::outcome).ifPresent(waiter::complete);
    } catch (RuntimeException e) {
      LOG.debug("reading the outcome of a token failed; the resync reads it again", e);
    }
  }

  /**
   * The floor under lost notifications (every {@code cluster.resync}): stops the runs whose
   * execution someone else wrote since (a late write of the node that held it before, which this
   * run, waiting for a callback, would otherwise never notice; it reloads, see {@link
   * #afterRefusal}), reads the outcomes of the tokens this node's runs wait for, and the ends of
   * the executions it waits for.
   */
  private void resync() {
    for (Map.Entry<String, Interpreter> run : active.entrySet()) {
      try {
        if (run.getValue().recorder().movedOn()) {
          run.getValue().terminate(new Termination(LOST, null, null));
        }
      } catch (RuntimeException e) {
        LOG.debug(
            "checking execution {} failed; checked again at the next resync", run.getKey(), e);
      }
    }
    for (Map.Entry<String, CompletableFuture<String>> waiter : tokenWaiters.entrySet()) {
      if (!waiter.getValue().isDone()) {
        readOutcome(waiter.getKey(), waiter.getValue());
      }
    }
    for (String arn : completions.keySet()) {
      if (!active.containsKey(arn)) {
        completion(arn);
      }
    }
  }

  // ------------------------------------------------------------------ starting

  /**
   * Creates a Standard execution (durable on return) and runs it.
   *
   * @param record the execution's record: RUNNING, last event id 0, document {@code document}
   * @return false if an execution with that ARN exists (nothing changed)
   */
  public boolean startStandard(
      ExecutionRecord record, ExecutionDocument document, Machine machine) {
    if (!leases.take(record.arn())) {
      // another node is starting or running an execution of that ARN: let its create land
      awaitCreated(record.arn());
      return false;
    }
    ExecutionInfo info = info(record, document, machine, false);
    Recorder recorder = Recorder.creating(record, store, clock);
    Branch root = Branch.root();
    recordStarted(recorder, root, info, document);
    // The run creates the execution with its first flush: for a short run of Pass and Choice
    // states that is its end, one commit for the start and the whole run. The answer waits for
    // that create, or makes it after CREATE_WITHIN if the run has not flushed by then.
    launch(info, machine, recorder, root, document);
    try {
      return recorder.created().get(CREATE_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (recorder.created().isDone()) {
        return recorder.created().join(); // the run created it meanwhile (and may have ended)
      }
      try {
        recorder.flush();
      } catch (Recorder.FencedException refused) {
        return false;
      }
      return recorder.created().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + record.arn(), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    }
  }

  /** Runs an Express execution to its end on the calling thread (StartSyncExecution). */
  public RunEnd runExpress(ExecutionInfo info, Machine machine) {
    StateMachineDefinition definition = machine.definition();
    Recorder recorder = Recorder.ephemeral(clock);
    Interpreter interpreter =
        new Interpreter(info, definition, recorder, services, machine.readsContext());
    Branch root = Branch.root();
    recorder.record(root, "ExecutionStarted", () -> null);
    ScheduledFuture<?> timeout = scheduleTimeout(info, definition, interpreter);
    try {
      return interpreter.run(root);
    } finally {
      if (timeout != null) {
        timeout.cancel(false);
      }
    }
  }

  /** Runs an Express execution in the background (StartExecution on an Express machine). */
  public void startExpress(ExecutionInfo info, Machine machine) {
    Thread.ofVirtual().name("express-" + info.name()).start(() -> runExpress(info, machine));
  }

  /** Polls briefly for an execution another node is creating (see {@link #startStandard}). */
  private void awaitCreated(String arn) {
    for (int i = 0; i < 50 && store.get(arn).isEmpty(); i++) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Replays and runs a RUNNING execution; on a shared store its lease must be held already (and is
   * given up here if nothing runs).
   *
   * @return whether a run of it is loaded here now
   */
  private boolean resume(ExecutionRecord record) {
    ExecutionDocument document = ExecutionDocument.fromJson(record.document());
    Optional<Machine> machine = machines.revision(document.revision());
    if (machine.isEmpty()) {
      LOG.warn("execution {} runs a definition that is gone; failing it", record.arn());
      try {
        endOutright(
            record,
            "ExecutionFailed",
            "FAILED",
            StatesErrors.RUNTIME,
            "The state machine is gone.");
      } finally {
        leases.release(record.arn());
      }
      return false;
    }
    if (active.containsKey(record.arn())) {
      return true;
    }
    try {
      ExecutionInfo info = info(record, document, machine.get(), false);
      Recorder recorder = Recorder.durable(record.arn(), store, clock, fullHistory(record.arn()));
      Branch root = Branch.root();
      recordStarted(recorder, root, info, document);
      return launch(info, machine.get(), recorder, root, document);
    } catch (RuntimeException e) {
      // nothing runs: stop renewing the lease, so it expires and a takeover tries again
      leases.forget(record.arn());
      throw e;
    }
  }

  /**
   * Ends an execution that no run holds (its machine is gone, or StopExecution found it parked or
   * not loaded) with one fenced append of its end event and status.
   */
  private Instant endOutright(
      ExecutionRecord record, String type, String status, String error, String cause) {
    return endOutrightIfCurrent(record, type, status, error, cause).orElse(null);
  }

  /**
   * {@link #endOutright}, saying whether the fenced append was taken: empty if the execution moved
   * on since {@code record} was read (its run wrote, or another node ended it).
   */
  private Optional<Instant> endOutrightIfCurrent(
      ExecutionRecord record, String type, String status, String error, String cause) {
    Instant now = clock.instant();
    ExecutionDocument document = ExecutionDocument.fromJson(record.document());
    HistoryRecord event =
        new HistoryRecord(
            record.lastEventId() + 1,
            record.lastEventId(),
            "end#" + (record.lastEventId() + 1),
            type,
            now,
            errorDetails(error, cause).toString());
    boolean written =
        store.append(
            new dev.docket.store.ExecutionWrite(
                record.arn(),
                record.lastEventId(),
                List.of(event),
                Optional.of(status),
                Optional.of(now),
                Optional.of(document.ended(null, error, cause).toJson()),
                List.of(),
                List.of()));
    return written ? Optional.of(now) : Optional.empty();
  }

  private List<HistoryRecord> fullHistory(String arn) {
    List<HistoryRecord> all = new ArrayList<>();
    long after = 0;
    while (true) {
      List<HistoryRecord> page = store.history(arn, after, 1000);
      all.addAll(page);
      if (page.size() < 1000) {
        return all;
      }
      after = page.get(page.size() - 1).id();
    }
  }

  private static ExecutionInfo info(
      ExecutionRecord record, ExecutionDocument document, Machine machine, boolean express) {
    return new ExecutionInfo(
        record.arn(),
        record.name(),
        machine.stateMachineArn(),
        machine.stateMachineName(),
        document.roleArn(),
        record.startDate(),
        Json.parse(document.input()),
        express,
        document.redriveCount(),
        document.salt());
  }

  private void recordStarted(
      Recorder recorder, Branch root, ExecutionInfo info, ExecutionDocument document) {
    recorder.record(
        root,
        "ExecutionStarted",
        () -> {
          ObjectNode details = Json.object();
          details.set("input", info.input());
          details.set("inputDetails", Json.notTruncated());
          details.put("roleArn", info.roleArn());
          if (document.aliasArn() != null) {
            details.put("stateMachineAliasArn", document.aliasArn());
          }
          if (document.versionArn() != null) {
            details.put("stateMachineVersionArn", document.versionArn());
          }
          return details;
        });
  }

  private boolean launch(
      ExecutionInfo info,
      Machine machine,
      Recorder recorder,
      Branch root,
      ExecutionDocument document) {
    StateMachineDefinition definition = machine.definition();
    Interpreter interpreter =
        new Interpreter(info, definition, recorder, services, machine.readsContext());
    if (leases.shared()) {
      String arn = info.arn();
      recorder.guard(
          () -> leases.confirm(arn),
          () -> interpreter.terminate(new Termination(LOST, null, null)),
          () -> leases.lease(arn));
    }
    if (active.putIfAbsent(info.arn(), interpreter) != null) {
      return true;
    }
    Thread.ofVirtual()
        .name("execution-" + info.name())
        .start(() -> runToEnd(info, definition, recorder, root, interpreter, document));
    return true;
  }

  private void runToEnd(
      ExecutionInfo info,
      StateMachineDefinition definition,
      Recorder recorder,
      Branch root,
      Interpreter interpreter,
      ExecutionDocument document) {
    ScheduledFuture<?> timeout = scheduleTimeout(info, definition, interpreter);
    // what becomes of the lease (shared store): given up once the run wrote its end or parked,
    // kept for a reload, or left to expire (this node lost it, stops, or cannot write)
    AfterRun lease = AfterRun.EXPIRE;
    try {
      RunEnd end = interpreter.run(root);
      if (end instanceof RunEnd.Terminated terminated) {
        String status = terminated.termination().status();
        if (status.equals(SHUTDOWN)) {
          return; // the server stops: the history replays from where it is on the next start
        }
        if (status.equals(LOST)) {
          lease = afterRefusal(info.arn(), recorder);
          return;
        }
      }
      finish(info, recorder, root, document, end);
      lease = AfterRun.RELEASE;
    } catch (Recorder.FencedException e) {
      LOG.debug("{}", e.getMessage());
      lease = afterRefusal(info.arn(), recorder);
    } catch (StoreUnavailableException e) {
      // the database is away for now, which is no fault of the execution: the run stops where its
      // history is, its lease is left to expire, and the takeover (of any node, this one
      // included) replays it from that history once the database is back
      LOG.warn(
          "execution {} paused: the store is unavailable ({}); it resumes from its history",
          info.arn(),
          e.getMessage());
      lease = AfterRun.EXPIRE;
    } catch (RuntimeException e) {
      if (closed.get()) {
        return;
      }
      LOG.error("execution {} failed inside Docket", info.arn(), e);
      try {
        finish(
            info,
            recorder,
            root,
            document,
            new RunEnd.Failed(StatesErrors.RUNTIME, "Docket failed to run the execution: " + e));
        lease = AfterRun.RELEASE;
      } catch (Recorder.FencedException again) {
        lease = afterRefusal(info.arn(), recorder);
      } catch (RuntimeException again) {
        LOG.error("execution {} could not be failed", info.arn(), again);
      }
    } finally {
      if (timeout != null) {
        timeout.cancel(false);
      }
      active.remove(info.arn(), interpreter);
      if (!closed.get()) {
        switch (lease) {
          case RELEASE -> {
            reloads.remove(info.arn());
            leases.release(info.arn());
          }
          case EXPIRE -> {
            reloads.remove(info.arn());
            leases.forget(info.arn());
          }
          case RELOAD -> reload(info.arn());
        }
      }
      CompletableFuture<ExecutionRecord> done = completions.remove(info.arn());
      if (done != null) {
        store
            .get(info.arn())
            .ifPresentOrElse(
                record -> {
                  if (!record.status().equals("RUNNING")) {
                    done.complete(record);
                  } else {
                    completions.merge(info.arn(), done, (a, b) -> a);
                  }
                },
                () -> done.completeExceptionally(new IllegalStateException("gone")));
      }
    }
  }

  /** What a finished run does with its execution's lease. */
  private enum AfterRun {
    /** The run wrote its end or parked: give the lease up. */
    RELEASE,
    /** Keep it and load the execution again from the store. */
    RELOAD,
    /** Stop renewing it (lost, or the store failed): whoever takes it next runs the execution. */
    EXPIRE
  }

  /**
   * After the run's write was refused (or another node told it to stop): on a single node, or if
   * the run's create found the ARN taken, there is nothing to do; on a shared store, if this node
   * still holds the lease (renewed now), a late write of the node that held it before got in first,
   * and the run reloads from the store (at most {@link #MAX_RELOADS} times in a row); else the
   * lease is lost and the new holder runs the execution.
   */
  private AfterRun afterRefusal(String arn, Recorder recorder) {
    if (recorder.createRefused()) {
      return AfterRun.RELEASE;
    }
    if (!leases.shared() || closed.get()) {
      return AfterRun.EXPIRE;
    }
    try {
      if (!leases.reconfirm(arn)) {
        LOG.info("{} lost execution {} to another node; its run stops", leases.node().id(), arn);
        return AfterRun.EXPIRE;
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot tell whether execution {} is still this node's; it expires", arn, e);
      return AfterRun.EXPIRE;
    }
    if (reloads.merge(arn, 1, Integer::sum) > MAX_RELOADS) {
      LOG.warn("execution {} was refused {} times in a row; left to expire", arn, MAX_RELOADS);
      return AfterRun.EXPIRE;
    }
    return AfterRun.RELOAD;
  }

  /**
   * Loads the execution again under the lease this node still holds (see {@link #afterRefusal}).
   */
  private void reload(String arn) {
    try {
      Optional<ExecutionRecord> record = store.get(arn);
      if (record.isPresent() && record.get().status().equals("RUNNING")) {
        LOG.info("execution {} was written meanwhile; {} reloads it", arn, leases.node().id());
        resume(record.get());
      } else {
        reloads.remove(arn);
        leases.release(arn);
      }
    } catch (RuntimeException e) {
      LOG.warn("reloading execution {} failed; it moves when its lease expires", arn, e);
      leases.forget(arn);
    }
  }

  private void finish(
      ExecutionInfo info, Recorder recorder, Branch root, ExecutionDocument document, RunEnd end) {
    Instant now = clock.instant();
    switch (end) {
      case RunEnd.Succeeded succeeded -> {
        String output = Json.text(succeeded.output());
        recorder.record(
            root,
            "ExecutionSucceeded",
            () -> {
              ObjectNode details = Json.object();
              details.set("output", succeeded.output());
              details.set("outputDetails", Json.notTruncated());
              return details;
            });
        recorder.flush(
            Optional.of("SUCCEEDED"),
            Optional.of(now),
            Optional.of(document.ended(output, null, null).toJson()));
      }
      case RunEnd.Failed failed -> {
        recorder.record(
            root, "ExecutionFailed", () -> errorDetails(failed.error(), failed.cause()));
        recorder.flush(
            Optional.of("FAILED"),
            Optional.of(now),
            Optional.of(
                document.ended(null, emptyToNull(failed.error()), failed.cause()).toJson()));
      }
      case RunEnd.Terminated terminated -> {
        Termination why = terminated.termination();
        String type = why.status().equals("TIMED_OUT") ? "ExecutionTimedOut" : "ExecutionAborted";
        recorder.record(root, type, () -> errorDetails(why.error(), why.cause()));
        recorder.flush(
            Optional.of(why.status()),
            Optional.of(now),
            Optional.of(document.ended(null, why.error(), why.cause()).toJson()));
      }
      case RunEnd.Parked parked -> {
        recorder.flush();
        timers.schedule(new Timer("states:" + info.arn(), TIMER_KIND, parked.due(), info.arn(), 0));
        timerLoop.dueAt(parked.due());
      }
    }
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }

  private static ObjectNode errorDetails(String error, String cause) {
    ObjectNode details = Json.object();
    if (error != null && !error.isEmpty()) {
      details.put("error", error);
    }
    if (cause != null) {
      details.put("cause", cause);
    }
    return details;
  }

  private ScheduledFuture<?> scheduleTimeout(
      ExecutionInfo info, StateMachineDefinition definition, Interpreter interpreter) {
    Integer seconds = definition.timeoutSeconds();
    if (seconds == null) {
      return null;
    }
    Instant due = info.startTime().plusSeconds(seconds);
    long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis());
    return scheduler.schedule(
        () ->
            interpreter.terminate(
                new Termination("TIMED_OUT", StatesErrors.TIMEOUT, "Execution timed out.")),
        delay,
        TimeUnit.MILLISECONDS);
  }

  // ------------------------------------------------------------------ stopping, completion

  /** What RedriveExecution found. */
  public enum RedriveResult {
    /** The execution runs again from the states it did not finish. */
    REDRIVEN,
    /** It is not FAILED, ABORTED or TIMED_OUT (or another redrive was quicker). */
    NOT_REDRIVABLE,
    /** It does not exist. */
    UNKNOWN
  }

  /**
   * Redrives a FAILED, ABORTED or TIMED_OUT Standard execution: appends {@code ExecutionRedriven},
   * sets it RUNNING again, and replays it; the replay forgets, in every strand, the state that was
   * never exited (see {@link Recorder}), so those states run again and everything that succeeded is
   * kept.
   */
  public RedriveResult redrive(String arn) {
    Optional<ExecutionRecord> found = store.get(arn);
    if (found.isEmpty()) {
      return RedriveResult.UNKNOWN;
    }
    ExecutionRecord record = found.get();
    if (!List.of("FAILED", "ABORTED", "TIMED_OUT").contains(record.status())) {
      return RedriveResult.NOT_REDRIVABLE;
    }
    ExecutionDocument old = ExecutionDocument.fromJson(record.document());
    ExecutionDocument document =
        new ExecutionDocument(
            old.type(),
            old.input(),
            old.revision(),
            old.roleArn(),
            old.salt(),
            old.versionArn(),
            old.aliasArn(),
            old.traceHeader(),
            old.redriveCount() + 1,
            null,
            null,
            null);
    ObjectNode details = Json.object();
    details.put("redriveCount", document.redriveCount());
    HistoryRecord event =
        new HistoryRecord(
            record.lastEventId() + 1,
            record.lastEventId(),
            "redrive#" + document.redriveCount(),
            Recorder.REDRIVEN,
            clock.instant(),
            details.toString());
    // on a shared store the lease comes first, so no other node's start resumes it meanwhile
    if (!leases.take(arn)) {
      return RedriveResult.NOT_REDRIVABLE;
    }
    boolean written;
    try {
      written =
          store.append(
              new dev.docket.store.ExecutionWrite(
                  arn,
                  record.lastEventId(),
                  List.of(event),
                  Optional.of("RUNNING"),
                  Optional.empty(),
                  Optional.of(document.toJson()),
                  List.of(),
                  List.of()));
    } catch (RuntimeException e) {
      leases.release(arn);
      throw e;
    }
    if (!written) {
      leases.release(arn);
      return RedriveResult.NOT_REDRIVABLE;
    }
    Optional<ExecutionRecord> redriven = store.get(arn);
    if (redriven.isPresent()) {
      resume(redriven.get());
    } else {
      leases.release(arn);
    }
    return RedriveResult.REDRIVEN;
  }

  /**
   * Stops a RUNNING execution (StopExecution): it ends ABORTED with the error and cause given.
   *
   * @return the stop date
   */
  public Instant stop(String arn, String error, String cause) {
    Interpreter interpreter = active.get(arn);
    Termination reason = new Termination("ABORTED", error, cause);
    if (interpreter != null) {
      interpreter.terminate(reason);
      try {
        awaitEnd(arn, Duration.ofSeconds(30));
      } catch (RuntimeException e) {
        LOG.warn("execution {} did not stop in time", arn, e);
      }
      return store.get(arn).flatMap(ExecutionRecord::stopDate).orElse(clock.instant());
    }
    // parked or not loaded here: end it here
    for (int attempt = 0; ; attempt++) {
      Optional<ExecutionRecord> record = store.get(arn);
      if (record.isEmpty() || !record.get().status().equals("RUNNING")) {
        return record.flatMap(ExecutionRecord::stopDate).orElse(clock.instant());
      }
      timers.cancel("states:" + arn);
      Optional<Instant> stopped =
          endOutrightIfCurrent(record.get(), "ExecutionAborted", "ABORTED", error, cause);
      if (stopped.isPresent()) {
        // the node running it (if any) stops without writing; its next write would be refused
        leases.node().notifyOthers(CHANNEL, "stop " + arn);
        return stopped.get();
      }
      if (attempt >= 20) {
        // its run (on another node) keeps writing: the stop is told to that node instead
        leases.node().notifyOthers(CHANNEL, "stop " + arn);
        return clock.instant();
      }
      // its run on another node wrote meanwhile: read it again
    }
  }

  /** The execution's record once it has ended (completes at once if it has). */
  public CompletableFuture<ExecutionRecord> completion(String arn) {
    CompletableFuture<ExecutionRecord> future =
        completions.computeIfAbsent(arn, a -> new CompletableFuture<>());
    store
        .get(arn)
        .filter(record -> !record.status().equals("RUNNING"))
        .ifPresent(
            record -> {
              completions.remove(arn, future);
              future.complete(record);
            });
    return future;
  }

  /**
   * Waits for the execution's end; on a shared store also reads the store every {@link
   * Node#POLL_FLOOR}, since its run may have moved to another node.
   */
  private ExecutionRecord awaitCompletion(String arn) throws Exception {
    while (true) {
      CompletableFuture<ExecutionRecord> future = completion(arn);
      if (!leases.shared()) {
        return future.get();
      }
      try {
        return future.get(Node.POLL_FLOOR.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // read the store again (completion does)
      }
    }
  }

  private ExecutionRecord awaitEnd(String arn, Duration timeout) {
    try {
      return completion(arn).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("execution " + arn + " did not end", e);
    }
  }

  // ------------------------------------------------------------------ tokens and activities

  /**
   * Stores a task's outcome sent with its token and wakes the execution.
   *
   * @param outcome {@code {"output": <text>}} or {@code {"error":..., "cause":...}} as JSON text
   */
  public TokenResult complete(String token, String outcome) {
    Optional<TaskToken> stored = store.token(token);
    if (stored.isEmpty()) {
      return TokenResult.UNKNOWN;
    }
    if (stored.get().outcome().isPresent() || !store.complete(token, outcome)) {
      return store.token(token).isPresent() ? TokenResult.ALREADY_COMPLETED : TokenResult.UNKNOWN;
    }
    CompletableFuture<String> waiter = tokenWaiters.get(token);
    if (waiter != null) {
      waiter.complete(outcome);
    }
    // its run may be on another node (or this one's waiter be a run that moved away)
    leases.node().notifyOthers(CHANNEL, "token " + token);
    return TokenResult.ACCEPTED;
  }

  /** Records a heartbeat; false if the token is unknown or done. */
  public boolean heartbeat(String token) {
    return store.heartbeat(token, clock.instant());
  }

  /** Whether a Standard execution with that ARN exists. */
  public boolean executionExists(String arn) {
    return store.get(arn).isPresent();
  }

  /** The token as stored. */
  public Optional<TaskToken> token(String token) {
    return store.token(token);
  }

  /**
   * Claims the oldest activity task of an activity, waiting up to {@code wait} for one (the
   * GetActivityTask long poll).
   */
  public Optional<TaskToken> pollActivity(String activityArn, String worker, Duration wait)
      throws InterruptedException {
    Instant until = clock.instant().plus(wait);
    Object signal = activitySignals.computeIfAbsent(activityArn, a -> new Object());
    while (true) {
      Optional<TaskToken> task = store.claimActivityTask(activityArn, worker, clock.instant());
      if (task.isPresent() || closed.get()) {
        return task;
      }
      long left = Duration.between(clock.instant(), until).toMillis();
      if (left <= 0) {
        return Optional.empty();
      }
      synchronized (signal) {
        signal.wait(Math.min(left, 1000));
      }
    }
  }

  private void signalActivity(String activityArn) {
    Object signal = activitySignals.get(activityArn);
    if (signal != null) {
      synchronized (signal) {
        signal.notifyAll();
      }
    }
  }

  // ------------------------------------------------------------------ parked executions

  /** Resumes the parked executions that came due; how many timers it claimed. */
  private int resumeDue() {
    // a claim lasts only until the resume is launched; on a shared store no longer than a lease,
    // so a node that dies holding claims delays those executions no more than its running ones
    Duration claim = leases.shared() ? leases.node().leaseTime() : Duration.ofMinutes(1);
    List<Timer> due = timers.claimDue(TIMER_KIND, clock.instant(), TIMER_BATCH, claim);
    for (Timer timer : due) {
      String arn = timer.payload();
      if (leases.shared()) {
        if (!leases.take(arn)) {
          // another node runs it (it resumed it at its start, or took it over): look again after
          // that node's lease would have expired, in case it parks or dies meanwhile
          timers.reschedule(
              timer.id(),
              timer.leaseToken(),
              clock.instant().plus(leases.node().leaseTime()),
              timer.payload());
          continue;
        }
        if (!active.containsKey(arn)) {
          Optional<ExecutionRecord> record = store.get(arn);
          if (record.isPresent() && record.get().status().equals("RUNNING")) {
            resume(record.get());
          } else {
            leases.release(arn);
          }
        }
      } else {
        store.get(arn).filter(record -> record.status().equals("RUNNING")).ifPresent(this::resume);
      }
      timers.complete(timer.id(), timer.leaseToken());
    }
    return due.size();
  }

  /** Wakes the loop that resumes parked executions (for tests that moved a manual clock). */
  public void wakeTimers() {
    timerLoop.wake();
  }

  /** How many executions this engine runs now (in memory). */
  public int activeCount() {
    return active.size();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    timerLoop.close();
    scheduler.shutdownNow();
    if (leaseTicker != null) {
      leaseTicker.shutdownNow();
    }
    Notifier.Subscription listening = subscription;
    if (listening != null) {
      listening.close();
    }
    for (Object signal : activitySignals.values()) {
      synchronized (signal) {
        signal.notifyAll();
      }
    }
    // running executions stop where they are: their history replays on the next start
    for (Interpreter interpreter : active.values()) {
      interpreter.terminate(new Termination(SHUTDOWN, null, null));
    }
    if (!crashed) {
      // hand the executions over at once: the other nodes take them at their next look
      leases.expireAll();
    }
  }

  /**
   * Stops renewing this node's leases while its runs go on, as a node paused past its lease (or cut
   * off from the store) would, for tests of fencing.
   */
  void stopRenewing() {
    if (leaseTicker != null) {
      leaseTicker.shutdownNow();
    }
  }

  /**
   * Stops this engine as if its process had died, for tests of takeover in one JVM: nothing more is
   * written or renewed, and this node's leases are left to expire as a dead node's would. The
   * engine is closed afterwards.
   */
  public void crash() {
    crashed = true;
    if (leaseTicker != null) {
      leaseTicker.shutdownNow();
    }
    close();
  }

  // ------------------------------------------------------------------ what runs need

  private final RunServices services =
      new RunServices() {
        @Override
        public Clock clock() {
          return clock;
        }

        @Override
        public TaskInvoker invoker() {
          return invoker;
        }

        @Override
        public Duration parkAfter() {
          return parkAfter;
        }

        @Override
        public CompletableFuture<String> awaitToken(String token) {
          CompletableFuture<String> future =
              tokenWaiters.computeIfAbsent(token, t -> new CompletableFuture<>());
          store.token(token).flatMap(TaskToken::outcome).ifPresent(future::complete);
          return future;
        }

        @Override
        public void forgetToken(String token) {
          tokenWaiters.remove(token);
        }

        @Override
        public Optional<TaskToken> storedToken(String token) {
          return store.token(token);
        }

        @Override
        public void activityTaskReady(String activityArn) {
          signalActivity(activityArn);
          leases.node().notifyOthers(CHANNEL, "activity " + activityArn);
        }

        @Override
        public TaskInvoker.Result startExecution(
            JsonNode parameters, ExecutionInfo parent, String pattern, String taskToken) {
          String childArn;
          try {
            childArn = childStarter.start(parameters, parent);
          } catch (StatesFailure failure) {
            return new TaskInvoker.Result.Failure(failure.error(), failure.causeText());
          }
          ExecutionRecord started = store.get(childArn).orElse(null);
          if (pattern.isEmpty() || pattern.equals("waitForTaskToken")) {
            ObjectNode output = Json.object();
            output.put("ExecutionArn", childArn);
            output.put(
                "StartDate",
                started == null
                    ? Json.contextTime(clock.instant())
                    : Json.contextTime(started.startDate()));
            return new TaskInvoker.Result.Success(output);
          }
          ExecutionRecord end;
          try {
            end = awaitCompletion(childArn);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TaskInvoker.Result.Failure(StatesErrors.TASK_FAILED, "interrupted");
          } catch (Exception e) {
            return new TaskInvoker.Result.Failure(StatesErrors.TASK_FAILED, e.toString());
          }
          return SyncResults.of(end, pattern.equals("sync:2"));
        }
      };
}
