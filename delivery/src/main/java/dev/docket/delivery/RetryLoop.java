package dev.docket.delivery;

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
 * The virtual thread that runs due retries: it runs a batch, and when no more are due sleeps until
 * the next one is (by {@link TimerStore#nextDue}), at most the poll interval, unless a delivery
 * parked sooner wakes it ({@link #parked}). Time is read only from the clock; the sleep itself is
 * the difference of two clock readings, so under a manual clock a test wakes the loop after moving
 * the clock.
 *
 * <p>Thread-safe: the sleep state is guarded by one lock.
 */
final class RetryLoop {

  private static final Logger LOG = LoggerFactory.getLogger(RetryLoop.class);

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

  RetryLoop(
      TimerStore timers, Clock clock, Duration pollInterval, int batchSize, IntSupplier runDue) {
    this.timers = timers;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.batchSize = batchSize;
    this.runDue = runDue;
  }

  void start() {
    lock.lock();
    try {
      if (running) {
        return;
      }
      running = true;
      thread = Thread.ofVirtual().name("docket-delivery-retries").start(this::run);
    } finally {
      lock.unlock();
    }
  }

  /** A delivery was parked until {@code dueAt}: wake the loop if it sleeps past that. */
  void parked(Instant dueAt) {
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

  /** Wakes the loop to look for due retries now (tests call this after moving the clock). */
  void wake() {
    lock.lock();
    try {
      wakeRequested = true;
      wakeUp.signal();
    } finally {
      lock.unlock();
    }
  }

  void stop() {
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
        LOG.warn("retrying parked deliveries failed; trying again in {}", pollInterval, e);
        sleepFor(pollInterval);
      }
    }
  }

  private void sleep() {
    Instant now = clock.instant();
    Instant wakeAt = now.plus(pollInterval);
    Optional<Instant> next = timers.nextDue(DeliveryEngine.TIMER_KIND, now);
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
