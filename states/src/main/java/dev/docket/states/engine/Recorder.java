package dev.docket.states.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.states.data.StatesFailure;
import dev.docket.store.ExecutionRecord;
import dev.docket.store.ExecutionStore;
import dev.docket.store.ExecutionWrite;
import dev.docket.store.HistoryRecord;
import dev.docket.store.Lease;
import dev.docket.store.TaskToken;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * An execution's history as its interpreter writes it: events are buffered and written by {@link
 * #flush} in one fenced {@link ExecutionWrite}; events already in the store (an earlier run's, on
 * replay) are matched by key and handed back instead of appended. A recorder without a store (an
 * Express execution) keeps nothing and builds no details. Thread-safe (Parallel branches and Map
 * iterations record concurrently).
 */
final class Recorder {

  /** AWS's limit of events in one execution's history. */
  static final int MAX_EVENTS = 25_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** AWS's limit of a state's input or output: 256 KiB. */
  private static final int MAX_PAYLOAD = 262_144;

  private final String arn;
  private final ExecutionStore store;
  private final Clock clock;
  private final Map<String, HistoryRecord> replay;
  private final List<HistoryRecord> pending = new ArrayList<>();
  private final List<TaskToken> tokensCreated = new ArrayList<>();
  private final List<String> tokensDeleted = new ArrayList<>();
  private long lastId;
  private long durableId;

  /** The execution the first flush creates (a start not yet durable), or null. */
  private ExecutionRecord toCreate;

  /** Completed by the first flush: true once created, false if the ARN was taken. */
  private final CompletableFuture<Boolean> created = new CompletableFuture<>();

  /** Set when the create found the ARN taken: this run must write nothing. */
  private boolean refused;

  /** Asked before every write whether this run may still write (its node holds the lease). */
  private BooleanSupplier mayWrite = () -> true;

  private Supplier<Lease> fenceLease = () -> null;

  /** Told once when a write is refused (fenced): the run must stop. */
  private Runnable onFenced = () -> {};

  /** Set once a write was refused: every later flush is refused without asking the store. */
  private boolean fenced;

  private Recorder(String arn, ExecutionStore store, Clock clock, List<HistoryRecord> recorded) {
    this.arn = arn;
    this.store = store;
    this.clock = clock;
    this.replay = new HashMap<>();
    for (HistoryRecord record : recorded) {
      lastId = Math.max(lastId, record.id());
      if (record.type().equals(REDRIVEN)) {
        forgetUnfinishedStates(replay);
      } else {
        replay.put(record.key(), record);
      }
    }
    this.durableId = lastId;
  }

  /** The type of the event RedriveExecution appends. */
  static final String REDRIVEN = "ExecutionRedriven";

  /**
   * What a redrive does to the replay: in every strand, the state that was entered and never exited
   * (the one the strand failed in, with every event after it) is forgotten, so the run enters it
   * again; everything that succeeded replays. Later events with the same keys (the redriven run's)
   * then take their places.
   */
  private static void forgetUnfinishedStates(Map<String, HistoryRecord> replay) {
    replay
        .values()
        .removeIf(
            record ->
                record.type().startsWith("Execution") && !record.type().equals("ExecutionStarted"));
    Map<String, java.util.TreeMap<Integer, HistoryRecord>> strands = new HashMap<>();
    for (HistoryRecord record : replay.values()) {
      int hash = record.key().lastIndexOf('#');
      if (hash < 0) {
        continue;
      }
      strands
          .computeIfAbsent(record.key().substring(0, hash), k -> new java.util.TreeMap<>())
          .put(Integer.parseInt(record.key().substring(hash + 1)), record);
    }
    for (Map.Entry<String, java.util.TreeMap<Integer, HistoryRecord>> strand : strands.entrySet()) {
      Integer from = null;
      java.util.Set<String> exited = new java.util.HashSet<>();
      for (Map.Entry<Integer, HistoryRecord> event : strand.getValue().descendingMap().entrySet()) {
        String type = event.getValue().type();
        String name = nameOf(event.getValue());
        if (type.endsWith("StateExited")) {
          exited.add(name);
        } else if (type.endsWith("StateEntered")) {
          if (!exited.remove(name)) {
            from = event.getKey();
            break;
          }
        }
      }
      if (from == null) {
        // a Map iteration that ended without a state in progress (aborted, or failed after it)
        for (Map.Entry<Integer, HistoryRecord> event : strand.getValue().entrySet()) {
          String type = event.getValue().type();
          if (type.equals("MapIterationAborted") || type.equals("MapIterationFailed")) {
            from = event.getKey();
            break;
          }
        }
      }
      if (from != null) {
        for (Integer seq : strand.getValue().tailMap(from, true).keySet()) {
          replay.remove(strand.getKey() + "#" + seq);
        }
      }
    }
  }

  private static String nameOf(HistoryRecord record) {
    try {
      return JSON.readTree(record.details()).path("name").asText();
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  /** A recorder over a stored history ({@code recorded}: every event already written, in order). */
  static Recorder durable(
      String arn, ExecutionStore store, Clock clock, List<HistoryRecord> recorded) {
    return new Recorder(arn, store, clock, recorded);
  }

  /**
   * A recorder for a new execution: its first {@link #flush} creates the execution with every event
   * buffered until then (and its final status, if it has already ended), so a start and a short run
   * cost one commit. {@link #created()} tells the starter how that went.
   */
  static Recorder creating(ExecutionRecord execution, ExecutionStore store, Clock clock) {
    Recorder recorder = new Recorder(execution.arn(), store, clock, List.of());
    recorder.toCreate = execution;
    return recorder;
  }

  /**
   * Completes once the execution is created (true) or found taken (false); see {@link #creating}.
   */
  CompletableFuture<Boolean> created() {
    return created;
  }

  /**
   * Guards this recorder's writes on a store other nodes share: {@code mayWrite} is asked before
   * every write (false refuses it, as the store would), and {@code onFenced} is told once, on the
   * first refusal from either, so the interpreter stops every strand (a Parallel branch's refused
   * flush would otherwise end only its own strand). Every append is fenced in the store on the
   * lease {@code fence} answers (if any), so a write of this node made after another node took the
   * execution over is refused even when nobody has appended since.
   */
  synchronized void guard(BooleanSupplier mayWrite, Runnable onFenced, Supplier<Lease> fence) {
    this.mayWrite = mayWrite;
    this.onFenced = onFenced;
    this.fenceLease = fence;
  }

  /** Whether the first flush found the ARN taken (nothing of this run was written). */
  synchronized boolean createRefused() {
    return refused;
  }

  /** The id of the last event known written (by this run or an earlier one). */
  synchronized long durableId() {
    return durableId;
  }

  /**
   * Whether someone else wrote the execution since this run last did (another node's late write, or
   * an outright end by StopExecution on another node): its last event id is not this run's, or it
   * is gone or no longer RUNNING. Holds this recorder's lock over the read, so a flush of this run
   * cannot be mistaken for another writer's. False before the first flush created it.
   */
  synchronized boolean movedOn() {
    if (store == null || toCreate != null || refused || fenced) {
      return false;
    }
    Optional<ExecutionRecord> record = store.get(arn);
    return record.isEmpty()
        || !record.get().status().equals("RUNNING")
        || record.get().lastEventId() != durableId;
  }

  /** A recorder that keeps nothing (Express). */
  static Recorder ephemeral(Clock clock) {
    return new Recorder("", null, clock, List.of());
  }

  /** Whether this recorder writes a history. */
  boolean durable() {
    return store != null;
  }

  /**
   * Records the next event of {@code branch}, or replays it if an earlier run recorded it.
   *
   * @throws StatesFailure {@code States.Runtime} if the recorded event at that key has another type
   *     (the history does not replay), or the history would pass AWS's limit
   */
  synchronized Recorded record(Branch branch, String type, Supplier<ObjectNode> details) {
    if (branch.silent()) {
      branch.advance(branch.lastEventId());
      return new Recorded(0, type, clock.instant(), null, false);
    }
    String key = branch.nextKey();
    HistoryRecord old = replay.remove(key);
    if (old != null) {
      if (!old.type().equals(type)) {
        throw StatesFailure.runtime(
            "The execution's history does not replay: event "
                + old.id()
                + " is "
                + old.type()
                + " where "
                + type
                + " was expected.");
      }
      branch.advance(old.id());
      return new Recorded(old.id(), type, old.timestamp(), parse(old.details()), true);
    }
    Instant now = clock.instant();
    if (store == null) {
      branch.advance(0);
      return new Recorded(0, type, now, null, false);
    }
    if (lastId >= MAX_EVENTS) {
      throw StatesFailure.runtime(
          "The execution reached the maximum number of history events (" + MAX_EVENTS + ").");
    }
    ObjectNode detail = details.get();
    String text = detail == null ? "{}" : detail.toString();
    if (text.length() > MAX_PAYLOAD && type.endsWith("StateExited")) {
      JsonNode output = detail.get("output");
      if (output != null
          && output.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
        throw new StatesFailure(
            Interpreter.DATA_LIMIT_EXCEEDED,
            "The state/task '"
                + detail.path("name").asText()
                + "' returned a result with a size exceeding the maximum number of bytes service"
                + " limit.");
      }
    }
    long id = ++lastId;
    pending.add(new HistoryRecord(id, branch.lastEventId(), key, type, now, text));
    branch.advance(id);
    return new Recorded(id, type, now, detail, false);
  }

  /** The event {@code branch} recorded next in an earlier run, if any (without consuming it). */
  synchronized HistoryRecord peek(Branch branch) {
    return branch.silent() ? null : replay.get(branch.nextKey());
  }

  /** Whether an earlier run recorded more of {@code branch} (then a sleep there is over). */
  synchronized boolean replaying(Branch branch) {
    return !branch.silent() && replay.containsKey(branch.nextKey());
  }

  /** Creates a task token with the next flush. */
  synchronized void createToken(TaskToken token) {
    if (store != null) {
      tokensCreated.add(token);
    }
  }

  /** Deletes a task token with the next flush. */
  synchronized void deleteToken(String token) {
    if (store != null) {
      tokensDeleted.add(token);
    }
  }

  /** Writes what is buffered; durable on return. */
  void flush() {
    flush(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Writes what is buffered with, optionally, the execution's new status, stop date and document.
   *
   * @throws FencedException if another writer appended since (this run must stop)
   */
  synchronized void flush(
      Optional<String> status, Optional<Instant> stopDate, Optional<String> document) {
    if (store == null) {
      return;
    }
    if (refused || fenced) {
      throw new FencedException(arn);
    }
    if (toCreate != null) {
      create(status, stopDate, document);
      return;
    }
    if (pending.isEmpty()
        && tokensCreated.isEmpty()
        && tokensDeleted.isEmpty()
        && status.isEmpty()
        && document.isEmpty()) {
      return;
    }
    if (!mayWrite.getAsBoolean()) {
      throw fence();
    }
    ExecutionWrite write =
        new ExecutionWrite(
            arn, durableId, pending, status, stopDate, document, tokensCreated, tokensDeleted);
    Lease lease = fenceLease.get();
    if (!(lease == null ? store.append(write) : store.append(write, lease))) {
      throw fence();
    }
    durableId = write.lastEventId();
    pending.clear();
    tokensCreated.clear();
    tokensDeleted.clear();
  }

  private void create(
      Optional<String> status, Optional<Instant> stopDate, Optional<String> document) {
    ExecutionRecord execution =
        new ExecutionRecord(
            toCreate.arn(),
            toCreate.stateMachineArn(),
            toCreate.name(),
            status.orElse(toCreate.status()),
            toCreate.startDate(),
            stopDate.isPresent() ? stopDate : toCreate.stopDate(),
            pending.size(),
            document.orElse(toCreate.document()));
    boolean done;
    try {
      done = store.create(execution, List.copyOf(pending));
    } catch (RuntimeException e) {
      created.completeExceptionally(e);
      throw e;
    }
    toCreate = null;
    if (!done) {
      refused = true;
      created.complete(false);
      throw new FencedException(arn);
    }
    durableId = lastId;
    pending.clear();
    created.complete(true);
    if (!tokensCreated.isEmpty() || !tokensDeleted.isEmpty()) {
      flush(Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  private FencedException fence() {
    fenced = true;
    onFenced.run();
    return new FencedException(arn);
  }

  private static ObjectNode parse(String details) {
    try {
      return (ObjectNode) JSON.readTree(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable history details", e);
    }
  }

  /** This run's writes were refused: another run of the same execution moved on. */
  static final class FencedException extends RuntimeException {
    FencedException(String arn) {
      super("execution " + arn + " was written by another run", null, false, false);
    }
  }
}
