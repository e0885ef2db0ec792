package dev.docket.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order in which a FIFO receive takes messages, as SQS serves them: within a group, messages in
 * sequence order, and a message that is not visible (in flight or delayed) holds back the messages
 * after it; across groups, the group whose first message became visible earliest comes first, and a
 * receive takes as many messages of one group as it can before the next group. The walk reads pages
 * of {@link Candidate}s in sequence order, at most {@value #SCAN_LIMIT} per receive, and stops
 * early once it has enough and has reached messages no group first seen later could come before.
 * How a page is read and how a message is taken (claimed or dead-lettered) are each store's own.
 * Stateless and thread-safe.
 */
public final class FifoWalk {

  /** How many candidates a page holds. */
  public static final int PAGE_SIZE = 128;

  /** How many candidates one receive reads at the most. */
  public static final int SCAN_LIMIT = 4096;

  /** How many more messages than wanted a group's run may hold, for those to dead-letter. */
  static final int MAX_RUN_SURPLUS = 100;

  /**
   * A message as a receive sees it before any change: only what decides whether to take it.
   *
   * @param sequence the message's sequence in its queue
   * @param visibleAt when it is visible, microseconds since the epoch
   * @param receiveCount how often it was received
   * @param groupId its message group; empty for a standard queue
   */
  public record Candidate(
      long sequence, long visibleAt, int receiveCount, Optional<String> groupId) {}

  /** Reads the next page of a queue's messages. */
  @FunctionalInterface
  public interface Pages {
    /** Up to {@code limit} candidates with a sequence above {@code afterSequence}, in order. */
    List<Candidate> after(long afterSequence, int limit) throws SQLException;
  }

  /** One group as the walk found it: its first message and the visible run from there. */
  private static final class GroupRun {
    final long headSequence;
    final long headVisibleAt;
    final List<Candidate> run = new ArrayList<>();
    boolean closed;

    GroupRun(Candidate head) {
      this.headSequence = head.sequence();
      this.headVisibleAt = head.visibleAt();
    }
  }

  private FifoWalk() {}

  /**
   * The candidates a receive of {@code wanted} messages at {@code now} (microseconds) should take,
   * in the order to take them; more than wanted where some will be dead-lettered instead.
   */
  public static List<Candidate> order(Pages pages, long now, int wanted) throws SQLException {
    Map<String, GroupRun> groups = new LinkedHashMap<>();
    int scanned = 0;
    int claimable = 0;
    long latestHead = Long.MIN_VALUE; // the latest head visibility among groups with a run
    long afterSequence = Long.MIN_VALUE;
    while (scanned < SCAN_LIMIT) {
      List<Candidate> page = pages.after(afterSequence, PAGE_SIZE);
      for (Candidate row : page) {
        afterSequence = row.sequence();
        GroupRun group = groups.computeIfAbsent(row.groupId().orElse(""), g -> new GroupRun(row));
        if (group.closed) {
          continue;
        }
        if (row.visibleAt() > now) {
          group.closed = true; // in flight or delayed: it holds back what follows it
        } else if (group.run.size() < wanted + MAX_RUN_SURPLUS) {
          // more than wanted: messages received too often move to the dead-letter queue instead
          group.run.add(row);
          claimable++;
          latestHead = Math.max(latestHead, group.headVisibleAt);
        }
      }
      scanned += page.size();
      if (page.size() < PAGE_SIZE) {
        break;
      }
      // Enough found, and the walk has reached fresh messages visible no earlier than every head
      // it would serve: a group first seen further on (sent later) could not come before them.
      Candidate last = page.getLast();
      if (claimable >= wanted && last.receiveCount() == 0 && last.visibleAt() >= latestHead) {
        break;
      }
    }
    List<GroupRun> order = new ArrayList<>();
    for (GroupRun group : groups.values()) {
      if (!group.run.isEmpty()) {
        order.add(group);
      }
    }
    order.sort(
        Comparator.comparingLong((GroupRun g) -> g.headVisibleAt)
            .thenComparingLong(g -> g.headSequence));
    List<Candidate> taken = new ArrayList<>();
    for (GroupRun group : order) {
      taken.addAll(group.run);
    }
    return taken;
  }

  /** Runs a query whose columns are sequence, visible at, receive count, group id (nullable). */
  public static List<Candidate> candidates(PreparedStatement select) throws SQLException {
    List<Candidate> candidates = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        candidates.add(
            new Candidate(
                rows.getLong(1), rows.getLong(2), rows.getInt(3), Codec.optionalString(rows, 4)));
      }
    }
    return candidates;
  }
}
