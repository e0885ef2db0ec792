package dev.docket.states;

import dev.docket.delivery.LeasedWork;
import dev.docket.store.ExecutionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closed-execution retention: AWS keeps a closed Standard execution, with its history, for 90 days
 * after it closes, then DescribeExecution and GetExecutionHistory answer ExecutionDoesNotExist and
 * ListExecutions no longer shows it. Without this, executions and their histories would only ever
 * grow.
 *
 * <p>A virtual thread runs {@link ExecutionStore#expire} for everything closed before {@code now -
 * retention}, {@value #BATCH} executions at a time until a batch deletes fewer, when it starts and
 * then every {@link #EVERY}. On a store shared by several nodes only the holder of the lease {@code
 * states.retention} runs it ({@link LeasedWork}; always true on a single node); deletions are
 * idempotent, so a holder that loses its lease mid-run and the node that takes over at worst delete
 * the same executions, and nothing needs fencing. Time is read only from the clock and the wait is
 * the difference of two readings, so under a manual clock a test wakes the task ({@link #wake})
 * after moving the clock.
 *
 * <p>Thread-safe: the wait state is guarded by one lock.
 */
final class ExecutionRetention implements AutoCloseable {

  /** How many executions one {@link ExecutionStore#expire} call deletes at most. */
  static final int BATCH = 500;

  /** How often the task runs (AWS does not say when it deletes; a day late is within reason). */
  static final Duration EVERY = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionRetention.class);

  private final ExecutionStore executions;
  private final Duration retention;
  private final Clock clock;
  private final LeasedWork work;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  // guarded by lock
  private boolean running;
  private boolean wakeRequested;
  private Thread thread;

  /**
   * A task that is not running yet.
   *
   * @param executions where the executions are
   * @param retention how long a closed execution is kept after its stop date
   * @param clock the only source of time
   * @param work the lease that makes it run on one node at a time
   */
  ExecutionRetention(ExecutionStore executions, Duration retention, Clock clock, LeasedWork work) {
    this.executions = Objects.requireNonNull(executions, "executions");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.work = Objects.requireNonNull(work, "work");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, but was " + retention);
    }
  }

  /** Starts the task: a first run now, then every {@link #EVERY}. A no-op while it runs. */
  void start() {
    lock.lock();
    try {
      if (running) {
        return;
      }
      running = true;
      thread = Thread.ofVirtual().name("docket-states-retention").start(this::loop);
    } finally {
      lock.unlock();
    }
  }

  /** Makes the task look at the clock again (tests call this after moving a manual clock). */
  void wake() {
    lock.lock();
    try {
      wakeRequested = true;
      wakeUp.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * One run, if this node holds the lease: expires batches until one deletes fewer than {@value
   * #BATCH} (or the lease is lost).
   *
   * @return how many executions were deleted, or -1 if another node holds the lease
   */
  int runOnce() {
    if (!work.hold()) {
      return -1;
    }
    Instant closedBefore = clock.instant().minus(retention);
    int total = 0;
    int deleted;
    do {
      deleted = executions.expire(closedBefore, BATCH);
      total += deleted;
    } while (deleted >= BATCH && work.held() && !Thread.currentThread().isInterrupted());
    if (total > 0) {
      LOG.info("Deleted {} executions closed before {}", total, closedBefore);
    }
    return total;
  }

  /** Stops the task, waits for its thread and gives the lease up; idempotent. */
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
    work.release();
  }

  private void loop() {
    Instant next = Instant.MIN;
    while (isRunning()) {
      Instant now = clock.instant();
      if (!now.isBefore(next)) {
        try {
          runOnce();
        } catch (RuntimeException e) {
          if (!isRunning()) {
            return;
          }
          LOG.warn("Closed-execution retention failed; trying again in {}", EVERY, e);
        }
        next = now.plus(EVERY);
      }
      sleepUntil(next);
    }
  }

  private void sleepUntil(Instant next) {
    lock.lock();
    try {
      long nanos = Duration.between(clock.instant(), next).toNanos();
      while (nanos > 0 && !wakeRequested && running) {
        nanos = wakeUp.awaitNanos(nanos);
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
