package dev.docket.store.postgresql;

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
import java.sql.Connection;
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
 * runs first: under READ COMMITTED the second of two racing writers waits for the first's row lock,
 * re-checks the condition against the committed row and matches nothing, so it returns before
 * writing anything else. An activity claim is one {@code UPDATE} of the oldest waiting token chosen
 * with {@code FOR UPDATE SKIP LOCKED}, so two workers (on any node) never claim the same token.
 *
 * <p>Listings page by key: newest first by {@code (start_date, arn)} below the previous page's last
 * execution, through indexes scanned backwards. Thread-safe.
 */
final class PostgresExecutionStore implements ExecutionStore {

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
  // checked again under the row lock: a redrive may have reopened the execution since the scan
  // (its fence then matches no row); one appending now holds the lock, so it is skipped
  private static final String EXPIRE =
      "DELETE FROM executions WHERE arn = ANY(ARRAY(SELECT arn FROM executions WHERE arn = ANY(?)"
          + " AND status <> 'RUNNING' AND stop_date < ? FOR UPDATE SKIP LOCKED)) RETURNING arn";
  private static final String EXPIRE_HISTORY = "DELETE FROM history WHERE execution_arn = ANY(?)";
  private static final String EXPIRE_TOKENS =
      "DELETE FROM task_tokens WHERE execution_arn = ANY(?)";
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
  private static final String CLAIM =
      "UPDATE task_tokens SET claimed_by = ?, heartbeat_at = ? WHERE token = (SELECT token FROM"
          + " task_tokens WHERE activity_arn = ? AND claimed_by IS NULL AND outcome IS NULL"
          + " ORDER BY created_at, token LIMIT 1 FOR UPDATE SKIP LOCKED)"
          + " RETURNING token, execution_arn, key, activity_arn, input, created_at, claimed_by,"
          + " outcome, heartbeat_at";

  /**
   * About how many history events one transaction of {@link #expire} deletes at most (an
   * execution's history is never split), so that no retention transaction grows without bound.
   */
  static final long EXPIRE_EVENTS_PER_TRANSACTION = 20_000;

  private final Database database;

  PostgresExecutionStore(Database database) {
    this.database = database;
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
    return database.transaction(
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(CREATE)) {
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
            appendEvents(connection, execution.arn(), copy);
            return true;
          }
        });
  }

  @Override
  public Optional<ExecutionRecord> get(String arn) {
    Objects.requireNonNull(arn, "arn");
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(GET)) {
            select.setString(1, arn);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(Rows.execution(rows)) : Optional.empty();
            }
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
    return database.read(
        connection -> {
          Long afterStart = null;
          if (afterArn != null) {
            try (PreparedStatement start = connection.prepareStatement(START_OF)) {
              start.setString(1, afterArn);
              try (ResultSet rows = start.executeQuery()) {
                if (!rows.next()) {
                  // the previous page's execution is gone, and with it its state machine's
                  return List.<ExecutionRecord>of();
                }
                afterStart = rows.getLong(1);
              }
            }
          }
          try (PreparedStatement select = connection.prepareStatement(sql)) {
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
          }
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
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(RUNNING)) {
            select.setString(1, afterArn);
            select.setInt(2, limit);
            return Rows.list(select, Rows::execution);
          }
        });
  }

  @Override
  public boolean append(ExecutionWrite write) {
    return append(write, null);
  }

  @Override
  public boolean append(ExecutionWrite write, Lease lease) {
    Objects.requireNonNull(write, "write");
    return database.transaction(
        connection -> {
          if (lease != null && !PostgresLeaseStore.held(connection, lease)) {
            return false;
          }
          try (PreparedStatement fence = connection.prepareStatement(FENCE)) {
            fence.setLong(1, write.lastEventId());
            setString(fence, 2, write.status());
            setInstant(fence, 3, write.stopDate());
            setString(fence, 4, write.document());
            fence.setString(5, write.arn());
            fence.setLong(6, write.expectedLastEventId());
            if (fence.executeUpdate() == 0) {
              return false;
            }
            appendEvents(connection, write.arn(), write.events());
            createTokens(connection, write.tokensCreated());
            deleteTokens(connection, write.tokensDeleted());
            return true;
          }
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
    return database.transaction(
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
            delete.setString(1, arn);
            if (delete.executeUpdate() == 0) {
              return false;
            }
            for (String sql : List.of(DELETE_HISTORY, DELETE_TOKENS)) {
              try (PreparedStatement related = connection.prepareStatement(sql)) {
                related.setString(1, arn);
                related.executeUpdate();
              }
            }
            return true;
          }
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
        database.read(
            connection -> {
              try (PreparedStatement select = connection.prepareStatement(EXPIRABLE)) {
                select.setLong(1, before);
                select.setInt(2, limit);
                return Rows.list(select, rows -> new Expirable(rows.getString(1), rows.getLong(2)));
              }
            });
    int deleted = 0;
    for (List<String> chunk : Expirable.chunks(found, EXPIRE_EVENTS_PER_TRANSACTION)) {
      deleted += database.transaction(connection -> expire(connection, chunk, before));
    }
    return deleted;
  }

  /** Deletes the executions of one chunk that are still closed before {@code before}. */
  private static int expire(Connection connection, List<String> arns, long before)
      throws SQLException {
    List<String> deleted = new ArrayList<>(arns.size());
    try (PreparedStatement delete = connection.prepareStatement(EXPIRE)) {
      delete.setArray(1, connection.createArrayOf("text", arns.toArray()));
      delete.setLong(2, before);
      try (ResultSet rows = delete.executeQuery()) {
        while (rows.next()) {
          deleted.add(rows.getString(1));
        }
      }
    }
    if (deleted.isEmpty()) {
      return 0;
    }
    for (String sql : List.of(EXPIRE_HISTORY, EXPIRE_TOKENS)) {
      try (PreparedStatement related = connection.prepareStatement(sql)) {
        related.setArray(1, connection.createArrayOf("text", deleted.toArray()));
        related.executeUpdate();
      }
    }
    return deleted.size();
  }

  @Override
  public Optional<TaskToken> token(String token) {
    Objects.requireNonNull(token, "token");
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(TOKEN)) {
            select.setString(1, token);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(Rows.taskToken(rows)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean complete(String token, String outcome) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(outcome, "outcome");
    return database.transaction(
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(COMPLETE)) {
            update.setString(1, outcome);
            update.setString(2, token);
            return update.executeUpdate() > 0;
          }
        });
  }

  @Override
  public boolean heartbeat(String token, Instant at) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(at, "at");
    return database.transaction(
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(HEARTBEAT)) {
            update.setLong(1, micros(at));
            update.setString(2, token);
            return update.executeUpdate() > 0;
          }
        });
  }

  @Override
  public Optional<TaskToken> claimActivityTask(String activityArn, String worker, Instant at) {
    Objects.requireNonNull(activityArn, "activityArn");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(at, "at");
    return database.transaction(
        connection -> {
          try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setString(1, worker);
            claim.setLong(2, micros(at));
            claim.setString(3, activityArn);
            try (ResultSet rows = claim.executeQuery()) {
              return rows.next() ? Optional.of(Rows.taskToken(rows)) : Optional.<TaskToken>empty();
            }
          }
        });
  }

  @Override
  public List<TaskToken> tokensOf(String executionArn) {
    Objects.requireNonNull(executionArn, "executionArn");
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(TOKENS_OF)) {
            select.setString(1, executionArn);
            List<TaskToken> tokens = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                tokens.add(Rows.taskToken(rows));
              }
            }
            return tokens;
          }
        });
  }

  private List<HistoryRecord> history(String sql, String arn, long boundary, int limit) {
    Objects.requireNonNull(arn, "arn");
    checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
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
          }
        });
  }

  /** Inserts events in one batch. */
  private static void appendEvents(Connection connection, String arn, List<HistoryRecord> events)
      throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(APPEND)) {
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
  }

  private static void createTokens(Connection connection, List<TaskToken> tokens)
      throws SQLException {
    if (tokens.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(CREATE_TOKEN)) {
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
  }

  private static void deleteTokens(Connection connection, List<String> tokens) throws SQLException {
    if (tokens.isEmpty()) {
      return;
    }
    try (PreparedStatement delete = connection.prepareStatement(DELETE_TOKEN)) {
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
  }

  private static void checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, but was " + limit);
    }
  }
}
