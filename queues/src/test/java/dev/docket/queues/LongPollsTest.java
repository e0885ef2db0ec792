package dev.docket.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LongPollsTest {

  @Test
  void signalAfterTheGenerationWasReadIsNeverMissed() {
    LongPolls polls = new LongPolls();
    long generation = polls.generation(1);
    polls.signal(1);

    boolean woke = polls.await(1, generation, Duration.ofDays(1));

    assertThat(woke).isTrue();
  }

  @Test
  void closeReleasesWaiters() throws Exception {
    LongPolls polls = new LongPolls();
    long generation = polls.generation(1);
    CompletableFuture<Boolean> waiter =
        CompletableFuture.supplyAsync(() -> polls.await(1, generation, Duration.ofDays(1)));

    polls.close();

    assertThat(waiter.get(30, TimeUnit.SECONDS)).isFalse();
  }
}
