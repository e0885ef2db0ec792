package dev.docket.store.postgresql;

import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.NewMessage;
import dev.docket.store.QueueStats;
import dev.docket.store.QueueStore.VisibilityChange;
import dev.docket.store.Receipt;
import dev.docket.store.ReceiptOutcome;
import dev.docket.store.SendResult;
import dev.docket.store.StoreException;
import dev.docket.store.jdbc.Codec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Message writes other than receive: send (with FIFO deduplication), delete, visibility changes,
 * purge, redrive, the shared move of a message to another queue, and the stats read. Each runs
 * inside the caller's transaction.
 *
 * <p>Concurrency on a shared database: a send holds its queue row with {@code FOR KEY SHARE}, so a
 * queue deleted meanwhile (which deletes its row first) never keeps orphan messages. A FIFO
 * deduplication id is claimed by an upsert on {@code (queue_id, dedup_id)} that replaces only an
 * entry older than the window: of two racing sends of one id, the second waits for the first's row
 * lock and then finds the entry in its window, so exactly one is stored. Deletes and visibility
 * changes lock the message row and check the receipt token under that lock. Stateless.
 */
final class PostgresMessages {

  private static final String HOLD_QUEUE = "SELECT 1 FROM queues WHERE id = ? FOR KEY SHARE";
  private static final String QUEUE_EXISTS = "SELECT 1 FROM queues WHERE id = ?";
  private static final String NEXT_SEQUENCES =
      "SELECT nextval('message_sequence') FROM generate_series(1, ?)";
  private static final String INSERT_MESSAGE =
      "INSERT INTO messages (seq, queue_id, message_id, body, attributes, sent_at, visible_at,"
          + " receive_count, first_received_at, receipt_token, group_id, dedup_id,"
          + " dead_letter_source_queue_id) VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, 0, ?, ?, NULL)";
  // stores the entry unless one of the window exists; RETURNING tells which happened
  private static final String CLAIM_DEDUPLICATION =
      "INSERT INTO deduplication AS d (queue_id, dedup_id, seq, message_id, sent_at)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (queue_id, dedup_id) DO UPDATE SET"
          + " seq = excluded.seq, message_id = excluded.message_id, sent_at = excluded.sent_at"
          + " WHERE d.sent_at < ? RETURNING seq";
  private static final String FIND_DUPLICATE =
      "SELECT seq, message_id FROM deduplication WHERE queue_id = ? AND dedup_id = ?";
  private static final String SAVE_DEDUPLICATION =
      "INSERT INTO deduplication (queue_id, dedup_id, seq, message_id, sent_at)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (queue_id, dedup_id) DO UPDATE SET"
          + " seq = excluded.seq, message_id = excluded.message_id, sent_at = excluded.sent_at";
  private static final String PRUNE_DEDUPLICATION =
      "DELETE FROM deduplication WHERE queue_id = ? AND sent_at < ?";
  private static final String RECEIPT_STATES =
      "SELECT seq, receipt_token, visible_at FROM messages WHERE seq = ANY(?) AND queue_id = ?"
          + " ORDER BY seq FOR UPDATE";
  private static final String DELETE_MESSAGES = "DELETE FROM messages WHERE seq = ANY(?)";
  private static final String SET_VISIBLE_AT = "UPDATE messages SET visible_at = ? WHERE seq = ?";
  private static final String PURGE = "DELETE FROM messages WHERE queue_id = ?";
  private static final String PURGE_DEDUPLICATION = "DELETE FROM deduplication WHERE queue_id = ?";
  private static final String MOVE =
      "UPDATE messages SET seq = nextval('message_sequence'), queue_id = ?, visible_at = ?,"
          + " receive_count = 0, first_received_at = NULL, receipt_token = 0,"
          + " dead_letter_source_queue_id = ? WHERE seq = ?";
  // a dead-lettered message keeps its receive count and first receive, as SQS's do
  private static final String DEAD_LETTER =
      "UPDATE messages SET seq = nextval('message_sequence'), queue_id = ?, visible_at = ?,"
          + " receipt_token = 0, dead_letter_source_queue_id = ? WHERE seq = ?";
  private static final String REDRIVE_TO_SOURCES =
      "SELECT m.seq, m.dead_letter_source_queue_id FROM messages m"
          + " JOIN queues q ON q.id = m.dead_letter_source_queue_id"
          + " WHERE m.queue_id = ? AND m.visible_at <= ? ORDER BY m.seq LIMIT ?"
          + " FOR UPDATE OF m SKIP LOCKED";
  private static final String REDRIVE_TO_DESTINATION =
      "SELECT seq FROM messages WHERE queue_id = ? AND visible_at <= ? ORDER BY seq LIMIT ?"
          + " FOR UPDATE SKIP LOCKED";
  private static final String STATS =
      "SELECT count(*) FILTER (WHERE visible_at <= ?),"
          + " count(*) FILTER (WHERE visible_at > ? AND receive_count > 0),"
          + " count(*) FILTER (WHERE visible_at > ? AND receive_count = 0)"
          + " FROM messages WHERE queue_id = ? AND sent_at >= ?";

  private PostgresMessages() {}

  static List<SendResult> send(Connection connection, long queueId, List<NewMessage> messages)
      throws SQLException {
    try (PreparedStatement hold = connection.prepareStatement(HOLD_QUEUE)) {
      hold.setLong(1, queueId);
      try (ResultSet rows = hold.executeQuery()) {
        if (!rows.next()) {
          throw new StoreException("cannot send to queue " + queueId + ": it does not exist");
        }
      }
    }
    pruneDeduplication(connection, queueId, messages);
    List<SendResult> results = new ArrayList<>(messages.size());
    long[] sequences = nextSequences(connection, messages.size());
    try (PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE)) {
      for (int i = 0; i < sequences.length; i++) {
        NewMessage message = messages.get(i);
        long sequence = sequences[i];
        if (message.deduplicationId().isPresent()) {
          Optional<SendResult> duplicate =
              claimDeduplication(connection, queueId, message, sequence);
          if (duplicate.isPresent()) {
            results.add(duplicate.get());
            continue;
          }
        }
        insert.setLong(1, sequence);
        insert.setLong(2, queueId);
        insert.setString(3, message.messageId());
        insert.setString(4, message.body());
        insert.setString(5, message.attributes());
        insert.setLong(6, micros(message.sentAt()));
        insert.setLong(7, micros(message.visibleAt()));
        Codec.setString(insert, 8, message.groupId());
        Codec.setString(insert, 9, message.deduplicationId());
        insert.addBatch();
        results.add(new SendResult(sequence, message.messageId(), false));
      }
      insert.executeBatch();
    }
    return results;
  }

  /** {@code count} fresh sequence numbers in one round trip, ascending (a batch keeps order). */
  private static long[] nextSequences(Connection connection, int count) throws SQLException {
    long[] sequences = new long[count];
    if (count == 0) {
      return sequences;
    }
    try (PreparedStatement select = connection.prepareStatement(NEXT_SEQUENCES)) {
      select.setInt(1, count);
      try (ResultSet rows = select.executeQuery()) {
        for (int i = 0; i < count; i++) {
          rows.next();
          sequences[i] = rows.getLong(1);
        }
      }
    }
    Arrays.sort(sequences);
    return sequences;
  }

  /** Records the message's deduplication id; the earlier message if it is a duplicate. */
  private static Optional<SendResult> claimDeduplication(
      Connection connection, long queueId, NewMessage message, long sequence) throws SQLException {
    String id = message.deduplicationId().orElseThrow();
    if (message.deduplicationWindowStart().isEmpty()) {
      try (PreparedStatement save = connection.prepareStatement(SAVE_DEDUPLICATION)) {
        save.setLong(1, queueId);
        save.setString(2, id);
        save.setLong(3, sequence);
        save.setString(4, message.messageId());
        save.setLong(5, micros(message.sentAt()));
        save.executeUpdate();
      }
      return Optional.empty();
    }
    try (PreparedStatement claim = connection.prepareStatement(CLAIM_DEDUPLICATION)) {
      claim.setLong(1, queueId);
      claim.setString(2, id);
      claim.setLong(3, sequence);
      claim.setString(4, message.messageId());
      claim.setLong(5, micros(message.sentAt()));
      claim.setLong(6, micros(message.deduplicationWindowStart().get()));
      try (ResultSet rows = claim.executeQuery()) {
        if (rows.next()) {
          return Optional.empty();
        }
      }
    }
    try (PreparedStatement find = connection.prepareStatement(FIND_DUPLICATE)) {
      find.setLong(1, queueId);
      find.setString(2, id);
      try (ResultSet rows = find.executeQuery()) {
        rows.next();
        return Optional.of(new SendResult(rows.getLong(1), rows.getString(2), true));
      }
    }
  }

  /**
   * Drops deduplication entries sent before the earliest window start of this send: windows only
   * move forward, so no later send can match them.
   */
  private static void pruneDeduplication(
      Connection connection, long queueId, List<NewMessage> messages) throws SQLException {
    long earliestWindowStart = Long.MAX_VALUE;
    for (NewMessage message : messages) {
      if (message.deduplicationId().isPresent() && message.deduplicationWindowStart().isPresent()) {
        earliestWindowStart =
            Math.min(earliestWindowStart, micros(message.deduplicationWindowStart().get()));
      }
    }
    if (earliestWindowStart != Long.MAX_VALUE) {
      try (PreparedStatement prune = connection.prepareStatement(PRUNE_DEDUPLICATION)) {
        prune.setLong(1, queueId);
        prune.setLong(2, earliestWindowStart);
        prune.executeUpdate();
      }
    }
  }

  static boolean queueExists(Connection connection, long queueId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(QUEUE_EXISTS)) {
      select.setLong(1, queueId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  /**
   * Deletes by receipt; a receipt no longer in flight at {@code inFlightAt} deletes nothing. The
   * receipts' messages are locked and read in one statement and deleted in another, so a batch
   * costs two round trips; outcomes are as if the receipts were applied one by one.
   */
  static List<ReceiptOutcome> delete(
      Connection connection, long queueId, List<Receipt> receipts, long inFlightAt)
      throws SQLException {
    Map<Long, long[]> states = receiptStates(connection, queueId, receipts);
    List<ReceiptOutcome> outcomes = new ArrayList<>(receipts.size());
    List<Long> deleted = new ArrayList<>();
    for (Receipt receipt : receipts) {
      long[] state = states.get(receipt.sequence());
      ReceiptOutcome outcome = outcome(state, receipt, inFlightAt);
      if (outcome == ReceiptOutcome.DONE) {
        states.remove(receipt.sequence()); // a second receipt of it finds it gone
        deleted.add(receipt.sequence());
      }
      outcomes.add(outcome);
    }
    if (!deleted.isEmpty()) {
      try (PreparedStatement delete = connection.prepareStatement(DELETE_MESSAGES)) {
        delete.setArray(1, connection.createArrayOf("bigint", deleted.toArray()));
        delete.executeUpdate();
      }
    }
    return outcomes;
  }

  static List<ReceiptOutcome> changeVisibility(
      Connection connection, long queueId, List<VisibilityChange> changes, Instant now)
      throws SQLException {
    long nowMicros = micros(now);
    Map<Long, long[]> states =
        receiptStates(
            connection, queueId, changes.stream().map(VisibilityChange::receipt).toList());
    List<ReceiptOutcome> outcomes = new ArrayList<>(changes.size());
    try (PreparedStatement update = connection.prepareStatement(SET_VISIBLE_AT)) {
      boolean any = false;
      for (VisibilityChange change : changes) {
        Receipt receipt = change.receipt();
        long[] state = states.get(receipt.sequence());
        ReceiptOutcome outcome = outcome(state, receipt, nowMicros);
        if (outcome == ReceiptOutcome.DONE) {
          state[1] = micros(change.visibleAt()); // a later change of it sees this one
          update.setLong(1, state[1]);
          update.setLong(2, receipt.sequence());
          update.addBatch();
          any = true;
        }
        outcomes.add(outcome);
      }
      if (any) {
        update.executeBatch();
      }
    }
    return outcomes;
  }

  private static ReceiptOutcome outcome(long[] state, Receipt receipt, long inFlightAt) {
    if (state == null) {
      return ReceiptOutcome.NOT_FOUND;
    } else if (!current(state, receipt)) {
      return ReceiptOutcome.STALE_RECEIPT;
    } else if (state[1] <= inFlightAt) {
      return ReceiptOutcome.NOT_IN_FLIGHT;
    }
    return ReceiptOutcome.DONE;
  }

  /** {receipt token, visible at} of the receipts' messages in this queue, locked, by sequence. */
  private static Map<Long, long[]> receiptStates(
      Connection connection, long queueId, List<Receipt> receipts) throws SQLException {
    Map<Long, long[]> states = new HashMap<>();
    if (receipts.isEmpty()) {
      return states;
    }
    Object[] sequences = receipts.stream().map(Receipt::sequence).distinct().toArray();
    try (PreparedStatement select = connection.prepareStatement(RECEIPT_STATES)) {
      select.setArray(1, connection.createArrayOf("bigint", sequences));
      select.setLong(2, queueId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          states.put(rows.getLong(1), new long[] {rows.getLong(2), rows.getLong(3)});
        }
      }
    }
    return states;
  }

  /** Token 0 means never received, which no receipt can name. */
  private static boolean current(long[] state, Receipt receipt) {
    return state[0] != 0 && state[0] == receipt.receiptToken();
  }

  static long purge(Connection connection, long queueId) throws SQLException {
    // SQS forgets the deduplication ids of a purged queue: a resend after a purge is delivered
    try (PreparedStatement forget = connection.prepareStatement(PURGE_DEDUPLICATION)) {
      forget.setLong(1, queueId);
      forget.executeUpdate();
    }
    try (PreparedStatement purge = connection.prepareStatement(PURGE)) {
      purge.setLong(1, queueId);
      return purge.executeUpdate();
    }
  }

  static int redrive(
      Connection connection,
      long fromQueueId,
      Optional<Long> destinationQueueId,
      int limit,
      Instant now)
      throws SQLException {
    if (destinationQueueId.isPresent() && !queueExists(connection, destinationQueueId.get())) {
      return 0;
    }
    List<long[]> moves = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            destinationQueueId.isPresent() ? REDRIVE_TO_DESTINATION : REDRIVE_TO_SOURCES)) {
      select.setLong(1, fromQueueId);
      select.setLong(2, micros(now));
      select.setInt(3, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long destination = destinationQueueId.orElse(0L);
          moves.add(
              new long[] {rows.getLong(1), destination == 0L ? rows.getLong(2) : destination});
        }
      }
    }
    for (long[] move : moves) {
      move(connection, move[0], move[1], Optional.empty(), micros(now));
    }
    return moves.size();
  }

  /**
   * Moves a message to another queue under a new sequence number, visible at {@code visibleAt}; a
   * plain move resets its receive count, a dead-letter move keeps it and records the source.
   */
  static void move(
      Connection connection,
      long sequence,
      long toQueueId,
      Optional<Long> deadLetterSourceQueueId,
      long visibleAt)
      throws SQLException {
    try (PreparedStatement move =
        connection.prepareStatement(deadLetterSourceQueueId.isPresent() ? DEAD_LETTER : MOVE)) {
      move.setLong(1, toQueueId);
      move.setLong(2, visibleAt);
      Codec.setLong(move, 3, deadLetterSourceQueueId);
      move.setLong(4, sequence);
      move.executeUpdate();
    }
  }

  static QueueStats stats(Connection connection, long queueId, Instant now, Instant retentionCutoff)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(STATS)) {
      long nowMicros = micros(now);
      select.setLong(1, nowMicros);
      select.setLong(2, nowMicros);
      select.setLong(3, nowMicros);
      select.setLong(4, queueId);
      select.setLong(5, micros(retentionCutoff));
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return new QueueStats(rows.getLong(1), rows.getLong(2), rows.getLong(3));
      }
    }
  }
}
