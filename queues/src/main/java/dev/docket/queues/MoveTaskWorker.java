package dev.docket.queues;

import dev.docket.delivery.LeasedWork;
import dev.docket.store.MoveTaskRecord;
import dev.docket.store.QueueStore;
import dev.docket.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one message move task on a virtual thread: moves batches out of the dead-letter queue with
 * {@link QueueStore#redrive}, persists progress after each, keeps to the task's rate limit, and
 * ends COMPLETED when the queue has nothing left to move, CANCELLED when cancelled, FAILED when the
 * destination queue is deleted meanwhile (FailureReason {@code
 * AWS.SimpleQueueService.NonExistentQueue}, as AWS records it) or the store fails. Stopping (server
 * shutdown) leaves the task RUNNING in the store. Thread-safe: cancel and stop only count down
 * latches the worker thread watches.
 *
 * <p>On a store other nodes share, the worker runs under the task's lease ({@link LeasedWork}, held
 * when it starts): before each batch it checks that the lease is still this node's (if not, another
 * node has taken the task over, and this worker stops without writing) and reads the task's stored
 * status, because CancelMessageMoveTask may have been served by another node (CANCELLING: the
 * worker ends the task CANCELLED) or the task may have been ended by a node that took it over (the
 * worker stops). When the worker ends, for whatever reason, it releases the lease, so that a task
 * left RUNNING by a shutdown is taken over by another node at once.
 */
final class MoveTaskWorker {

  private static final Logger LOG = LoggerFactory.getLogger(MoveTaskWorker.class);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

  private final MoveTaskRecord task;
  private final Optional<Long> destination;
  private final QueueStore store;
  private final QueuesConfig config;
  private final Clock clock;
  private final LongPolls longPolls;
  private final Consumer<MoveTaskRecord> onDone;
  private final LeasedWork lease;
  private final CountDownLatch interrupted = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean cancelled;
  private volatile long moved;
  private Thread thread;

  MoveTaskWorker(
      MoveTaskRecord task,
      Optional<Long> destination,
      QueueStore store,
      QueuesConfig config,
      Clock clock,
      LongPolls longPolls,
      LeasedWork lease,
      Consumer<MoveTaskRecord> onDone) {
    this.task = task;
    this.destination = destination;
    this.store = store;
    this.config = config;
    this.clock = clock;
    this.longPolls = longPolls;
    this.onDone = onDone;
    this.lease = lease;
    this.moved = task.moved();
  }

  void start() {
    thread = Thread.ofVirtual().name("docket-move-task").start(this::run);
  }

  /** Cancels the task and waits for the worker to record it; returns how many moved. */
  long cancel() {
    cancelSoon();
    join();
    return moved;
  }

  /** Cancels the task without waiting (for a cancel another node served). */
  void cancelSoon() {
    cancelled = true;
    interrupted.countDown();
  }

  /** Stops the worker for shutdown, leaving the task to be resumed. */
  void stop() {
    interrupted.countDown();
  }

  void join() {
    try {
      finished.await(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      String status = loop();
      if (status != null) {
        store.saveMoveTask(
            MoveTasks.withStatus(
                task,
                status,
                moved,
                status.equals(MoveTasks.FAILED)
                    ? Optional.of(MoveTasks.DESTINATION_MISSING)
                    : Optional.empty()));
      }
    } catch (StoreUnavailableException e) {
      // the database is away for now: the task stays RUNNING where it got to and is taken up
      // again (by whichever node finds its lease free) once the database is back
      LOG.warn(
          "Message move task from {} paused: the store is unavailable ({})",
          task.sourceArn(),
          e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Message move task from {} failed", task.sourceArn(), e);
      try {
        store.saveMoveTask(
            MoveTasks.withStatus(task, MoveTasks.FAILED, moved, Optional.of(e.getMessage())));
      } catch (RuntimeException again) {
        LOG.warn("Could not record the failure of a message move task", again);
      }
    } finally {
      onDone.accept(task);
      if (lease != null) {
        lease.release();
      }
      finished.countDown();
    }
  }

  /** Moves until done; returns the final status, or null when stopped for shutdown. */
  private String loop() {
    int batch = config.moveTaskBatchSize();
    if (task.maxMessagesPerSecond().isPresent()) {
      batch = Math.min(batch, task.maxMessagesPerSecond().get());
    }
    while (true) {
      if (cancelled) {
        return MoveTasks.CANCELLED;
      }
      if (interrupted.getCount() == 0) {
        return null;
      }
      if (lease != null) {
        String stored = storedStatus();
        if (stored == null) {
          return null;
        }
        if (stored.equals(MoveTasks.CANCELLING)) {
          return MoveTasks.CANCELLED;
        }
      }
      if (destination.isPresent() && store.queue(destination.get()).isEmpty()) {
        return MoveTasks.FAILED;
      }
      int n = store.redrive(task.sourceQueueId(), destination, batch, clock.instant());
      if (n == 0) {
        return MoveTasks.COMPLETED;
      }
      moved += n;
      longPolls.signalAll();
      store.saveMoveTask(MoveTasks.withStatus(task, MoveTasks.RUNNING, moved, Optional.empty()));
      if (task.maxMessagesPerSecond().isPresent()) {
        pause(Duration.ofMillis(1000L * n / task.maxMessagesPerSecond().get()));
      }
    }
  }

  /**
   * On a shared store: the task's stored status, or null when the worker must stop without writing
   * (the lease went to another node, or the task was ended elsewhere).
   */
  private String storedStatus() {
    if (!lease.held()) {
      LOG.info("Message move task from {} was taken over by another node", task.sourceArn());
      return null;
    }
    String status =
        store.moveTasks(task.sourceQueueId()).stream()
            .filter(t -> t.taskHandle().equals(task.taskHandle()))
            .map(MoveTaskRecord::status)
            .findFirst()
            .orElse(MoveTasks.RUNNING); // the source queue went: the redrive finds nothing
    return status.equals(MoveTasks.RUNNING) || status.equals(MoveTasks.CANCELLING) ? status : null;
  }

  private void pause(Duration duration) {
    try {
      interrupted.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      interrupted.countDown();
    }
  }
}
