package dev.docket.store.postgresql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The range partitions of the event log: {@code events} is partitioned by {@code sequence}, one
 * table {@code events_<lower>} per range {@code [lower, upper)}, catalogued in {@code
 * event_partitions}; new ranges are {@code event_log_settings.partition_width} wide (design note
 * 0006, "As built: event log partitions").
 *
 * <p><b>Creation, ahead of need.</b> When an append has committed a sequence past the middle of the
 * newest partition, the appending thread creates the next one in a short transaction of its own
 * under the advisory lock of event-log DDL, so half a partition of sequences is left for appends
 * meanwhile. It creates the table outside the partition tree and then {@code ATTACH}es it, which
 * takes only a {@code SHARE UPDATE EXCLUSIVE} lock on {@code events}: appends and reads go on
 * ({@code CREATE TABLE ... PARTITION OF} would take {@code ACCESS EXCLUSIVE} and stall them). It
 * never runs inside an append's transaction: that one holds its bus's counter row and a lock on
 * {@code events}, which a creator waiting on another node could need. Should an append still find
 * no partition for a sequence it drew (a sequence moved by hand, creation failing for longer than
 * half a partition), its transaction rolls back, {@link #missing} creates what is missing, and the
 * append runs again with new sequences (the old ones become a gap, which readers skip).
 *
 * <p><b>Dropping, behind every bus.</b> A partition may go when it is not the newest and every
 * sequence in it is below the <i>live start</i>: the first untrimmed sequence of the bus furthest
 * behind (buses with nothing untrimmed do not count), and never above the next sequence to be
 * drawn. A trim that moved its bus past the end of a partition (or trimmed its bus empty) calls
 * {@link #dropTrimmed}, which checks that cheaply and, if something may go, takes {@code ACCESS
 * EXCLUSIVE} on {@code events} (which {@code DROP TABLE} of a partition needs anyway) with a {@code
 * lock_timeout} of {@value #DROP_LOCK_TIMEOUT}, computes the live start again and drops. Holding
 * that lock, no append is between its insert and its commit: whatever was inserted has committed
 * and counts, and an append that drew a sequence in a dropped range but has not inserted yet will
 * find no partition and run again. Appends and reads wait for the drop's few milliseconds at most
 * once per partition; if the lock is not had in time, a later trim tries again.
 *
 * <p>Thread-safe; several stores (nodes) may share the partitions, the advisory lock and the
 * catalogue keeping their DDL apart.
 */
final class EventPartitions {

  private static final Logger LOG = LoggerFactory.getLogger(EventPartitions.class);

  /** The advisory lock of event-log DDL: creating and dropping partitions, on any node. */
  private static final String LOCK = "SELECT pg_advisory_xact_lock(25974, 0)"; // "ev"

  private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(25974, 0)";
  private static final String CREATE_LOCK_TIMEOUT = "2s";
  private static final String DROP_LOCK_TIMEOUT = "100ms";
  private static final String NEWEST =
      "SELECT lower, upper FROM event_partitions ORDER BY lower DESC LIMIT 1";
  private static final String WIDTH = "SELECT partition_width FROM event_log_settings";
  private static final String NEXT_SEQUENCE =
      "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM event_sequence";
  private static final String CATALOGUE =
      "INSERT INTO event_partitions (lower, upper) VALUES (?, ?)";
  private static final String UNCATALOGUE = "DELETE FROM event_partitions WHERE lower = ANY(?)";
  private static final String DROPPABLE =
      "SELECT p.lower FROM event_partitions p WHERE p.upper <= least("
          + " (SELECT min(coalesce(t.through, 0) + 1) FROM event_buses b"
          + " LEFT JOIN event_trims t ON t.bus = b.bus"
          + " WHERE b.last_sequence > coalesce(t.through, 0)),"
          + " ("
          + NEXT_SEQUENCE
          + "))"
          + " AND p.lower < (SELECT max(lower) FROM event_partitions) ORDER BY p.lower";
  private static final String NO_PARTITION = "23514"; // check_violation: no partition for a row

  /** A range of sequences {@code [lower, upper)} and its table. */
  record Range(long lower, long upper) {

    long middle() {
      return lower + (upper - lower) / 2;
    }

    String table() {
      return "events_" + lower;
    }
  }

  private final Database database;
  private final ReentrantLock creating = new ReentrantLock();
  private final AtomicLong missed = new AtomicLong();
  private volatile Range newest; // as last seen; null until the first append
  private volatile boolean dropPending; // a drop found something to drop and did not get to it

  EventPartitions(Database database) {
    this.database = database;
  }

  /** Whether {@code e} is (caused by) an insert that found no partition for its sequence. */
  static boolean isMissingPartition(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        for (SQLException next = sql; next != null; next = next.getNextException()) {
          if (NO_PARTITION.equals(next.getSQLState())) {
            return true; // a failed batch carries its statement's error as the next exception
          }
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /**
   * After an append committed up to sequence {@code last}: creates the next partition if {@code
   * last} passed the middle of the newest. Never throws (the append has succeeded; a failed
   * creation is tried again by the next append past the middle).
   */
  void appended(long last) {
    Range known = newest;
    if (known != null && last < known.middle()) {
      return;
    }
    if (!creating.tryLock()) {
      return; // another thread of this store is creating it
    }
    try {
      ensureAhead(last);
    } catch (RuntimeException e) {
      LOG.warn("Cannot create the event log's next partition yet: {}", e.getMessage());
    } finally {
      creating.unlock();
    }
  }

  /** An append found no partition for a sequence it drew: creates what the next draws need. */
  void missing() {
    missed.incrementAndGet();
    long next = database.read(EventPartitions::nextSequence);
    creating.lock();
    try {
      ensureAhead(next);
    } finally {
      creating.unlock();
    }
  }

  /** How many appends of this store found no partition (for tests: ahead creation kept up). */
  long missed() {
    return missed.get();
  }

  /** Creates partitions until {@code sequence} is below the middle of the newest. */
  private void ensureAhead(long sequence) {
    Optional<Range> seen = database.read(EventPartitions::newest);
    if (seen.isPresent() && sequence < seen.get().middle()) {
      newest = seen.get();
      return;
    }
    newest =
        database.transaction(
            connection -> {
              execute(connection, "SET LOCAL lock_timeout = '" + CREATE_LOCK_TIMEOUT + "'");
              execute(connection, LOCK);
              long width = width(connection);
              Range top = newest(connection).orElse(null);
              while (top == null || sequence >= top.middle()) {
                long lower;
                if (top == null) {
                  lower = Math.floorDiv(sequence, width) * width;
                } else if (sequence < top.upper()) {
                  lower = top.upper();
                } else { // sequences jumped past the newest: cover them, leave a gap below
                  lower = top.upper() + Math.floorDiv(sequence - top.upper(), width) * width;
                }
                top = new Range(lower, lower + width);
                create(connection, top);
              }
              return top;
            });
  }

  /** Creates the table of {@code range} and attaches it (no exclusive lock on {@code events}). */
  private static void create(Connection connection, Range range) throws SQLException {
    execute(connection, "CREATE TABLE " + range.table() + " (LIKE events)");
    execute(
        connection,
        "ALTER TABLE events ATTACH PARTITION "
            + range.table()
            + " FOR VALUES FROM ("
            + range.lower()
            + ") TO ("
            + range.upper()
            + ")");
    try (PreparedStatement insert = connection.prepareStatement(CATALOGUE)) {
      insert.setLong(1, range.lower());
      insert.setLong(2, range.upper());
      insert.executeUpdate();
    }
    LOG.debug(
        "Created event log partition {} [{}, {})", range.table(), range.lower(), range.upper());
  }

  /**
   * Drops the partitions whose every sequence is below the live start, if any, and returns how
   * many; 0 when another node is at it or the lock on {@code events} was not had in time. Never
   * throws.
   */
  int dropTrimmed() {
    try {
      if (database.read(EventPartitions::droppable).isEmpty()) {
        dropPending = false;
        return 0;
      }
      int dropped = database.transaction(EventPartitions::drop);
      dropPending = dropped == 0;
      return dropped;
    } catch (RuntimeException e) {
      dropPending = true;
      LOG.info(
          "Cannot drop trimmed event log partitions now (the next trim will): {}", e.getMessage());
      return 0;
    }
  }

  /**
   * Whether the last {@link #dropTrimmed} of this store found partitions to drop but could not drop
   * them (the lock on {@code events} not had in time, or another node at it): the next trim, of any
   * bus, tries again.
   */
  boolean dropPending() {
    return dropPending;
  }

  private static int drop(Connection connection) throws SQLException {
    execute(connection, "SET LOCAL lock_timeout = '" + DROP_LOCK_TIMEOUT + "'");
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(TRY_LOCK)) {
      rows.next();
      if (!rows.getBoolean(1)) {
        return 0;
      }
    }
    // no append is between its insert and its commit now: the live start below is exact
    execute(connection, "LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
    List<Long> lowers = droppable(connection);
    if (lowers.isEmpty()) {
      return 0;
    }
    List<String> tables = new ArrayList<>();
    for (long lower : lowers) {
      String table = new Range(lower, lower + 1).table();
      // autovacuum may hold a partition: give up at once rather than hold events locked
      execute(connection, "LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE NOWAIT");
      tables.add(table);
    }
    execute(connection, "DROP TABLE " + String.join(", ", tables));
    try (PreparedStatement delete = connection.prepareStatement(UNCATALOGUE)) {
      Array array = connection.createArrayOf("bigint", lowers.toArray());
      delete.setArray(1, array);
      delete.executeUpdate();
    }
    LOG.debug("Dropped trimmed event log partitions {}", tables);
    return tables.size();
  }

  private static List<Long> droppable(Connection connection) throws SQLException {
    List<Long> lowers = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(DROPPABLE)) {
      while (rows.next()) {
        lowers.add(rows.getLong(1));
      }
    }
    return lowers;
  }

  private static Optional<Range> newest(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(NEWEST)) {
      return rows.next()
          ? Optional.of(new Range(rows.getLong(1), rows.getLong(2)))
          : Optional.empty();
    }
  }

  private static long width(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(WIDTH)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static long nextSequence(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(NEXT_SEQUENCE)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
