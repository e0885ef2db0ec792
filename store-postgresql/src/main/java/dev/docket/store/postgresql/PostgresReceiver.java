package dev.docket.store.postgresql;

import static dev.docket.store.jdbc.Codec.instant;
import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.ReceiveRequest;
import dev.docket.store.ReceiveResult;
import dev.docket.store.StoredMessage;
import dev.docket.store.jdbc.Codec;
import dev.docket.store.jdbc.FifoWalk;
import dev.docket.store.jdbc.FifoWalk.Candidate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The receive claim: expire, dead-letter and claim in one transaction.
 *
 * <p>A standard queue without a redrive policy is claimed in one statement: {@code UPDATE ... WHERE
 * seq = ANY(ARRAY(SELECT seq ... WHERE visible_at <= now ORDER BY visible_at, seq LIMIT n FOR
 * UPDATE SKIP LOCKED)) RETURNING ...} over the index {@code (queue_id, visible_at, seq)}: receivers
 * on any node take disjoint messages without waiting for each other, each claim under a fresh
 * receipt token from the {@code claim_token} sequence. With a redrive policy the same candidates
 * are locked a page at a time and walked in claim order, moving those received too often to the
 * dead-letter queue and claiming the others, as the SQLite store does.
 *
 * <p>A FIFO queue is walked as on SQLite (groups in order of their head's visibility, each group in
 * sequence order, an invisible message holding back the rest of its group), but the walk needs to
 * see messages other receivers hold, so FIFO receives of one queue take turns on its queue row
 * ({@code FOR NO KEY UPDATE}). Stateless.
 */
final class PostgresReceiver {

  private static final String RETURNED =
      " RETURNING seq, message_id, body, attributes, sent_at, receive_count, first_received_at,"
          + " receipt_token, group_id, dedup_id, dead_letter_source_queue_id";
  private static final String CLAIM_STANDARD =
      "UPDATE messages SET receive_count = receive_count + 1,"
          + " first_received_at = coalesce(first_received_at, ?), receipt_token ="
          + " nextval('claim_token'), visible_at = ? WHERE seq = ANY(ARRAY(SELECT seq FROM messages"
          + " WHERE queue_id = ? AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?"
          + " FOR UPDATE SKIP LOCKED))"
          + RETURNED;
  private static final String CANDIDATES =
      "SELECT seq, visible_at, receive_count, group_id FROM messages";
  private static final String STANDARD_PAGE =
      CANDIDATES
          + " WHERE queue_id = ? AND visible_at <= ? AND (visible_at, seq) > (?, ?)"
          + " ORDER BY visible_at, seq LIMIT ? FOR UPDATE SKIP LOCKED";
  private static final String FIFO_TURN = "SELECT 1 FROM queues WHERE id = ? FOR NO KEY UPDATE";
  private static final String FIFO_PAGE =
      CANDIDATES + " WHERE queue_id = ? AND seq > ? ORDER BY seq LIMIT ?";
  private static final String EXPIRE = "DELETE FROM messages WHERE queue_id = ? AND sent_at < ?";
  private static final String CLAIM_ONE =
      "UPDATE messages SET receive_count = receive_count + 1,"
          + " first_received_at = coalesce(first_received_at, ?),"
          + " receipt_token = nextval('claim_token'), visible_at = ?"
          + " WHERE seq = ? AND visible_at <= ?"
          + RETURNED;
  private static final String NEXT_VISIBLE =
      "SELECT min(visible_at) FROM messages WHERE queue_id = ? AND visible_at > ?";
  private static final int STANDARD_PAGE_SIZE = 32;

  /** The state of one receive while it walks the queue. */
  private static final class Claim {
    final ReceiveRequest request;
    final long now;
    final long invisibleUntil;
    final Optional<ReceiveRequest.Redrive> redrive;
    final List<StoredMessage> claimed = new ArrayList<>();
    int moved;

    Claim(ReceiveRequest request, Optional<ReceiveRequest.Redrive> redrive) {
      this.request = request;
      this.now = micros(request.now());
      this.invisibleUntil = micros(request.now().plus(request.visibilityTimeout()));
      this.redrive = redrive;
    }

    boolean full() {
      return claimed.size() >= request.maxMessages();
    }
  }

  private PostgresReceiver() {}

  static ReceiveResult receive(Connection connection, ReceiveRequest request) throws SQLException {
    int expired = expire(connection, request);
    Optional<ReceiveRequest.Redrive> redrive = request.redrive();
    if (redrive.isPresent()
        && !PostgresMessages.queueExists(connection, redrive.get().deadLetterQueueId())) {
      redrive = Optional.empty(); // the dead-letter queue was deleted: keep messages where they are
    }
    Claim claim = new Claim(request, redrive);
    if (request.fifo()) {
      walkFifo(connection, claim);
    } else if (redrive.isEmpty()) {
      claimStandard(connection, claim);
    } else {
      walkStandard(connection, claim);
    }
    if (!request.fifo()) {
      claim.claimed.sort(Comparator.comparingLong(StoredMessage::sequence));
    }
    Optional<Instant> nextVisibleAt =
        claim.claimed.isEmpty() ? nextVisibleAt(connection, request) : Optional.empty();
    return new ReceiveResult(claim.claimed, claim.moved, expired, nextVisibleAt);
  }

  private static int expire(Connection connection, ReceiveRequest request) throws SQLException {
    if (!request.retentionCutoff().isAfter(Instant.EPOCH)) {
      return 0;
    }
    try (PreparedStatement expire = connection.prepareStatement(EXPIRE)) {
      expire.setLong(1, request.queueId());
      expire.setLong(2, micros(request.retentionCutoff()));
      return expire.executeUpdate();
    }
  }

  /** The single-statement claim of a standard queue without redrive. */
  private static void claimStandard(Connection connection, Claim claim) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(CLAIM_STANDARD)) {
      update.setLong(1, claim.now);
      update.setLong(2, claim.invisibleUntil);
      update.setLong(3, claim.request.queueId());
      update.setLong(4, claim.now);
      update.setInt(5, claim.request.maxMessages());
      collect(update, claim);
    }
  }

  private static void walkStandard(Connection connection, Claim claim) throws SQLException {
    long afterVisibleAt = Long.MIN_VALUE;
    long afterSequence = Long.MIN_VALUE;
    while (!claim.full()) {
      List<Candidate> page;
      try (PreparedStatement select = connection.prepareStatement(STANDARD_PAGE)) {
        select.setLong(1, claim.request.queueId());
        select.setLong(2, claim.now);
        select.setLong(3, afterVisibleAt);
        select.setLong(4, afterSequence);
        select.setInt(5, STANDARD_PAGE_SIZE);
        page = FifoWalk.candidates(select);
      }
      for (Candidate row : page) {
        afterVisibleAt = row.visibleAt();
        afterSequence = row.sequence();
        take(connection, claim, row);
        if (claim.full()) {
          return;
        }
      }
      if (page.size() < STANDARD_PAGE_SIZE) {
        return;
      }
    }
  }

  private static void walkFifo(Connection connection, Claim claim) throws SQLException {
    try (PreparedStatement turn = connection.prepareStatement(FIFO_TURN)) {
      turn.setLong(1, claim.request.queueId());
      turn.executeQuery().close();
    }
    List<Candidate> order;
    try (PreparedStatement select = connection.prepareStatement(FIFO_PAGE)) {
      FifoWalk.Pages pages =
          (afterSequence, limit) -> {
            select.setLong(1, claim.request.queueId());
            select.setLong(2, afterSequence);
            select.setInt(3, limit);
            return FifoWalk.candidates(select);
          };
      order = FifoWalk.order(pages, claim.now, claim.request.maxMessages());
    }
    for (Candidate row : order) {
      take(connection, claim, row);
      if (claim.full()) {
        return;
      }
    }
  }

  /** Dead-letters the row if it was received often enough already, else claims it. */
  private static void take(Connection connection, Claim claim, Candidate row) throws SQLException {
    if (claim.redrive.isPresent() && row.receiveCount() >= claim.redrive.get().maxReceiveCount()) {
      PostgresMessages.move(
          connection,
          row.sequence(),
          claim.redrive.get().deadLetterQueueId(),
          Optional.of(claim.request.queueId()),
          claim.now);
      claim.moved++;
      return;
    }
    try (PreparedStatement update = connection.prepareStatement(CLAIM_ONE)) {
      update.setLong(1, claim.now);
      update.setLong(2, claim.invisibleUntil);
      update.setLong(3, row.sequence());
      update.setLong(4, claim.now);
      collect(update, claim); // nothing when a delete or visibility change got there first
    }
  }

  private static void collect(PreparedStatement update, Claim claim) throws SQLException {
    try (ResultSet rows = update.executeQuery()) {
      while (rows.next()) {
        claim.claimed.add(
            new StoredMessage(
                claim.request.queueId(),
                rows.getLong(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                instant(rows.getLong(5)),
                rows.getInt(6),
                Codec.optionalInstant(rows, 7),
                rows.getLong(8),
                Codec.optionalString(rows, 9),
                Codec.optionalString(rows, 10),
                Codec.optionalLong(rows, 11)));
      }
    }
  }

  private static Optional<Instant> nextVisibleAt(Connection connection, ReceiveRequest request)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(NEXT_VISIBLE)) {
      select.setLong(1, request.queueId());
      select.setLong(2, micros(request.now()));
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Codec.optionalInstant(rows, 1) : Optional.empty();
      }
    }
  }
}
