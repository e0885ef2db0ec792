package dev.docket.store.sqlite;

import static dev.docket.store.jdbc.Codec.instant;
import static dev.docket.store.jdbc.Codec.micros;
import static dev.docket.store.jdbc.Codec.setInstant;
import static dev.docket.store.jdbc.Codec.setString;

import dev.docket.store.ExecutionRecord;
import dev.docket.store.ExecutionStore;
import dev.docket.store.ExecutionWrite;
import dev.docket.store.HistoryRecord;
import dev.docket.store.Lease;
import dev.docket.store.TaskToken;
import dev.docket.store.jdbc.Expirable;
import dev.docket.store.jdbc.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Executions in the table {@code executions}, their histories in {@code history} (keyed by
 * execution ARN and event id) and their task tokens in {@code task_tokens}.
 *
 * <p>The fence of {@link #append} is a conditional {@code UPDATE ... WHERE last_event_id = ?} that
 * runs first: when it matches no row the operation returns before writing anything else; when it
 * matches, the events (one batched insert), the new columns and the token changes commit together
 * in the caller's share of a group commit. On PostgreSQL the same statement is the fence under READ
 * COMMITTED, as its row lock re-checks the condition. An activity claim is a select and an update
 * on the single writer thread, so two workers never claim the same token.
 *
 * <p>Listings page by key: newest first by {@code (start_date, arn)} below the previous page's last
 * execution, through indexes scanned backwards. Thread-safe: writes and claims on the writer
 * thread, reads on a reader.
 */
final class SqliteExecutionStore implements ExecutionStore {

  private static final String EXECUTION_COLUMNS =
      "SELECT arn, state_machine_arn, name, status, start_date, stop_date, last_event_id, document"
          + " FROM executions";
  static final String GET = EXECUTION_COLUMNS + " WHERE arn = ?";
  private static final String CREATE =
      "INSERT INTO executions (arn, state_machine_arn, name, status, start_date, stop_date,"
          + " last_event_id, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  static final String START_OF = "SELECT start_date FROM executions WHERE arn = ?";
  static final String RUNNING =
      EXECUTION_COLUMNS + " WHERE status = 'RUNNING' AND arn > ? ORDER BY arn LIMIT ?";
  // coalesce keeps a column the write leaves unchanged (a null parameter)
  private static final String FENCE =
      "UPDATE executions SET last_event_id = ?, status = coalesce(?, status),"
          + " stop_date = coalesce(?, stop_date), document = coalesce(?, document)"
          + " WHERE arn = ? AND last_event_id = ?";
  private static final String APPEND =
      "INSERT INTO history (execution_arn, id, previous_id, key, type, timestamp, details)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final String HISTORY_COLUMNS =
      "SELECT id, previous_id, key, type, timestamp, details FROM history";
  static final String HISTORY =
      HISTORY_COLUMNS + " WHERE execution_arn = ? AND id > ? ORDER BY id LIMIT ?";
  static final String HISTORY_REVERSED =
      HISTORY_COLUMNS + " WHERE execution_arn = ? AND id < ? ORDER BY id DESC LIMIT ?";
  private static final String DELETE = "DELETE FROM executions WHERE arn = ?";
  static final String DELETE_HISTORY = "DELETE FROM history WHERE execution_arn = ?";
  static final String DELETE_TOKENS = "DELETE FROM task_tokens WHERE execution_arn = ?";
  // retention: the conditions of the partial index executions_closed, which serves this scan;
  // last_event_id is the size of the execution's history
  static final String EXPIRABLE =
      "SELECT arn, last_event_id FROM executions WHERE status <> 'RUNNING' AND stop_date < ?"
          + " ORDER BY stop_date, arn LIMIT ?";
  // checked again on the writer: a redrive may have reopened the execution since the scan
  private static final String EXPIRE =
      "DELETE FROM executions WHERE arn = ? AND status <> 'RUNNING' AND stop_date < ?";
  private static final String TOKEN_COLUMNS =
      "SELECT token, execution_arn, key, activity_arn, input, created_at, claimed_by, outcome,"
          + " heartbeat_at FROM task_tokens";
  static final String TOKEN = TOKEN_COLUMNS + " WHERE token = ?";
  static final String TOKENS_OF =
      TOKEN_COLUMNS + " WHERE execution_arn = ? ORDER BY created_at, token";
  private static final String CREATE_TOKEN =
      "INSERT INTO task_tokens (token, execution_arn, key, activity_arn, input, created_at,"
          + " claimed_by, outcome, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String DELETE_TOKEN = "DELETE FROM task_tokens WHERE token = ?";
  private static final String COMPLETE =
      "UPDATE task_tokens SET outcome = ? WHERE token = ? AND outcome IS NULL";
  private static final String HEARTBEAT =
      "UPDATE task_tokens SET heartbeat_at = ? WHERE token = ? AND outcome IS NULL";
  // the conditions of the partial index task_tokens_waiting, which serves this query
  static final String OLDEST_WAITING =
      TOKEN_COLUMNS
          + " WHERE activity_arn = ? AND claimed_by IS NULL AND outcome IS NULL"
          + " ORDER BY created_at, token LIMIT 1";
  private static final String CLAIM =
      "UPDATE task_tokens SET claimed_by = ?, heartbeat_at = ? WHERE token = ?";

  /**
   * About how many history events one write of {@link #expire} deletes at most (an execution's
   * history is never split): other writers wait behind it on the single writer thread. 5,000 events
   * take about 25 ms on the 2-core test machine; smaller writes cost more in all (a commit each:
   * 2,000 took twice the time of 20,000 per execution).
   */
  static final long EXPIRE_EVENTS_PER_WRITE = 5_000;

  private final Writer writer;
  private final Readers readers;

  SqliteExecutionStore(Writer writer, Readers readers) {
    this.writer = writer;
    this.readers = readers;
  }

  @Override
  public boolean create(ExecutionRecord execution, List<HistoryRecord> events) {
    Objects.requireNonNull(execution, "execution");
    List<HistoryRecord> copy = List.copyOf(events);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i).id() != i + 1) {
        throw new IllegalArgumentException(
            "a created execution's event ids run from 1 consecutively, but event "
                + (i + 1)
                + " has id "
                + copy.get(i).id());
      }
    }
    if (execution.lastEventId() != copy.size()) {
      throw new IllegalArgumentException(
          "a created execution's last event id is its number of events, "
              + copy.size()
              + ", but was "
              + execution.lastEventId());
    }
    return writer.write(
        session -> {
          PreparedStatement insert = session.prepare(CREATE);
          insert.setString(1, execution.arn());
          insert.setString(2, execution.stateMachineArn());
          insert.setString(3, execution.name());
          insert.setString(4, execution.status());
          insert.setLong(5, micros(execution.startDate()));
          setInstant(insert, 6, execution.stopDate());
          insert.setLong(7, execution.lastEventId());
          insert.setString(8, execution.document());
          if (insert.executeUpdate() == 0) {
            return false;
          }
          appendEvents(session, execution.arn(), copy);
          return true;
        });
  }

  @Override
  public Optional<ExecutionRecord> get(String arn) {
    Objects.requireNonNull(arn, "arn");
    return readers.read(
        session -> {
          PreparedStatement select = session.prepare(GET);
          select.setString(1, arn);
          try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(Rows.execution(rows)) : Optional.empty();
          }
        });
  }

  @Override
  public List<ExecutionRecord> list(
      String stateMachineArn, Optional<String> status, String afterArn, int limit) {
    Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    Objects.requireNonNull(status, "status");
    checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    String sql = listSql(status.isPresent(), afterArn != null);
    return readers.read(
        session -> {
          Long afterStart = null;
          if (afterArn != null) {
            PreparedStatement start = session.prepare(START_OF);
            start.setString(1, afterArn);
            try (ResultSet rows = start.executeQuery()) {
              if (!rows.next()) {
                // the previous page's execution is gone, and with it its state machine's
                return List.<ExecutionRecord>of();
              }
              afterStart = rows.getLong(1);
            }
          }
          PreparedStatement select = session.prepare(sql);
          int index = 1;
          select.setString(index++, stateMachineArn);
          if (status.isPresent()) {
            select.setString(index++, status.get());
          }
          if (afterStart != null) {
            select.setLong(index++, afterStart);
            select.setString(index++, afterArn);
          }
          select.setInt(index, limit);
          return Rows.list(select, Rows::execution);
        });
  }

  /** The listing query, with or without a status filter and a page start. */
  static String listSql(boolean byStatus, boolean paged) {
    return EXECUTION_COLUMNS
        + " WHERE state_machine_arn = ?"
        + (byStatus ? " AND status = ?" : "")
        + (paged ? " AND (start_date, arn) < (?, ?)" : "")
        + " ORDER BY start_date DESC, arn DESC LIMIT ?";
  }

  @Override
  public List<ExecutionRecord> running(String afterArn, int limit) {
    Objects.requireNonNull(afterArn, "afterArn");
    checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    return readers.read(
        session -> {
          PreparedStatement select = session.prepare(RUNNING);
          select.setString(1, afterArn);
          select.setInt(2, limit);
          return Rows.list(select, Rows::execution);
        });
  }

  @Override
  public boolean append(ExecutionWrite write) {
    return append(write, null);
  }

  @Override
  public boolean append(ExecutionWrite write, Lease lease) {
    Objects.requireNonNull(write, "write");
    return writer.write(
        session -> {
          if (lease != null && !SqliteLeaseStore.held(session, lease)) {
            return false;
          }
          PreparedStatement fence = session.prepare(FENCE);
          fence.setLong(1, write.lastEventId());
          setString(fence, 2, write.status());
          setInstant(fence, 3, write.stopDate());
          setString(fence, 4, write.document());
          fence.setString(5, write.arn());
          fence.setLong(6, write.expectedLastEventId());
          if (fence.executeUpdate() == 0) {
            return false;
          }
          appendEvents(session, write.arn(), write.events());
          createTokens(session, write.tokensCreated());
          deleteTokens(session, write.tokensDeleted());
          return true;
        });
  }

  @Override
  public List<HistoryRecord> history(String arn, long afterId, int limit) {
    return history(HISTORY, arn, afterId, limit);
  }

  @Override
  public List<HistoryRecord> historyReversed(String arn, long beforeId, int limit) {
    return history(HISTORY_REVERSED, arn, beforeId, limit);
  }

  @Override
  public boolean delete(String arn) {
    Objects.requireNonNull(arn, "arn");
    return writer.write(
        session -> {
          PreparedStatement delete = session.prepare(DELETE);
          delete.setString(1, arn);
          if (delete.executeUpdate() == 0) {
            return false;
          }
          for (String sql : List.of(DELETE_HISTORY, DELETE_TOKENS)) {
            PreparedStatement related = session.prepare(sql);
            related.setString(1, arn);
            related.executeUpdate();
          }
          return true;
        });
  }

  @Override
  public int expire(Instant closedBefore, int limit) {
    Objects.requireNonNull(closedBefore, "closedBefore");
    checkLimit(limit);
    if (limit == 0) {
      return 0;
    }
    long before = micros(closedBefore);
    List<Expirable> found =
        readers.read(
            session -> {
              PreparedStatement select = session.prepare(EXPIRABLE);
              select.setLong(1, before);
              select.setInt(2, limit);
              return Rows.list(select, rows -> new Expirable(rows.getString(1), rows.getLong(2)));
            });
    int deleted = 0;
    for (List<String> chunk : Expirable.chunks(found, EXPIRE_EVENTS_PER_WRITE)) {
      deleted += writer.write(session -> expire(session, chunk, before));
    }
    return deleted;
  }

  /** Deletes the executions of one chunk that are still closed before {@code before}. */
  private static int expire(WriteSession session, List<String> arns, long before)
      throws SQLException {
    PreparedStatement delete = session.prepare(EXPIRE);
    PreparedStatement history = session.prepare(DELETE_HISTORY);
    PreparedStatement tokens = session.prepare(DELETE_TOKENS);
    int deleted = 0;
    for (String arn : arns) {
      delete.setString(1, arn);
      delete.setLong(2, before);
      if (delete.executeUpdate() == 0) {
        continue;
      }
      history.setString(1, arn);
      history.executeUpdate();
      tokens.setString(1, arn);
      tokens.executeUpdate();
      deleted++;
    }
    return deleted;
  }

  @Override
  public Optional<TaskToken> token(String token) {
    Objects.requireNonNull(token, "token");
    return readers.read(
        session -> {
          PreparedStatement select = session.prepare(TOKEN);
          select.setString(1, token);
          try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(Rows.taskToken(rows)) : Optional.empty();
          }
        });
  }

  @Override
  public boolean complete(String token, String outcome) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(outcome, "outcome");
    return writer.write(
        session -> {
          PreparedStatement update = session.prepare(COMPLETE);
          update.setString(1, outcome);
          update.setString(2, token);
          return update.executeUpdate() > 0;
        });
  }

  @Override
  public boolean heartbeat(String token, Instant at) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(at, "at");
    return writer.write(
        session -> {
          PreparedStatement update = session.prepare(HEARTBEAT);
          update.setLong(1, micros(at));
          update.setString(2, token);
          return update.executeUpdate() > 0;
        });
  }

  @Override
  public Optional<TaskToken> claimActivityTask(String activityArn, String worker, Instant at) {
    Objects.requireNonNull(activityArn, "activityArn");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(at, "at");
    return writer.write(
        session -> {
          PreparedStatement select = session.prepare(OLDEST_WAITING);
          select.setString(1, activityArn);
          TaskToken waiting;
          try (ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
              return Optional.<TaskToken>empty();
            }
            waiting = Rows.taskToken(rows);
          }
          PreparedStatement claim = session.prepare(CLAIM);
          claim.setString(1, worker);
          claim.setLong(2, micros(at));
          claim.setString(3, waiting.token());
          claim.executeUpdate();
          return Optional.of(
              new TaskToken(
                  waiting.token(),
                  waiting.executionArn(),
                  waiting.key(),
                  waiting.activityArn(),
                  waiting.input(),
                  waiting.createdAt(),
                  Optional.of(worker),
                  waiting.outcome(),
                  instant(micros(at))));
        });
  }

  @Override
  public List<TaskToken> tokensOf(String executionArn) {
    Objects.requireNonNull(executionArn, "executionArn");
    return readers.read(
        session -> {
          PreparedStatement select = session.prepare(TOKENS_OF);
          select.setString(1, executionArn);
          List<TaskToken> tokens = new ArrayList<>();
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              tokens.add(Rows.taskToken(rows));
            }
          }
          return tokens;
        });
  }

  private List<HistoryRecord> history(String sql, String arn, long boundary, int limit) {
    Objects.requireNonNull(arn, "arn");
    checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    return readers.read(
        session -> {
          PreparedStatement select = session.prepare(sql);
          select.setString(1, arn);
          select.setLong(2, boundary);
          select.setInt(3, limit);
          List<HistoryRecord> events = new ArrayList<>(Math.min(limit, 256));
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              events.add(
                  new HistoryRecord(
                      rows.getLong(1),
                      rows.getLong(2),
                      rows.getString(3),
                      rows.getString(4),
                      instant(rows.getLong(5)),
                      rows.getString(6)));
            }
          }
          return events;
        });
  }

  /** Inserts events in one batch. */
  private static void appendEvents(WriteSession session, String arn, List<HistoryRecord> events)
      throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    PreparedStatement insert = session.prepare(APPEND);
    try {
      for (HistoryRecord event : events) {
        insert.setString(1, arn);
        insert.setLong(2, event.id());
        insert.setLong(3, event.previousEventId());
        insert.setString(4, event.key());
        insert.setString(5, event.type());
        insert.setLong(6, micros(event.timestamp()));
        insert.setString(7, event.details());
        insert.addBatch();
      }
      insert.executeBatch();
    } finally {
      insert.clearBatch();
    }
  }

  private static void createTokens(WriteSession session, List<TaskToken> tokens)
      throws SQLException {
    if (tokens.isEmpty()) {
      return;
    }
    PreparedStatement insert = session.prepare(CREATE_TOKEN);
    try {
      for (TaskToken token : tokens) {
        insert.setString(1, token.token());
        insert.setString(2, token.executionArn());
        insert.setString(3, token.key());
        setString(insert, 4, token.activityArn());
        insert.setString(5, token.input());
        insert.setLong(6, micros(token.createdAt()));
        setString(insert, 7, token.claimedBy());
        setString(insert, 8, token.outcome());
        insert.setLong(9, micros(token.heartbeatAt()));
        insert.addBatch();
      }
      insert.executeBatch();
    } finally {
      insert.clearBatch();
    }
  }

  private static void deleteTokens(WriteSession session, List<String> tokens) throws SQLException {
    if (tokens.isEmpty()) {
      return;
    }
    PreparedStatement delete = session.prepare(DELETE_TOKEN);
    try {
      for (String token : tokens) {
        delete.setString(1, token);
        delete.addBatch();
      }
      delete.executeBatch();
    } finally {
      delete.clearBatch();
    }
  }

  private static void checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, but was " + limit);
    }
  }
}
