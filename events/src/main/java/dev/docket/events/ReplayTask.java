package dev.docket.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.DeliveryRequest;
import dev.docket.store.ArchivePosition;
import dev.docket.store.ArchiveStore;
import dev.docket.store.ArchivedEvent;
import dev.docket.store.LoggedEvent;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task of one replay, on its own virtual thread: claims the replay's lease, then walks the
 * archive from the replay's durable position to {@code EventEndTime} in pages; for each page it
 * adds {@code replay-name} to every event, matches it against the destination bus's rules (only
 * those in {@code FilterArns}, if given) and hands the deliveries to the delivery engine, the same
 * path the bus's router uses; once the engine has them done or durably parked, it writes the new
 * position, {@code EventLastReplayedTime} and a renewed lease in one versioned replace of the
 * replay's document. Replayed events never enter a bus's log, so no archive keeps them and no other
 * consumer sees them.
 *
 * <p>Crash: the next owner resumes from the last position written, so at most one page is delivered
 * twice (at-least-once, as the router). A clean {@link #stop()} ends after the page in hand and
 * releases the lease, so a restarted server resumes at once without duplicates. A failed replace
 * means someone else wrote the document: a CancelReplay (the task ends it CANCELLED) or another
 * node that took over an expired lease (the task stops).
 *
 * <p>Thread-safe: {@link #wake()} and {@link #stop()} may be called from any thread.
 */
final class ReplayTask {

  /** The envelope member EventBridge adds to a replayed event. */
  static final String REPLAY_NAME = "replay-name";

  private static final Logger LOG = LoggerFactory.getLogger(ReplayTask.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 1000;

  /** The first page's size, before the events' size is known. */
  static final int FIRST_PAGE = 32;

  private static final long PAGE_BYTES = 8L * 1024 * 1024;
  private static final Duration BACKOFF = Duration.ofSeconds(1);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);
  private static final String RESOURCES = ",\"resources\":";
  private static final int SPLIT_AT = 64;
  private static final ExecutorService HELPERS = Executors.newVirtualThreadPerTaskExecutor();

  private final String arn;
  private final String owner;
  private final ResourceStore resources;
  private final ArchiveStore archives;
  private final RuleBook rules;
  private final Consumer<List<DeliveryRequest>> engine;
  private final Clock clock;
  private final Duration lease;
  private final Runnable onEnd;
  private volatile boolean running = true;
  private volatile Thread thread;
  // the task thread's cache of the compiled rules, keyed by the rule book's snapshot
  private List<Rule> compiledFrom;
  private Routes compiled = Routes.EMPTY;

  ReplayTask(
      String arn,
      String owner,
      ResourceStore resources,
      ArchiveStore archives,
      RuleBook rules,
      Consumer<List<DeliveryRequest>> engine,
      Clock clock,
      Duration lease,
      Runnable onEnd) {
    this.arn = arn;
    this.owner = owner;
    this.resources = resources;
    this.archives = archives;
    this.rules = rules;
    this.engine = engine;
    this.clock = clock;
    this.lease = lease;
    this.onEnd = onEnd;
  }

  ReplayTask start() {
    Thread t = Thread.ofVirtual().name("replay " + arn).unstarted(this::run);
    thread = t;
    t.start();
    return this;
  }

  /** Interrupts a wait for another owner's lease (after a CancelReplay, say). */
  void wake() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Stops after the page in hand, releases the lease and waits for the thread to end. */
  void stop() {
    running = false;
    Thread t = thread;
    if (t == null) {
      return;
    }
    LockSupport.unpark(t);
    try {
      t.join(STOP_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    boolean over = false;
    try {
      while (running && !over) {
        try {
          over = step();
        } catch (RuntimeException e) {
          if (!running) {
            break;
          }
          LOG.warn("replay {} failed; retrying in {}", arn, BACKOFF, e);
          Thread.sleep(BACKOFF);
        }
      }
    } catch (InterruptedException e) {
      // stopping
    }
    release();
    if (over) {
      onEnd.run();
    }
  }

  /**
   * Reads the replay and does what its state asks; returns true when the replay is over (ended, or
   * taken over), false to look again.
   */
  private boolean step() throws InterruptedException {
    Optional<ResourceRecord> found = resources.get(Replay.KIND, arn);
    if (found.isEmpty()) {
      return true;
    }
    ResourceRecord record = found.get();
    Replay replay = Replay.read(record.document());
    Instant now = clock.instant();
    if (!replay.state().active()) {
      return true;
    }
    boolean mine = replay.owner().filter(owner::equals).isPresent();
    if (!mine && replay.owner().isPresent() && replay.leaseUntil().isAfter(now)) {
      // another node holds it; look again when its lease runs out
      LockSupport.parkNanos(this, Duration.between(now, replay.leaseUntil()).toNanos());
      return false;
    }
    if (replay.state() == ReplayState.CANCELLING) {
      return end(record, replay, ReplayState.CANCELLED, Optional.of("Replay was cancelled."));
    }
    Replay claimed = replay.leased(Optional.of(owner), now.plus(lease));
    if (claimed.state() == ReplayState.STARTING) {
      claimed = claimed.in(ReplayState.RUNNING, Optional.empty(), Optional.empty());
    }
    ResourceRecord held = record.next(claimed.document());
    if (!resources.replace(held)) {
      return false;
    }
    return walk(held, claimed);
  }

  /** Replays page after page while it holds the lease; true when the replay ended. */
  private boolean walk(ResourceRecord record, Replay replay) {
    if (resources.get(Archive.KIND, replay.archiveArn()).isEmpty()) {
      return end(
          record,
          replay,
          ReplayState.FAILED,
          Optional.of("Archive " + Archive.nameOf(replay.archiveArn()) + " does not exist."));
    }
    // the next page is read while the current one is matched and delivered
    CompletableFuture<List<ArchivedEvent>> ahead = readAfter(replay, replay.position(), FIRST_PAGE);
    while (running) {
      List<ArchivedEvent> page = join(ahead);
      if (page.isEmpty()) {
        return end(record, replay, ReplayState.COMPLETED, Optional.empty());
      }
      ArchivedEvent last = page.getLast();
      ahead = readAfter(replay, last.position(), pageSizeAfter(page));
      deliver(replay, page);
      Replay next =
          replay
              .progressed(last.position(), last.time())
              .leased(Optional.of(owner), clock.instant().plus(lease));
      ResourceRecord written = record.next(next.document());
      if (!resources.replace(written)) {
        return false; // cancelled or taken over: step() reads what happened
      }
      record = written;
      replay = next;
    }
    return false;
  }

  private CompletableFuture<List<ArchivedEvent>> readAfter(
      Replay replay, ArchivePosition after, int limit) {
    return CompletableFuture.supplyAsync(
        () -> archives.read(replay.archiveArn(), after, replay.eventEndTime(), limit), HELPERS);
  }

  /**
   * How many events the next page may hold: up to {@link #PAGE}, but about {@link #PAGE_BYTES} of
   * envelopes at the size of the last page's, so two pages of large events (up to 1 MiB each) stay
   * a few MiB of heap.
   */
  static int pageSizeAfter(List<ArchivedEvent> page) {
    long chars = 0;
    for (ArchivedEvent event : page) {
      chars += event.json().length();
    }
    long average = Math.max(1, chars / Math.max(1, page.size()));
    return (int) Math.max(1, Math.min(PAGE, PAGE_BYTES / average));
  }

  /**
   * Hands one page to the destination bus's rules; returns when delivered or durably parked. The
   * two halves of a page are parsed and matched on two threads (both cores); the deliveries keep
   * the page's order.
   */
  private void deliver(Replay replay, List<ArchivedEvent> page) {
    Routes routes = routes(replay);
    if (routes.isEmpty()) {
      return;
    }
    String nameMember = "\"" + REPLAY_NAME + "\":" + quoted(replay.name());
    List<DeliveryRequest> deliveries;
    if (page.size() < SPLIT_AT) {
      deliveries = prepare(routes, replay, nameMember, page);
    } else {
      int half = page.size() / 2;
      CompletableFuture<List<DeliveryRequest>> first =
          CompletableFuture.supplyAsync(
              () -> prepare(routes, replay, nameMember, page.subList(0, half)), HELPERS);
      List<DeliveryRequest> second =
          prepare(routes, replay, nameMember, page.subList(half, page.size()));
      deliveries = join(first);
      deliveries.addAll(second);
    }
    if (!deliveries.isEmpty()) {
      engine.accept(deliveries);
    }
  }

  /** The deliveries of {@code events}, each with {@code replay-name}, in order. */
  private static List<DeliveryRequest> prepare(
      Routes routes, Replay replay, String nameMember, List<ArchivedEvent> events) {
    List<DeliveryRequest> deliveries = new ArrayList<>(events.size());
    for (ArchivedEvent event : events) {
      ObjectNode parsed;
      try {
        parsed = (ObjectNode) JSON.readTree(event.json());
      } catch (JsonProcessingException | ClassCastException e) {
        continue;
      }
      parsed.put(REPLAY_NAME, replay.name());
      String json = withReplayName(event.json(), nameMember, parsed);
      LoggedEvent logged =
          new LoggedEvent(
              replay.destinationArn(),
              event.sequence(),
              event.id(),
              event.time(),
              json,
              event.traceHeader());
      routes.deliveries(logged, parsed, deliveries);
    }
    return deliveries;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * The destination's rules (those in {@code FilterArns}, if given) compiled for routing; compiled
   * again only when the bus's rule snapshot changed (the rule book hands out the same list until
   * then).
   */
  private Routes routes(Replay replay) {
    List<Rule> all = rules.rules(replay.destinationArn());
    if (all != compiledFrom) {
      List<Rule> selected = all;
      if (!replay.filterArns().isEmpty()) {
        Set<String> wanted = new HashSet<>(replay.filterArns());
        selected = all.stream().filter(rule -> wanted.contains(rule.arn())).toList();
      }
      compiled = Routes.of(selected);
      compiledFrom = all;
    }
    return compiled;
  }

  /**
   * The envelope with {@code replay-name} where EventBridge puts it, after {@code region} and
   * before {@code resources}: spliced into the text (a member name outside a string cannot occur
   * inside one), or the parsed event written anew when the envelope is not in that shape.
   */
  static String withReplayName(String json, String nameMember, ObjectNode parsed) {
    int at = json.indexOf(RESOURCES);
    if (at < 0) {
      return parsed.toString();
    }
    return json.substring(0, at + 1) + nameMember + json.substring(at);
  }

  private static String quoted(String text) {
    return JSON.getNodeFactory().textNode(text).toString();
  }

  /** Ends the replay in {@code state}; true if written (the replay is over). */
  private boolean end(
      ResourceRecord record, Replay replay, ReplayState state, Optional<String> reason) {
    Replay ended =
        replay
            .in(state, reason, Optional.of(clock.instant()))
            .leased(Optional.empty(), Instant.EPOCH);
    return resources.replace(record.next(ended.document()));
  }

  /** Gives the lease back, if this task holds it and the replay is still active. */
  private void release() {
    try {
      resources
          .get(Replay.KIND, arn)
          .ifPresent(
              record -> {
                Replay replay = Replay.read(record.document());
                if (replay.state().active() && replay.owner().filter(owner::equals).isPresent()) {
                  resources.replace(
                      record.next(replay.leased(Optional.empty(), Instant.EPOCH).document()));
                }
              });
    } catch (RuntimeException e) {
      LOG.debug("replay {}: lease not released; it expires", arn, e);
    }
  }
}
