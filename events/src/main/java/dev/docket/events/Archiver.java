package dev.docket.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.delivery.LeasedWork;
import dev.docket.delivery.Node;
import dev.docket.patterns.EventPattern;
import dev.docket.patterns.RuleMatcher;
import dev.docket.store.ArchiveStore;
import dev.docket.store.ArchivedEvent;
import dev.docket.store.EventLogStore;
import dev.docket.store.Lease;
import dev.docket.store.LoggedEvent;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import dev.docket.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archiver of one bus: a virtual thread that tails the bus's event log from its own durable
 * cursor ({@code archive:<bus-arn>}), copies each event into every archive of the bus whose pattern
 * it matches (all events for an archive without pattern; none from before the archive was created,
 * none carrying {@code replay-name}) with one {@link ArchiveStore#append} per batch, and then
 * advances its cursor. A crash copies the batch again, which the store keeps once. It also applies
 * the archives' retention, hourly, by dropping whole day segments.
 *
 * <p>It sleeps when caught up and is woken in memory by {@link #wake()} (an append to the bus) and
 * {@link #archivesChanged()} (an archive of the bus was created, updated or deleted). The router of
 * the bus trims the log only up to {@link #cursor()} (see {@code ArchivingEventLog}), so the
 * archiver never misses an event. Thread-safe: {@code wake}, {@code archivesChanged}, {@code
 * cursor} and {@code stop} may be called from any thread; the rest runs on its own thread.
 *
 * <p>On a store shared by several nodes, only the node holding the lease {@code archiver:<bus-arn>}
 * archives (as for routers): it re-reads its durable cursor whenever it takes the lease, advances
 * it fenced on the lease, and looks at the log every {@link Node#POLL_FLOOR}.
 */
final class Archiver {

  private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH_SIZE = 512;
  private static final int PAGE = 100;
  private static final Duration EXPIRE_EVERY = Duration.ofHours(1);
  private static final Duration BACKOFF = Duration.ofSeconds(1);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final String busArn;
  private final String consumer;
  private final EventLogStore log;
  private final ArchiveStore store;
  private final ResourceStore resources;
  private final Clock clock;
  private final LeasedWork lease;
  private final long idleNanos;
  private final AtomicBoolean woken = new AtomicBoolean(true);
  private final AtomicBoolean stale = new AtomicBoolean(true);
  private volatile long cursor;
  private volatile boolean running = true;
  private volatile Thread thread;

  /** The archives of the bus as the archiver needs them; immutable. */
  private record Selection(
      List<Archive> all, List<Archive> unfiltered, RuleMatcher<String> matcher) {

    static final Selection NONE = new Selection(List.of(), List.of(), null);

    static Selection of(List<Archive> archives) {
      List<Archive> unfiltered = new ArrayList<>();
      Map<String, EventPattern> patterns = new LinkedHashMap<>();
      for (Archive archive : archives) {
        if (archive.eventPattern().isEmpty()) {
          unfiltered.add(archive);
          continue;
        }
        try {
          patterns.put(archive.arn(), EventPattern.parse(archive.eventPattern().get()));
        } catch (RuntimeException e) {
          LOG.warn("archive {} keeps nothing: its pattern no longer parses", archive.arn(), e);
        }
      }
      return new Selection(
          List.copyOf(archives),
          List.copyOf(unfiltered),
          patterns.isEmpty() ? null : RuleMatcher.of(patterns));
    }
  }

  Archiver(
      String busArn,
      EventLogStore log,
      ArchiveStore store,
      ResourceStore resources,
      Clock clock,
      Node node) {
    this.busArn = busArn;
    this.lease = new LeasedWork(node, "archiver:" + busArn);
    this.idleNanos = node.shared() ? Node.POLL_FLOOR.toNanos() : TimeUnit.MINUTES.toNanos(1);
    this.consumer = consumerOf(busArn);
    this.log = log;
    this.store = store;
    this.resources = resources;
    this.clock = clock;
    this.cursor = log.cursor(consumer);
  }

  /** The durable cursor name of the archiver of {@code busArn}. */
  static String consumerOf(String busArn) {
    return "archive:" + busArn;
  }

  /** The last sequence of the bus this archiver is done with (durably). */
  long cursor() {
    return cursor;
  }

  /** Starts the archiver's thread. */
  Archiver start() {
    Thread t = Thread.ofVirtual().name("archiver " + busArn).unstarted(this::run);
    thread = t;
    t.start();
    return this;
  }

  /** Tells the archiver that events were appended to its bus. */
  void wake() {
    if (!woken.getAndSet(true)) {
      LockSupport.unpark(thread);
    }
  }

  /** Tells the archiver that the bus's archives changed. */
  void archivesChanged() {
    stale.set(true);
    woken.set(true);
    LockSupport.unpark(thread);
  }

  /** Stops after the batch in hand and waits for the thread to end. */
  void stop() {
    running = false;
    Thread t = thread;
    if (t == null) {
      return;
    }
    LockSupport.unpark(t);
    try {
      if (!t.join(STOP_WAIT)) {
        t.interrupt();
        t.join(STOP_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lease.release();
  }

  private void run() {
    Selection selection = Selection.NONE;
    Instant nextExpiry = Instant.MIN;
    Lease heldUnder = null;
    while (running) {
      try {
        if (!lease.hold()) {
          woken.set(false);
          idle(Instant.MAX);
          continue;
        }
        Lease fence = lease.fence();
        if (fence != heldUnder) {
          heldUnder = fence;
          cursor = log.cursor(consumer); // the last holder's position
          stale.set(true);
        }
        woken.set(false);
        List<LoggedEvent> batch = log.read(busArn, cursor, BATCH_SIZE);
        // after the read: an event appended after a CreateArchive or UpdateArchive returned is
        // archived under the archives as that call left them
        if (stale.getAndSet(false)) {
          selection = Selection.of(load());
        }
        if (!batch.isEmpty()) {
          archive(selection, batch);
          long last = batch.getLast().sequence();
          if (fence == null) {
            log.advance(consumer, last);
          } else if (!log.advance(consumer, last, fence)) {
            LOG.info("archiver of {} lost its lease; its batch may be archived again", busArn);
            lease.lost();
            continue;
          }
          cursor = last;
        }
        Instant now = clock.instant();
        if (!now.isBefore(nextExpiry)) {
          expire(selection, now);
          nextExpiry = now.plus(EXPIRE_EVERY);
        }
        if (batch.isEmpty()) {
          idle(nextExpiry);
        }
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        if (e instanceof StoreUnavailableException) {
          LOG.warn("archiver of {}: {}; retrying in {}", busArn, e.getMessage(), BACKOFF);
        } else {
          LOG.warn("archiver of {} failed; retrying in {}", busArn, BACKOFF, e);
        }
        stale.set(true);
        heldUnder = null; // re-read the durable cursor
        try {
          Thread.sleep(BACKOFF);
        } catch (InterruptedException interrupted) {
          break;
        }
      }
    }
  }

  /** Sleeps until woken, stopped, {@code until}, or the idle time passed. */
  private void idle(Instant until) {
    long deadline = System.nanoTime() + idleNanos;
    while (running && !woken.get()) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !clock.instant().isBefore(until)) {
        return;
      }
      LockSupport.parkNanos(this, left);
    }
  }

  private void archive(Selection selection, List<LoggedEvent> batch) {
    if (selection.all().isEmpty()) {
      return;
    }
    List<ArchivedEvent> kept = new ArrayList<>();
    for (LoggedEvent event : batch) {
      JsonNode parsed;
      try {
        parsed = JSON.readTree(event.json());
      } catch (JsonProcessingException e) {
        continue;
      }
      if (parsed == null || parsed.has(ReplayTask.REPLAY_NAME)) {
        continue; // replayed events are not archived again
      }
      for (Archive archive : selection.unfiltered()) {
        keep(archive, event, kept);
      }
      if (selection.matcher() != null) {
        for (String arn : selection.matcher().matches(parsed)) {
          for (Archive archive : selection.all()) {
            if (archive.arn().equals(arn)) {
              keep(archive, event, kept);
            }
          }
        }
      }
    }
    if (!kept.isEmpty()) {
      store.append(kept);
    }
  }

  private static void keep(Archive archive, LoggedEvent event, List<ArchivedEvent> kept) {
    if (!event.time().isBefore(archive.createdAt())) {
      kept.add(ArchivedEvent.of(archive.arn(), event));
    }
  }

  private void expire(Selection selection, Instant now) {
    for (Archive archive : selection.all()) {
      if (archive.retentionDays() > 0) {
        long dropped =
            store.expire(archive.arn(), now.minus(Duration.ofDays(archive.retentionDays())));
        if (dropped > 0) {
          LOG.info("archive {}: {} events past retention dropped", archive.arn(), dropped);
        }
      }
    }
  }

  /** The archives whose source is this bus. */
  private List<Archive> load() {
    Arns.Parsed bus = Arns.parse(busArn).orElseThrow();
    String parent = Bus.parentOf(bus.account(), bus.region());
    List<Archive> archives = new ArrayList<>();
    String after = "";
    while (true) {
      List<ResourceRecord> page = resources.list(Archive.KIND, parent, "", after, PAGE);
      for (ResourceRecord record : page) {
        Archive archive = Archive.read(record.document());
        if (archive.sourceArn().equals(busArn)) {
          archives.add(archive);
        }
      }
      if (page.size() < PAGE) {
        return archives;
      }
      after = page.getLast().name();
    }
  }
}
