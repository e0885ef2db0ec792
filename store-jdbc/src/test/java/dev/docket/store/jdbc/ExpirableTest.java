package dev.docket.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention batches cut by history size, in scan order, never splitting a history. */
class ExpirableTest {

  @Test
  void executionsAreCutIntoChunksOfAtMostTheEventBudgetInOrder() {
    List<Expirable> found =
        List.of(
            new Expirable("a", 4),
            new Expirable("b", 5),
            new Expirable("c", 2),
            new Expirable("d", 10));

    List<List<String>> chunks = Expirable.chunks(found, 10);

    assertThat(chunks).containsExactly(List.of("a", "b"), List.of("c"), List.of("d"));
  }

  @Test
  void anExecutionLargerThanTheBudgetIsAChunkOfItsOwn() {
    List<Expirable> found =
        List.of(new Expirable("big", 50), new Expirable("small", 1), new Expirable("huge", 99));

    assertThat(Expirable.chunks(found, 10))
        .containsExactly(List.of("big"), List.of("small"), List.of("huge"));
    assertThat(Expirable.chunks(List.of(), 10)).isEmpty();
  }
}
