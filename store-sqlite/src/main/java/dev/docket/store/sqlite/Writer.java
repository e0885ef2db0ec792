package dev.docket.store.sqlite;

import dev.docket.store.StoreException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread with group commit.
 *
 * <p>Design: callers (typically virtual threads) enqueue an {@link Operation} and park. The writer
 * thread takes everything pending (up to {@code maxBatchSize}), runs it in one transaction, each
 * operation inside its own savepoint so that a failing operation rolls back alone, commits once
 * (one fsync for the whole batch) and only then completes and unparks the callers. The hand-off
 * costs one small object per operation and no futures.
 *
 * <p>Thread-safe: {@link #write} may be called from any thread; sessions and statements are only
 * touched by the writer thread.
 */
final class Writer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

  /** Work run on the writer thread inside a transaction. */
  @FunctionalInterface
  interface Operation<T> {
    T run(WriteSession session) throws SQLException;
  }

  /**
   * One submitted operation and its completion; fields written by the writer before {@code done}.
   */
  private static final class Pending<T> {
    final Operation<T> operation;
    final Thread caller;
    T result;
    Throwable failure;
    volatile boolean done;

    Pending(Operation<T> operation, Thread caller) {
      this.operation = operation;
      this.caller = caller;
    }

    void run(WriteSession session) {
      try {
        result = operation.run(session);
      } catch (Throwable e) {
        failure = e;
      }
    }
  }

  private static final Pending<Void> SHUTDOWN = new Pending<>(session -> null, null);

  private final WriteSession session;
  private final int maxBatchSize;
  private final LinkedBlockingQueue<Pending<?>> pending = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean exited;

  Writer(WriteSession session, int maxBatchSize, String name) {
    this.session = session;
    this.maxBatchSize = maxBatchSize;
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
    thread.start();
  }

  /** Runs an operation in the next group commit and returns its result once durable. */
  <T> T write(Operation<T> operation) {
    if (closed) {
      throw new StoreException("store is closed");
    }
    Pending<T> request = new Pending<>(operation, Thread.currentThread());
    pending.add(request);
    if (exited && pending.remove(request)) {
      throw new StoreException("store is closed");
    }
    boolean interrupted = false;
    while (!request.done) {
      LockSupport.park(this);
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (request.failure != null) {
      throw rethrow(request.failure);
    }
    return request.result;
  }

  /** How many operations wait for the writer thread (for tests). */
  int pendingCount() {
    return pending.size();
  }

  private static RuntimeException rethrow(Throwable failure) {
    return switch (failure) {
      case StoreException e -> new StoreException(e.getMessage(), e);
      case SQLException e -> new StoreException("SQLite failed: " + e.getMessage(), e);
      case RuntimeException e -> e;
      default -> new StoreException("store operation failed: " + failure, failure);
    };
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>(maxBatchSize);
    boolean stopping = false;
    while (true) {
      Pending<?> first = stopping ? pending.poll() : take();
      if (first == null) {
        break;
      }
      batch.add(first);
      pending.drainTo(batch, maxBatchSize - 1);
      stopping |= batch.remove(SHUTDOWN);
      if (!batch.isEmpty()) {
        commit(batch);
        complete(batch);
      }
      batch.clear();
    }
    exited = true;
    for (Pending<?> left = pending.poll(); left != null; left = pending.poll()) {
      left.failure = new StoreException("store is closed");
      finish(left);
    }
    session.close();
  }

  private Pending<?> take() {
    while (true) {
      try {
        return pending.take();
      } catch (InterruptedException e) {
        // only close() stops the writer, by SHUTDOWN
      }
    }
  }

  private void commit(List<Pending<?>> batch) {
    try {
      session.execute("BEGIN IMMEDIATE");
      if (batch.size() == 1) {
        batch.getFirst().run(session);
      } else {
        for (Pending<?> request : batch) {
          session.execute("SAVEPOINT operation");
          request.run(session);
          if (request.failure != null) {
            session.execute("ROLLBACK TO operation");
          }
          session.execute("RELEASE operation");
        }
      }
      if (batch.size() == 1 && batch.getFirst().failure != null) {
        session.execute("ROLLBACK");
        return;
      }
      session.saveCounters();
      session.execute("COMMIT");
    } catch (SQLException | RuntimeException e) {
      LOG.error("Group commit of {} operations failed", batch.size(), e);
      rollbackQuietly();
      session.countersLost();
      StoreException failure = new StoreException("commit failed: " + e.getMessage(), e);
      for (Pending<?> request : batch) {
        request.result = null;
        request.failure = failure;
      }
    }
  }

  private void rollbackQuietly() {
    try {
      session.execute("ROLLBACK");
    } catch (SQLException e) {
      // no transaction was open, or SQLite already rolled it back
      LOG.debug("Rollback after a failed commit did not apply", e);
    }
  }

  private static void complete(List<Pending<?>> batch) {
    for (Pending<?> request : batch) {
      finish(request);
    }
  }

  private static void finish(Pending<?> request) {
    request.done = true;
    LockSupport.unpark(request.caller);
  }

  /** Stops accepting operations, commits those already submitted and closes the connection. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pending.add(SHUTDOWN);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
