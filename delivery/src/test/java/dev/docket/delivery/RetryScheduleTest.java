package dev.docket.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  private static final Outcome.Failed THROTTLED = new Outcome.Failed("THROTTLING", "slow", true);

  private final DeliveryConfig config =
      DeliveryConfig.defaults().withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

  @Test
  void theDelayCeilingDoublesPerAttemptUpToTheCap() {
    RetrySchedule schedule = new RetrySchedule(config, () -> 0L);

    assertThat(schedule.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(schedule.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(schedule.ceiling(6)).isEqualTo(Duration.ofSeconds(32));
    assertThat(schedule.ceiling(7)).isEqualTo(Duration.ofSeconds(60));
    assertThat(schedule.ceiling(185)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void fullJitterDrawsTheDelayBetweenZeroAndTheCeiling() {
    RetrySchedule lowest = new RetrySchedule(config, bounded(0));
    RetrySchedule highest = new RetrySchedule(config, bounded(Long.MAX_VALUE));

    assertThat(lowest.after(request(RetryPolicy.DEFAULT), 3, THROTTLED, START))
        .isEqualTo(new RetrySchedule.Retry(START));
    assertThat(highest.after(request(RetryPolicy.DEFAULT), 3, THROTTLED, START))
        .isEqualTo(new RetrySchedule.Retry(START.plusSeconds(4)));
  }

  @Test
  void aRetryIsNeverDuePastTheMaximumEventAge() {
    RetrySchedule highest = new RetrySchedule(config, bounded(Long.MAX_VALUE));
    RetryPolicy oneMinute = new RetryPolicy(185, Duration.ofSeconds(60));

    assertThat(highest.after(request(oneMinute), 10, THROTTLED, START.plusSeconds(30)))
        .isEqualTo(new RetrySchedule.Retry(START.plusSeconds(60)));
  }

  @Test
  void givesUpWhenAttemptsOrAgeRunOutOrTheErrorIsNotRetryable() {
    RetrySchedule schedule = new RetrySchedule(config, () -> 0L);
    RetryPolicy policy = new RetryPolicy(2, Duration.ofSeconds(60));

    assertThat(schedule.after(request(policy), 2, THROTTLED, START))
        .isInstanceOf(RetrySchedule.Retry.class);
    assertThat(schedule.after(request(policy), 3, THROTTLED, START))
        .isEqualTo(new RetrySchedule.GiveUp(Optional.of("MaximumRetryAttempts")));
    assertThat(schedule.after(request(policy), 1, THROTTLED, START.plusSeconds(60)))
        .isEqualTo(new RetrySchedule.GiveUp(Optional.of("MaximumEventAgeInSeconds")));
    assertThat(
            schedule.after(
                request(policy), 1, new Outcome.Failed("NO_RESOURCE", "gone", false), START))
        .isEqualTo(new RetrySchedule.GiveUp(Optional.empty()));
  }

  /** A generator whose bounded draws all return {@code value} clamped into the bound. */
  private static java.util.random.RandomGenerator bounded(long value) {
    return new java.util.random.RandomGenerator() {
      @Override
      public long nextLong() {
        return value;
      }

      @Override
      public long nextLong(long bound) {
        return Math.min(value, bound - 1);
      }
    };
  }

  private static DeliveryRequest request(RetryPolicy policy) {
    return new DeliveryRequest(
        new Delivery(
            "arn:aws:sqs:us-east-1:000000000000:q",
            "{}",
            JsonNodeFactory.instance.objectNode(),
            Map.of(),
            "e1",
            ""),
        policy,
        Optional.empty(),
        "arn:aws:events:us-east-1:000000000000:rule/r",
        "t1",
        START);
  }
}
