package dev.docket.store.sqlite;

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
import dev.docket.store.jdbc.Rows;
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
 * The queue store over SQLite: queue rows and move tasks here, message operations in {@link
 * MessageWrites} and {@link Receiver}. Writes go through the {@link Writer}, plain reads through
 * {@link Readers}. Thread-safe.
 */
final class SqliteQueueStore implements QueueStore {

  private static final String QUEUE_COLUMNS =
      "SELECT id, account_id, name, fifo, attributes, tags, created_at, last_modified_at"
          + " FROM queues";
  private static final String QUEUE_BY_NAME = QUEUE_COLUMNS + " WHERE account_id = ? AND name = ?";
  private static final String QUEUE_BY_ID = QUEUE_COLUMNS + " WHERE id = ?";
  private static final String LIST_QUEUES =
      QUEUE_COLUMNS
          + " WHERE account_id = ? AND name >= ? AND substr(name, 1, length(?)) = ?"
          + " AND name > ? ORDER BY name LIMIT ?";
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
  private static final String SAVE_TASK =
      "INSERT OR REPLACE INTO move_tasks (task_handle, source_queue_id, source_arn,"
          + " destination_arn, max_messages_per_second, status, moved, to_move, failure_reason,"
          + " started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String TASKS_OF_SOURCE =
      TASK_COLUMNS + " WHERE source_queue_id = ? ORDER BY started_at DESC, rowid DESC";
  private static final String ACTIVE_TASKS =
      TASK_COLUMNS + " WHERE status IN ('RUNNING', 'CANCELLING') ORDER BY started_at, rowid";

  private final Writer writer;
  private final Readers readers;
  private final MessageWrites messages = new MessageWrites();
  private final Receiver receiver = new Receiver();

  SqliteQueueStore(Writer writer, Readers readers) {
    this.writer = writer;
    this.readers = readers;
  }

  @Override
  public QueueRecord createQueue(QueueRecord queue) {
    Objects.requireNonNull(queue, "queue");
    return writer.write(
        session -> {
          PreparedStatement insert = session.prepare(INSERT_QUEUE);
          insert.setString(1, queue.accountId());
          insert.setString(2, queue.name());
          insert.setBoolean(3, queue.fifo());
          insert.setString(4, encode(queue.attributes()));
          insert.setString(5, encode(queue.tags()));
          insert.setLong(6, micros(queue.createdAt()));
          insert.setLong(7, micros(queue.lastModifiedAt()));
          insert.executeUpdate();
          return queueByName(session, queue.accountId(), queue.name()).orElseThrow();
        });
  }

  @Override
  public Optional<QueueRecord> queue(String accountId, String name) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(name, "name");
    return readers.read(session -> queueByName(session, accountId, name));
  }

  @Override
  public Optional<QueueRecord> queue(long queueId) {
    return readers.read(session -> queueById(session, queueId));
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
    return readers.read(
        session -> {
          PreparedStatement select = session.prepare(LIST_QUEUES);
          select.setString(1, accountId);
          select.setString(2, namePrefix);
          select.setString(3, namePrefix);
          select.setString(4, namePrefix);
          select.setString(5, afterName);
          select.setInt(6, limit);
          List<QueueRecord> queues = new ArrayList<>();
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              queues.add(Rows.queue(rows));
            }
          }
          return queues;
        });
  }

  @Override
  public Optional<QueueRecord> updateQueue(
      long queueId, Map<String, String> attributes, Map<String, String> tags, Instant modifiedAt) {
    String encodedAttributes = encode(attributes);
    String encodedTags = encode(tags);
    long modified = micros(modifiedAt);
    return writer.write(
        session -> {
          PreparedStatement update = session.prepare(UPDATE_QUEUE);
          update.setString(1, encodedAttributes);
          update.setString(2, encodedTags);
          update.setLong(3, modified);
          update.setLong(4, queueId);
          return update.executeUpdate() == 0 ? Optional.empty() : queueById(session, queueId);
        });
  }

  @Override
  public boolean deleteQueue(long queueId) {
    return writer.write(
        session -> {
          for (String sql :
              List.of(DELETE_QUEUE_MESSAGES, DELETE_QUEUE_DEDUPLICATION, DELETE_QUEUE_MOVE_TASKS)) {
            PreparedStatement delete = session.prepare(sql);
            delete.setLong(1, queueId);
            delete.executeUpdate();
          }
          PreparedStatement delete = session.prepare(DELETE_QUEUE);
          delete.setLong(1, queueId);
          return delete.executeUpdate() > 0;
        });
  }

  @Override
  public List<SendResult> send(long queueId, List<NewMessage> newMessages) {
    List<NewMessage> copy = List.copyOf(newMessages);
    return writer.write(session -> messages.send(session, queueId, copy));
  }

  @Override
  public ReceiveResult receive(ReceiveRequest request) {
    Objects.requireNonNull(request, "request");
    return writer.write(session -> receiver.receive(session, request));
  }

  @Override
  public List<ReceiptOutcome> delete(long queueId, List<Receipt> receipts) {
    List<Receipt> copy = List.copyOf(receipts);
    return writer.write(session -> messages.delete(session, queueId, copy, Long.MIN_VALUE));
  }

  @Override
  public List<ReceiptOutcome> deleteInFlight(long queueId, List<Receipt> receipts, Instant now) {
    List<Receipt> copy = List.copyOf(receipts);
    long nowMicros = micros(now);
    return writer.write(session -> messages.delete(session, queueId, copy, nowMicros));
  }

  @Override
  public List<ReceiptOutcome> changeVisibility(
      long queueId, List<VisibilityChange> changes, Instant now) {
    List<VisibilityChange> copy = List.copyOf(changes);
    Objects.requireNonNull(now, "now");
    return writer.write(session -> messages.changeVisibility(session, queueId, copy, now));
  }

  @Override
  public long purge(long queueId) {
    return writer.write(session -> messages.purge(session, queueId));
  }

  @Override
  public QueueStats stats(long queueId, Instant now, Instant retentionCutoff) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(retentionCutoff, "retentionCutoff");
    return readers.read(session -> MessageWrites.stats(session, queueId, now, retentionCutoff));
  }

  @Override
  public int redrive(long fromQueueId, Optional<Long> destinationQueueId, int limit, Instant now) {
    Objects.requireNonNull(destinationQueueId, "destinationQueueId");
    Objects.requireNonNull(now, "now");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, but was " + limit);
    }
    return writer.write(
        session -> messages.redrive(session, fromQueueId, destinationQueueId, limit, now));
  }

  @Override
  public void saveMoveTask(MoveTaskRecord task) {
    Objects.requireNonNull(task, "task");
    writer.write(
        session -> {
          PreparedStatement save = session.prepare(SAVE_TASK);
          save.setString(1, task.taskHandle());
          save.setLong(2, task.sourceQueueId());
          save.setString(3, task.sourceArn());
          Codec.setString(save, 4, task.destinationArn());
          Codec.setLong(save, 5, task.maxMessagesPerSecond());
          save.setString(6, task.status());
          save.setLong(7, task.moved());
          save.setLong(8, task.toMove());
          Codec.setString(save, 9, task.failureReason());
          save.setLong(10, micros(task.startedAt()));
          save.executeUpdate();
          return null;
        });
  }

  @Override
  public List<MoveTaskRecord> moveTasks(long sourceQueueId) {
    return readers.read(
        session -> {
          PreparedStatement select = session.prepare(TASKS_OF_SOURCE);
          select.setLong(1, sourceQueueId);
          return tasks(select);
        });
  }

  @Override
  public List<MoveTaskRecord> activeMoveTasks() {
    return readers.read(session -> tasks(session.prepare(ACTIVE_TASKS)));
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

  private static Optional<QueueRecord> queueByName(Session session, String accountId, String name)
      throws SQLException {
    PreparedStatement select = session.prepare(QUEUE_BY_NAME);
    select.setString(1, accountId);
    select.setString(2, name);
    return single(select);
  }

  private static Optional<QueueRecord> queueById(Session session, long queueId)
      throws SQLException {
    PreparedStatement select = session.prepare(QUEUE_BY_ID);
    select.setLong(1, queueId);
    return single(select);
  }

  private static Optional<QueueRecord> single(PreparedStatement select) throws SQLException {
    try (ResultSet rows = select.executeQuery()) {
      return rows.next() ? Optional.of(Rows.queue(rows)) : Optional.empty();
    }
  }
}
