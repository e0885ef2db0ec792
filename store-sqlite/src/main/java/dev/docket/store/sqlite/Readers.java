package dev.docket.store.sqlite;

import dev.docket.store.StoreException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed pool of read-only sessions for plain reads. In WAL mode readers never block the writer
 * and each statement sees the latest committed state, so a read issued after a write returned sees
 * that write.
 *
 * <p>Thread-safe: a caller borrows a session for the length of one read and returns it.
 */
final class Readers implements AutoCloseable {

  /** Work run on a borrowed read-only session. */
  @FunctionalInterface
  interface Read<T> {
    T run(Session session) throws SQLException;
  }

  private final ArrayBlockingQueue<Session> idle;
  private final int size;
  private volatile boolean closed;

  Readers(List<Session> sessions) {
    this.size = sessions.size();
    this.idle = new ArrayBlockingQueue<>(size, false, sessions);
  }

  /** Runs a read on an idle session, waiting for one if all are busy. */
  <T> T read(Read<T> read) {
    if (closed) {
      throw new StoreException("store is closed");
    }
    Session session = borrow();
    try {
      return read.run(session);
    } catch (SQLException e) {
      throw new StoreException("SQLite read failed: " + e.getMessage(), e);
    } finally {
      idle.add(session);
    }
  }

  private Session borrow() {
    try {
      while (true) {
        // poll rather than take: close() drains the pool, and a late caller must not wait forever
        Session session = idle.poll(50, TimeUnit.MILLISECONDS);
        if (session != null && closed) {
          idle.add(session);
          throw new StoreException("store is closed");
        }
        if (session != null) {
          return session;
        }
        if (closed) {
          throw new StoreException("store is closed");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a read connection", e);
    }
  }

  /** Waits for borrowed sessions to come back and closes all of them. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = 0; i < size; i++) {
      boolean interrupted = false;
      while (true) {
        try {
          idle.take().close();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
