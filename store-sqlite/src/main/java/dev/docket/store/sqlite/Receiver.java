package dev.docket.store.sqlite;

import static dev.docket.store.jdbc.Codec.instant;
import static dev.docket.store.jdbc.Codec.micros;

import dev.docket.store.ReceiveRequest;
import dev.docket.store.ReceiveResult;
import dev.docket.store.StoredMessage;
import dev.docket.store.jdbc.Codec;
import dev.docket.store.jdbc.FifoWalk;
import dev.docket.store.jdbc.FifoWalk.Candidate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The receive claim: expire, dead-letter and claim in one transaction on the writer thread.
 *
 * <p>A standard queue is walked earliest-visible first (ties in sequence order) over the index
 * {@code (queue_id, visible_at, seq)}, so a receive touches only the rows it returns, however deep
 * the backlog.
 *
 * <p>A FIFO queue is read as SQS serves it: within a group, messages in sequence order, and a
 * message that is not visible (in flight or delayed) holds back only the messages after it; across
 * groups, the group whose first message became visible earliest comes first (a fresh message is
 * visible from its send, a returned one from when its visibility ended: so a group just received
 * from goes behind groups that waited), and a receive takes as many messages of one group as it can
 * before the next group. The walk reads the covering index {@code (queue_id, seq, group_id,
 * visible_at, receive_count)} in sequence order, at most {@value FifoWalk#SCAN_LIMIT} entries per
 * receive, so a deep backlog bounds the look-ahead rather than the cost; only claimed messages are
 * read in full. Not thread-safe: runs on the writer thread.
 */
final class Receiver {

  private static final String CANDIDATES =
      "SELECT seq, visible_at, receive_count, group_id FROM messages";
  private static final String STANDARD_PAGE =
      CANDIDATES
          + " WHERE queue_id = ? AND visible_at <= ? AND (visible_at, seq) > (?, ?)"
          + " ORDER BY visible_at, seq LIMIT ?";
  private static final String FIFO_PAGE =
      CANDIDATES
          + " INDEXED BY messages_by_sequence WHERE queue_id = ? AND seq > ? ORDER BY seq LIMIT ?";
  private static final String MESSAGE =
      "SELECT message_id, body, attributes, sent_at, first_received_at, dedup_id,"
          + " dead_letter_source_queue_id FROM messages WHERE seq = ?";
  private static final String EXPIRE = "DELETE FROM messages WHERE queue_id = ? AND sent_at < ?";
  private static final String CLAIM =
      "UPDATE messages SET receive_count = ?, first_received_at = ?, receipt_token = ?,"
          + " visible_at = ? WHERE seq = ?";
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

  ReceiveResult receive(WriteSession session, ReceiveRequest request) throws SQLException {
    int expired = expire(session, request);
    Optional<ReceiveRequest.Redrive> redrive = request.redrive();
    if (redrive.isPresent()
        && !MessageWrites.queueExists(session, redrive.get().deadLetterQueueId())) {
      redrive = Optional.empty(); // the dead-letter queue was deleted: keep messages where they are
    }
    Claim claim = new Claim(request, redrive);
    if (request.fifo()) {
      walkFifo(session, claim);
    } else {
      walkStandard(session, claim);
      claim.claimed.sort(Comparator.comparingLong(StoredMessage::sequence));
    }
    Optional<Instant> nextVisibleAt =
        claim.claimed.isEmpty() ? nextVisibleAt(session, request) : Optional.empty();
    return new ReceiveResult(claim.claimed, claim.moved, expired, nextVisibleAt);
  }

  private static int expire(WriteSession session, ReceiveRequest request) throws SQLException {
    PreparedStatement expire = session.prepare(EXPIRE);
    expire.setLong(1, request.queueId());
    expire.setLong(2, micros(request.retentionCutoff()));
    return expire.executeUpdate();
  }

  private static void walkStandard(WriteSession session, Claim claim) throws SQLException {
    Set<Long> claimedNow = new HashSet<>();
    long afterVisibleAt = Long.MIN_VALUE;
    long afterSequence = Long.MIN_VALUE;
    while (!claim.full()) {
      PreparedStatement select = session.prepare(STANDARD_PAGE);
      select.setLong(1, claim.request.queueId());
      select.setLong(2, claim.now);
      select.setLong(3, afterVisibleAt);
      select.setLong(4, afterSequence);
      select.setInt(5, STANDARD_PAGE_SIZE);
      List<Candidate> page = FifoWalk.candidates(select);
      for (Candidate row : page) {
        afterVisibleAt = row.visibleAt();
        afterSequence = row.sequence();
        // a zero visibility timeout leaves a claimed row visible, further along this walk
        if (claimedNow.add(row.sequence())) {
          take(session, claim, row);
          if (claim.full()) {
            return;
          }
        }
      }
      if (page.size() < STANDARD_PAGE_SIZE) {
        return;
      }
    }
  }

  private static void walkFifo(WriteSession session, Claim claim) throws SQLException {
    FifoWalk.Pages pages =
        (afterSequence, limit) -> {
          PreparedStatement select = session.prepare(FIFO_PAGE);
          select.setLong(1, claim.request.queueId());
          select.setLong(2, afterSequence);
          select.setInt(3, limit);
          return FifoWalk.candidates(select);
        };
    for (Candidate row : FifoWalk.order(pages, claim.now, claim.request.maxMessages())) {
      take(session, claim, row);
      if (claim.full()) {
        return;
      }
    }
  }

  /** Dead-letters the row if it was received often enough already, else claims it. */
  private static void take(WriteSession session, Claim claim, Candidate row) throws SQLException {
    if (claim.redrive.isPresent() && row.receiveCount() >= claim.redrive.get().maxReceiveCount()) {
      MessageWrites.move(
          session,
          row.sequence(),
          claim.redrive.get().deadLetterQueueId(),
          Optional.of(claim.request.queueId()),
          claim.now);
      claim.moved++;
      return;
    }
    long token = session.nextToken();
    int receiveCount = row.receiveCount() + 1;
    PreparedStatement select = session.prepare(MESSAGE);
    select.setLong(1, row.sequence());
    try (ResultSet message = select.executeQuery()) {
      message.next();
      Instant firstReceivedAt = Codec.optionalInstant(message, 5).orElse(instant(claim.now));
      claim.claimed.add(
          new StoredMessage(
              claim.request.queueId(),
              row.sequence(),
              message.getString(1),
              message.getString(2),
              message.getString(3),
              instant(message.getLong(4)),
              receiveCount,
              Optional.of(firstReceivedAt),
              token,
              row.groupId(),
              Codec.optionalString(message, 6),
              Codec.optionalLong(message, 7)));
    }
    StoredMessage claimed = claim.claimed.getLast();
    PreparedStatement update = session.prepare(CLAIM);
    update.setInt(1, receiveCount);
    update.setLong(2, micros(claimed.firstReceivedAt().orElseThrow()));
    update.setLong(3, token);
    update.setLong(4, claim.invisibleUntil);
    update.setLong(5, row.sequence());
    update.executeUpdate();
  }

  private static Optional<Instant> nextVisibleAt(WriteSession session, ReceiveRequest request)
      throws SQLException {
    PreparedStatement select = session.prepare(NEXT_VISIBLE);
    select.setLong(1, request.queueId());
    select.setLong(2, micros(request.now()));
    try (ResultSet rows = select.executeQuery()) {
      return rows.next() ? Codec.optionalInstant(rows, 1) : Optional.empty();
    }
  }
}
