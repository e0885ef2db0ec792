package dev.docket.store.postgresql;

import static dev.docket.store.jdbc.Codec.encode;
import static dev.docket.store.jdbc.Codec.instant;
import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.MoveTaskRecord;
import dev.docket.store.NewMessage;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStats;
import dev.docket.store.QueueStore;
import dev.docket.store.Receipt;
import dev.docket.store.ReceiptOutcome;
import dev.docket.store.ReceiveRequest;
import dev.docket.store.ReceiveResult;
import dev.docket.store.SendResult;
import dev.docket.store.jdbc.Codec;
import dev.docket.store.jdbc.NameRange;
import dev.docket.store.jdbc.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The queue store over PostgreSQL: queue rows and move tasks here, message operations in {@link
 * PostgresMessages} and {@link PostgresReceiver}. Every call is one transaction. Thread-safe.
 */
final class PostgresQueueStore implements QueueStore {

  private static final String QUEUE_COLUMNS =
      "SELECT id, account_id, name, fifo, attributes, tags, created_at, last_modified_at"
          + " FROM queues";
  private static final String QUEUE_BY_NAME = QUEUE_COLUMNS + " WHERE account_id = ? AND name = ?";
  private static final String QUEUE_BY_ID = QUEUE_COLUMNS + " WHERE id = ?";
  private static final String INSERT_QUEUE =
      "INSERT INTO queues (account_id, name, fifo, attributes, tags, created_at, last_modified_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, name) DO NOTHING";
  private static final String UPDATE_QUEUE =
      "UPDATE queues SET attributes = ?, tags = ?, last_modified_at = ? WHERE id = ?";
  private static final String DELETE_QUEUE = "DELETE FROM queues WHERE id = ?";
  private static final String DELETE_QUEUE_MESSAGES = "DELETE FROM messages WHERE queue_id = ?";
  private static final String DELETE_QUEUE_DEDUPLICATION =
      "DELETE FROM deduplication WHERE queue_id = ?";
  private static final String DELETE_QUEUE_MOVE_TASKS =
      "DELETE FROM move_tasks WHERE source_queue_id = ?";

  private static final String TASK_COLUMNS =
      "SELECT task_handle, source_queue_id, source_arn, destination_arn, max_messages_per_second,"
          + " status, moved, to_move, failure_reason, started_at FROM move_tasks";
  // a saved task counts as saved last, as SQLite's INSERT OR REPLACE gives it a new rowid
  private static final String SAVE_TASK =
      "INSERT INTO move_tasks (task_handle, source_queue_id, source_arn, destination_arn,"
          + " max_messages_per_second, status, moved, to_move, failure_reason, started_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_handle) DO UPDATE SET"
          + " source_queue_id = excluded.source_queue_id, source_arn = excluded.source_arn,"
          + " destination_arn = excluded.destination_arn,"
          + " max_messages_per_second = excluded.max_messages_per_second,"
          + " status = excluded.status, moved = excluded.moved, to_move = excluded.to_move,"
          + " failure_reason = excluded.failure_reason, started_at = excluded.started_at,"
          + " saved = DEFAULT";
  private static final String TASKS_OF_SOURCE =
      TASK_COLUMNS + " WHERE source_queue_id = ? ORDER BY started_at DESC, saved DESC";
  private static final String ACTIVE_TASKS =
      TASK_COLUMNS + " WHERE status IN ('RUNNING', 'CANCELLING') ORDER BY started_at, saved";

  private final Database database;

  PostgresQueueStore(Database database) {
    this.database = database;
  }

  @Override
  public QueueRecord createQueue(QueueRecord queue) {
    Objects.requireNonNull(queue, "queue");
    return database.transaction(
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(INSERT_QUEUE)) {
            insert.setString(1, queue.accountId());
            insert.setString(2, queue.name());
            insert.setBoolean(3, queue.fifo());
            insert.setString(4, encode(queue.attributes()));
            insert.setString(5, encode(queue.tags()));
            insert.setLong(6, micros(queue.createdAt()));
            insert.setLong(7, micros(queue.lastModifiedAt()));
            insert.executeUpdate();
          }
          return queueByName(connection, queue.accountId(), queue.name()).orElseThrow();
        });
  }

  @Override
  public Optional<QueueRecord> queue(String accountId, String name) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(name, "name");
    return database.read(connection -> queueByName(connection, accountId, name));
  }

  @Override
  public Optional<QueueRecord> queue(long queueId) {
    return database.read(connection -> queueById(connection, queueId));
  }

  @Override
  public List<QueueRecord> listQueues(
      String accountId, String namePrefix, String afterName, int limit) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(namePrefix, "namePrefix");
    Objects.requireNonNull(afterName, "afterName");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, but was " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    NameRange range = NameRange.of(namePrefix, afterName);
    String sql =
        QUEUE_COLUMNS
            + " WHERE account_id = ? AND "
            + range.condition("name")
            + " ORDER BY name LIMIT ?";
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            int index = 1;
            select.setString(index++, accountId);
            index = range.bind(select, index);
            select.setInt(index, limit);
            List<QueueRecord> queues = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                queues.add(Rows.queue(rows));
              }
            }
            return queues;
          }
        });
  }

  @Override
  public Optional<QueueRecord> updateQueue(
      long queueId, Map<String, String> attributes, Map<String, String> tags, Instant modifiedAt) {
    String encodedAttributes = encode(attributes);
    String encodedTags = encode(tags);
    long modified = micros(modifiedAt);
    return database.transaction(
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(UPDATE_QUEUE)) {
            update.setString(1, encodedAttributes);
            update.setString(2, encodedTags);
            update.setLong(3, modified);
            update.setLong(4, queueId);
            if (update.executeUpdate() == 0) {
              return Optional.<QueueRecord>empty();
            }
          }
          return queueById(connection, queueId);
        });
  }

  @Override
  public boolean deleteQueue(long queueId) {
    return database.transaction(
        connection -> {
          // the queue row first: it waits for sends holding it, and later sends find it gone
          boolean existed;
          try (PreparedStatement delete = connection.prepareStatement(DELETE_QUEUE)) {
            delete.setLong(1, queueId);
            existed = delete.executeUpdate() > 0;
          }
          for (String sql :
              List.of(DELETE_QUEUE_MESSAGES, DELETE_QUEUE_DEDUPLICATION, DELETE_QUEUE_MOVE_TASKS)) {
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
              delete.setLong(1, queueId);
              delete.executeUpdate();
            }
          }
          return existed;
        });
  }

  @Override
  public List<SendResult> send(long queueId, List<NewMessage> newMessages) {
    List<NewMessage> copy = List.copyOf(newMessages);
    return database.transaction(connection -> PostgresMessages.send(connection, queueId, copy));
  }

  @Override
  public ReceiveResult receive(ReceiveRequest request) {
    Objects.requireNonNull(request, "request");
    return database.transaction(connection -> PostgresReceiver.receive(connection, request));
  }

  @Override
  public List<ReceiptOutcome> delete(long queueId, List<Receipt> receipts) {
    List<Receipt> copy = List.copyOf(receipts);
    return database.transaction(
        connection -> PostgresMessages.delete(connection, queueId, copy, Long.MIN_VALUE));
  }

  @Override
  public List<ReceiptOutcome> deleteInFlight(long queueId, List<Receipt> receipts, Instant now) {
    List<Receipt> copy = List.copyOf(receipts);
    long nowMicros = micros(now);
    return database.transaction(
        connection -> PostgresMessages.delete(connection, queueId, copy, nowMicros));
  }

  @Override
  public List<ReceiptOutcome> changeVisibility(
      long queueId, List<VisibilityChange> changes, Instant now) {
    List<VisibilityChange> copy = List.copyOf(changes);
    Objects.requireNonNull(now, "now");
    return database.transaction(
        connection -> PostgresMessages.changeVisibility(connection, queueId, copy, now));
  }

  @Override
  public long purge(long queueId) {
    return database.transaction(connection -> PostgresMessages.purge(connection, queueId));
  }

  @Override
  public QueueStats stats(long queueId, Instant now, Instant retentionCutoff) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(retentionCutoff, "retentionCutoff");
    return database.read(
        connection -> PostgresMessages.stats(connection, queueId, now, retentionCutoff));
  }

  @Override
  public int redrive(long fromQueueId, Optional<Long> destinationQueueId, int limit, Instant now) {
    Objects.requireNonNull(destinationQueueId, "destinationQueueId");
    Objects.requireNonNull(now, "now");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, but was " + limit);
    }
    return database.transaction(
        connection ->
            PostgresMessages.redrive(connection, fromQueueId, destinationQueueId, limit, now));
  }

  @Override
  public void saveMoveTask(MoveTaskRecord task) {
    Objects.requireNonNull(task, "task");
    database.transaction(
        connection -> {
          try (PreparedStatement save = connection.prepareStatement(SAVE_TASK)) {
            save.setString(1, task.taskHandle());
            save.setLong(2, task.sourceQueueId());
            save.setString(3, task.sourceArn());
            Codec.setString(save, 4, task.destinationArn());
            Codec.setInt(save, 5, task.maxMessagesPerSecond());
            save.setString(6, task.status());
            save.setLong(7, task.moved());
            save.setLong(8, task.toMove());
            Codec.setString(save, 9, task.failureReason());
            save.setLong(10, micros(task.startedAt()));
            return save.executeUpdate();
          }
        });
  }

  @Override
  public List<MoveTaskRecord> moveTasks(long sourceQueueId) {
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(TASKS_OF_SOURCE)) {
            select.setLong(1, sourceQueueId);
            return tasks(select);
          }
        });
  }

  @Override
  public List<MoveTaskRecord> activeMoveTasks() {
    return database.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(ACTIVE_TASKS)) {
            return tasks(select);
          }
        });
  }

  private static List<MoveTaskRecord> tasks(PreparedStatement select) throws SQLException {
    List<MoveTaskRecord> tasks = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        tasks.add(
            new MoveTaskRecord(
                rows.getString(1),
                rows.getLong(2),
                rows.getString(3),
                Codec.optionalString(rows, 4),
                Codec.optionalInt(rows, 5),
                rows.getString(6),
                rows.getLong(7),
                rows.getLong(8),
                Codec.optionalString(rows, 9),
                instant(rows.getLong(10))));
      }
    }
    return tasks;
  }

  private static Optional<QueueRecord> queueByName(
      Connection connection, String accountId, String name) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(QUEUE_BY_NAME)) {
      select.setString(1, accountId);
      select.setString(2, name);
      return single(select);
    }
  }

  private static Optional<QueueRecord> queueById(Connection connection, long queueId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(QUEUE_BY_ID)) {
      select.setLong(1, queueId);
      return single(select);
    }
  }

  private static Optional<QueueRecord> single(PreparedStatement select) throws SQLException {
    try (ResultSet rows = select.executeQuery()) {
      return rows.next() ? Optional.of(Rows.queue(rows)) : Optional.empty();
    }
  }
}
