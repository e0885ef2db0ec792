package dev.docket.store.sqlite;

import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.NewMessage;
import dev.docket.store.QueueStats;
import dev.docket.store.QueueStore.VisibilityChange;
import dev.docket.store.Receipt;
import dev.docket.store.ReceiptOutcome;
import dev.docket.store.SendResult;
import dev.docket.store.StoreException;
import dev.docket.store.jdbc.Codec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Message writes other than receive: send (with FIFO deduplication), delete, visibility changes,
 * purge, redrive, and the shared move of a message to another queue. Also the stats read. Not
 * thread-safe on its own: write methods run on the writer thread.
 */
final class MessageWrites {

  private static final String QUEUE_EXISTS = "SELECT 1 FROM queues WHERE id = ?";
  private static final String INSERT_MESSAGE =
      "INSERT INTO messages (seq, queue_id, message_id, body, attributes, sent_at, visible_at,"
          + " receive_count, first_received_at, receipt_token, group_id, dedup_id,"
          + " dead_letter_source_queue_id) VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, 0, ?, ?, NULL)";
  private static final String FIND_DUPLICATE =
      "SELECT seq, message_id, sent_at FROM deduplication WHERE queue_id = ? AND dedup_id = ?";
  private static final String SAVE_DEDUPLICATION =
      "INSERT OR REPLACE INTO deduplication (queue_id, dedup_id, seq, message_id, sent_at)"
          + " VALUES (?, ?, ?, ?, ?)";
  private static final String PRUNE_DEDUPLICATION =
      "DELETE FROM deduplication WHERE queue_id = ? AND sent_at < ?";
  private static final String RECEIPT_STATE =
      "SELECT receipt_token, visible_at FROM messages WHERE seq = ? AND queue_id = ?";
  private static final String DELETE_MESSAGE = "DELETE FROM messages WHERE seq = ?";
  private static final String SET_VISIBLE_AT = "UPDATE messages SET visible_at = ? WHERE seq = ?";
  private static final String PURGE = "DELETE FROM messages WHERE queue_id = ?";
  private static final String PURGE_DEDUPLICATION = "DELETE FROM deduplication WHERE queue_id = ?";
  private static final String MOVE =
      "UPDATE messages SET seq = ?, queue_id = ?, visible_at = ?, receive_count = 0,"
          + " first_received_at = NULL, receipt_token = 0, dead_letter_source_queue_id = ?"
          + " WHERE seq = ?";
  // a dead-lettered message keeps its receive count and first receive, as SQS's do
  private static final String DEAD_LETTER =
      "UPDATE messages SET seq = ?, queue_id = ?, visible_at = ?, receipt_token = 0,"
          + " dead_letter_source_queue_id = ? WHERE seq = ?";
  private static final String REDRIVE_TO_SOURCES =
      "SELECT m.seq, m.dead_letter_source_queue_id"
          + " FROM messages m INDEXED BY messages_by_sequence"
          + " JOIN queues q ON q.id = m.dead_letter_source_queue_id"
          + " WHERE m.queue_id = ? AND m.visible_at <= ? ORDER BY m.seq LIMIT ?";
  private static final String REDRIVE_TO_DESTINATION =
      "SELECT seq FROM messages INDEXED BY messages_by_sequence"
          + " WHERE queue_id = ? AND visible_at <= ? ORDER BY seq LIMIT ?";
  private static final String STATS =
      "SELECT coalesce(sum(visible_at <= ?1), 0),"
          + " coalesce(sum(visible_at > ?1 AND receive_count > 0), 0),"
          + " coalesce(sum(visible_at > ?1 AND receive_count = 0), 0)"
          + " FROM messages WHERE queue_id = ?2 AND sent_at >= ?3";

  List<SendResult> send(WriteSession session, long queueId, List<NewMessage> messages)
      throws SQLException {
    if (!queueExists(session, queueId)) {
      throw new StoreException("cannot send to queue " + queueId + ": it does not exist");
    }
    pruneDeduplication(session, queueId, messages);
    List<SendResult> results = new ArrayList<>(messages.size());
    for (NewMessage message : messages) {
      Optional<SendResult> duplicate = duplicateOf(session, queueId, message);
      if (duplicate.isPresent()) {
        results.add(duplicate.get());
        continue;
      }
      long sequence = session.nextSequence();
      PreparedStatement insert = session.prepare(INSERT_MESSAGE);
      insert.setLong(1, sequence);
      insert.setLong(2, queueId);
      insert.setString(3, message.messageId());
      insert.setString(4, message.body());
      insert.setString(5, message.attributes());
      insert.setLong(6, micros(message.sentAt()));
      insert.setLong(7, micros(message.visibleAt()));
      Codec.setString(insert, 8, message.groupId());
      Codec.setString(insert, 9, message.deduplicationId());
      insert.executeUpdate();
      if (message.deduplicationId().isPresent()) {
        PreparedStatement save = session.prepare(SAVE_DEDUPLICATION);
        save.setLong(1, queueId);
        save.setString(2, message.deduplicationId().get());
        save.setLong(3, sequence);
        save.setString(4, message.messageId());
        save.setLong(5, micros(message.sentAt()));
        save.executeUpdate();
      }
      results.add(new SendResult(sequence, message.messageId(), false));
    }
    return results;
  }

  /**
   * Drops deduplication entries sent before the earliest window start of this send: windows only
   * move forward, so no later send can match them.
   */
  private static void pruneDeduplication(
      WriteSession session, long queueId, List<NewMessage> messages) throws SQLException {
    long earliestWindowStart = Long.MAX_VALUE;
    for (NewMessage message : messages) {
      if (message.deduplicationId().isPresent() && message.deduplicationWindowStart().isPresent()) {
        earliestWindowStart =
            Math.min(earliestWindowStart, micros(message.deduplicationWindowStart().get()));
      }
    }
    if (earliestWindowStart != Long.MAX_VALUE) {
      PreparedStatement prune = session.prepare(PRUNE_DEDUPLICATION);
      prune.setLong(1, queueId);
      prune.setLong(2, earliestWindowStart);
      prune.executeUpdate();
    }
  }

  private static Optional<SendResult> duplicateOf(
      WriteSession session, long queueId, NewMessage message) throws SQLException {
    if (message.deduplicationId().isEmpty() || message.deduplicationWindowStart().isEmpty()) {
      return Optional.empty();
    }
    PreparedStatement find = session.prepare(FIND_DUPLICATE);
    find.setLong(1, queueId);
    find.setString(2, message.deduplicationId().get());
    try (ResultSet rows = find.executeQuery()) {
      if (rows.next() && rows.getLong(3) >= micros(message.deduplicationWindowStart().get())) {
        return Optional.of(new SendResult(rows.getLong(1), rows.getString(2), true));
      }
      return Optional.empty();
    }
  }

  static boolean queueExists(Session session, long queueId) throws SQLException {
    PreparedStatement select = session.prepare(QUEUE_EXISTS);
    select.setLong(1, queueId);
    try (ResultSet rows = select.executeQuery()) {
      return rows.next();
    }
  }

  /** Deletes by receipt; a receipt no longer in flight at {@code inFlightAt} deletes nothing. */
  List<ReceiptOutcome> delete(
      WriteSession session, long queueId, List<Receipt> receipts, long inFlightAt)
      throws SQLException {
    List<ReceiptOutcome> outcomes = new ArrayList<>(receipts.size());
    for (Receipt receipt : receipts) {
      long[] state = receiptState(session, queueId, receipt);
      if (state == null) {
        outcomes.add(ReceiptOutcome.NOT_FOUND);
      } else if (!current(state, receipt)) {
        outcomes.add(ReceiptOutcome.STALE_RECEIPT);
      } else if (state[1] <= inFlightAt) {
        outcomes.add(ReceiptOutcome.NOT_IN_FLIGHT);
      } else {
        PreparedStatement delete = session.prepare(DELETE_MESSAGE);
        delete.setLong(1, receipt.sequence());
        delete.executeUpdate();
        outcomes.add(ReceiptOutcome.DONE);
      }
    }
    return outcomes;
  }

  List<ReceiptOutcome> changeVisibility(
      WriteSession session, long queueId, List<VisibilityChange> changes, Instant now)
      throws SQLException {
    long nowMicros = micros(now);
    List<ReceiptOutcome> outcomes = new ArrayList<>(changes.size());
    for (VisibilityChange change : changes) {
      Receipt receipt = change.receipt();
      long[] state = receiptState(session, queueId, receipt);
      if (state == null) {
        outcomes.add(ReceiptOutcome.NOT_FOUND);
      } else if (!current(state, receipt)) {
        outcomes.add(ReceiptOutcome.STALE_RECEIPT);
      } else if (state[1] <= nowMicros) {
        outcomes.add(ReceiptOutcome.NOT_IN_FLIGHT);
      } else {
        PreparedStatement update = session.prepare(SET_VISIBLE_AT);
        update.setLong(1, micros(change.visibleAt()));
        update.setLong(2, receipt.sequence());
        update.executeUpdate();
        outcomes.add(ReceiptOutcome.DONE);
      }
    }
    return outcomes;
  }

  /** {receipt token, visible at} of the message in this queue, null if absent. */
  private static long[] receiptState(WriteSession session, long queueId, Receipt receipt)
      throws SQLException {
    PreparedStatement select = session.prepare(RECEIPT_STATE);
    select.setLong(1, receipt.sequence());
    select.setLong(2, queueId);
    try (ResultSet rows = select.executeQuery()) {
      return rows.next() ? new long[] {rows.getLong(1), rows.getLong(2)} : null;
    }
  }

  /** Token 0 means never received, which no receipt can name. */
  private static boolean current(long[] state, Receipt receipt) {
    return state[0] != 0 && state[0] == receipt.receiptToken();
  }

  long purge(WriteSession session, long queueId) throws SQLException {
    // SQS forgets the deduplication ids of a purged queue: a resend after a purge is delivered
    PreparedStatement forget = session.prepare(PURGE_DEDUPLICATION);
    forget.setLong(1, queueId);
    forget.executeUpdate();
    PreparedStatement purge = session.prepare(PURGE);
    purge.setLong(1, queueId);
    return purge.executeUpdate();
  }

  int redrive(
      WriteSession session,
      long fromQueueId,
      Optional<Long> destinationQueueId,
      int limit,
      Instant now)
      throws SQLException {
    if (destinationQueueId.isPresent() && !queueExists(session, destinationQueueId.get())) {
      return 0;
    }
    PreparedStatement select =
        session.prepare(
            destinationQueueId.isPresent() ? REDRIVE_TO_DESTINATION : REDRIVE_TO_SOURCES);
    select.setLong(1, fromQueueId);
    select.setLong(2, micros(now));
    select.setInt(3, limit);
    List<long[]> moves = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        long destination = destinationQueueId.orElse(0L);
        moves.add(new long[] {rows.getLong(1), destination == 0L ? rows.getLong(2) : destination});
      }
    }
    for (long[] move : moves) {
      move(session, move[0], move[1], Optional.empty(), micros(now));
    }
    return moves.size();
  }

  /**
   * Moves a message to another queue under a new sequence number, visible at {@code visibleAt} with
   * receive count 0 and no receipt; sentAt and the body stay.
   */
  static void move(
      WriteSession session,
      long sequence,
      long toQueueId,
      Optional<Long> deadLetterSourceQueueId,
      long visibleAt)
      throws SQLException {
    PreparedStatement move =
        session.prepare(deadLetterSourceQueueId.isPresent() ? DEAD_LETTER : MOVE);
    move.setLong(1, session.nextSequence());
    move.setLong(2, toQueueId);
    move.setLong(3, visibleAt);
    Codec.setLong(move, 4, deadLetterSourceQueueId);
    move.setLong(5, sequence);
    move.executeUpdate();
  }

  static QueueStats stats(Session session, long queueId, Instant now, Instant retentionCutoff)
      throws SQLException {
    PreparedStatement select = session.prepare(STATS);
    select.setLong(1, micros(now));
    select.setLong(2, queueId);
    select.setLong(3, micros(retentionCutoff));
    try (ResultSet rows = select.executeQuery()) {
      rows.next();
      return new QueueStats(rows.getLong(1), rows.getLong(2), rows.getLong(3));
    }
  }
}
