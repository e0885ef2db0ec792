package dev.docket.delivery;

import dev.docket.store.StoreUnavailableException;
import dev.docket.store.TimerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual thread that runs the due timers of one kind: it runs a batch ({@code runDue}, which
 * claims and handles up to a batch of due timers and answers how many it claimed), and when fewer
 * than a batch were due sleeps until the next one is (by {@link TimerStore#nextDue}), at most the
 * poll interval, unless a timer set sooner wakes it ({@link #dueAt}). The poll interval is the
 * floor that finds timers another process set. Time is read only from the clock; the sleep itself
 * is the difference of two clock readings, so under a manual clock a test wakes the loop ({@link
 * #wake}) after moving the clock.
 *
 * <p>Thread-safe: the sleep state is guarded by one lock.
 */
public final class TimerLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TimerLoop.class);

  private final String name;
  private final String kind;
  private final TimerStore timers;
  private final Clock clock;
  private final Duration pollInterval;
  private final int batchSize;
  private final IntSupplier runDue;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  // guarded by lock: when the loop means to wake by itself (null while it is working)
  private Instant sleepingUntil;
  private boolean wakeRequested;
  private boolean running;
  private Thread thread;

  /**
   * A loop that is not running yet.
   *
   * @param name the thread's name
   * @param kind the kind of timers it runs
   * @param timers where they are
   * @param clock the only source of time
   * @param pollInterval the longest sleep
   * @param batchSize how many timers {@code runDue} claims at most
   * @param runDue claims and handles one batch of due timers; answers how many it claimed
   */
  public TimerLoop(
      String name,
      String kind,
      TimerStore timers,
      Clock clock,
      Duration pollInterval,
      int batchSize,
      IntSupplier runDue) {
    this.name = name;
    this.kind = kind;
    this.timers = timers;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.batchSize = batchSize;
    this.runDue = runDue;
  }

  /** Starts the loop (again a no-op while it runs). */
  public void start() {
    lock.lock();
    try {
      if (running) {
        return;
      }
      running = true;
      thread = Thread.ofVirtual().name(name).start(this::run);
    } finally {
      lock.unlock();
    }
  }

  /** A timer was set for {@code dueAt}: wakes the loop if it sleeps past that. */
  public void dueAt(Instant dueAt) {
    lock.lock();
    try {
      if (sleepingUntil == null || dueAt.isBefore(sleepingUntil)) {
        wakeRequested = true;
        wakeUp.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the loop to look for due timers now (tests call this after moving the clock). */
  public void wake() {
    lock.lock();
    try {
      wakeRequested = true;
      wakeUp.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Stops the loop and waits for its thread; idempotent. */
  @Override
  public void close() {
    Thread stopping;
    lock.lock();
    try {
      running = false;
      wakeUp.signal();
      stopping = thread;
      thread = null;
    } finally {
      lock.unlock();
    }
    if (stopping != null) {
      stopping.interrupt();
      try {
        stopping.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    while (isRunning()) {
      try {
        int claimed = runDue.getAsInt();
        if (claimed >= batchSize) {
          continue; // more may be due
        }
        sleep();
      } catch (RuntimeException e) {
        if (!isRunning()) {
          return;
        }
        if (e instanceof StoreUnavailableException) {
          // the database is away: one line per try, no stack (the store logged the outage)
          LOG.warn(
              "running due {} timers: {}; trying again in {}", kind, e.getMessage(), pollInterval);
        } else {
          LOG.warn("running due {} timers failed; trying again in {}", kind, pollInterval, e);
        }
        sleepFor(pollInterval);
      }
    }
  }

  private void sleep() {
    Instant now = clock.instant();
    Instant wakeAt = now.plus(pollInterval);
    Optional<Instant> next = timers.nextDue(kind, now);
    if (next.isPresent() && next.get().isBefore(wakeAt)) {
      wakeAt = next.get();
    }
    lock.lock();
    try {
      if (!wakeRequested && running) {
        sleepingUntil = wakeAt;
        long nanos = Duration.between(now, wakeAt).toNanos();
        while (nanos > 0 && !wakeRequested && running) {
          nanos = wakeUp.awaitNanos(nanos);
        }
      }
      wakeRequested = false;
      sleepingUntil = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void sleepFor(Duration duration) {
    lock.lock();
    try {
      if (running && !wakeRequested) {
        wakeUp.await(duration.toNanos(), TimeUnit.NANOSECONDS);
      }
      wakeRequested = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private boolean isRunning() {
    lock.lock();
    try {
      return running && !Thread.currentThread().isInterrupted();
    } finally {
      lock.unlock();
    }
  }
}
