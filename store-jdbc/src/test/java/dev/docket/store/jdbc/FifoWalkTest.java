package dev.docket.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.jdbc.FifoWalk.Candidate;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FifoWalkTest {

  private static final long NOW = 1_000;

  private static Candidate message(long sequence, long visibleAt, int receiveCount, String group) {
    return new Candidate(sequence, visibleAt, receiveCount, Optional.of(group));
  }

  /** Pages over a fixed queue, in sequence order, counting how many candidates were read. */
  private static final class Queue implements FifoWalk.Pages {
    final List<Candidate> messages;
    int read;

    Queue(List<Candidate> messages) {
      this.messages = messages;
    }

    @Override
    public List<Candidate> after(long afterSequence, int limit) {
      List<Candidate> page =
          messages.stream().filter(m -> m.sequence() > afterSequence).limit(limit).toList();
      read += page.size();
      return page;
    }
  }

  @Test
  void groupsComeInOrderOfTheirHeadsVisibilityEachInSequenceOrder() throws SQLException {
    var queue =
        new Queue(
            List.of(
                message(1, 500, 0, "a"),
                message(2, 100, 1, "b"),
                message(3, 600, 0, "a"),
                message(4, 700, 0, "b")));

    assertThat(FifoWalk.order(queue, NOW, 10))
        .extracting(Candidate::sequence)
        .containsExactly(2L, 4L, 1L, 3L);
  }

  @Test
  void anInvisibleMessageHoldsBackTheRestOfItsGroupOnly() throws SQLException {
    var queue =
        new Queue(
            List.of(
                message(1, 100, 0, "a"),
                message(2, NOW + 1, 1, "a"),
                message(3, 100, 0, "a"),
                message(4, 200, 0, "b")));

    assertThat(FifoWalk.order(queue, NOW, 10))
        .extracting(Candidate::sequence)
        .containsExactly(1L, 4L);
  }

  @Test
  void theWalkReadsNoMoreThanTheScanLimit() throws SQLException {
    List<Candidate> messages = new ArrayList<>();
    for (int i = 1; i <= FifoWalk.SCAN_LIMIT + 500; i++) {
      messages.add(message(i, NOW + 1, 0, "g" + i)); // nothing visible: no early stop
    }
    var queue = new Queue(messages);

    assertThat(FifoWalk.order(queue, NOW, 1)).isEmpty();
    assertThat(queue.read).isEqualTo(FifoWalk.SCAN_LIMIT);
  }

  @Test
  void theWalkStopsOnceFreshMessagesCannotComeFirst() throws SQLException {
    List<Candidate> messages = new ArrayList<>();
    for (int i = 1; i <= 3 * FifoWalk.PAGE_SIZE; i++) {
      messages.add(message(i, i, 0, "g" + i));
    }
    var queue = new Queue(messages);

    assertThat(FifoWalk.order(queue, NOW, 1)).first().extracting(Candidate::sequence).isEqualTo(1L);
    assertThat(queue.read).isEqualTo(FifoWalk.PAGE_SIZE);
  }
}
