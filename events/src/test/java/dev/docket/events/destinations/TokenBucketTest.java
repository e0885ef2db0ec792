package dev.docket.events.destinations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.schedule.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));

  @Test
  void aFullBucketGrantsOneSecondsWorthAtOnce() {
    TokenBucket bucket = new TokenBucket(clock, 3);

    for (int i = 0; i < 3; i++) {
      assertThat(bucket.reserve(Duration.ZERO)).contains(Duration.ZERO);
    }

    assertThat(bucket.reserve(Duration.ZERO)).isEmpty();
  }

  @Test
  void aCallerOverTheRateWaitsForItsTurnInOrder() {
    TokenBucket bucket = new TokenBucket(clock, 2);
    bucket.reserve(Duration.ZERO);
    bucket.reserve(Duration.ZERO);

    Optional<Duration> first = bucket.reserve(Duration.ofSeconds(5));
    Optional<Duration> second = bucket.reserve(Duration.ofSeconds(5));

    assertThat(first).contains(Duration.ofMillis(500));
    assertThat(second).contains(Duration.ofSeconds(1));
  }

  @Test
  void aReservationLongerThanTheCallerAcceptsTakesNothing() {
    TokenBucket bucket = new TokenBucket(clock, 1);
    bucket.reserve(Duration.ZERO);

    assertThat(bucket.reserve(Duration.ofMillis(999))).isEmpty();

    assertThat(bucket.reserve(Duration.ofSeconds(1))).contains(Duration.ofSeconds(1));
  }

  @Test
  void tokensRefillWithTheClockUpToOneSecondsWorth() {
    TokenBucket bucket = new TokenBucket(clock, 10);
    for (int i = 0; i < 10; i++) {
      bucket.reserve(Duration.ZERO);
    }

    clock.advance(Duration.ofMillis(300));
    int granted = 0;
    while (bucket.reserve(Duration.ZERO).isPresent()) {
      granted++;
    }
    clock.advance(Duration.ofHours(1));
    int afterAnHour = 0;
    while (bucket.reserve(Duration.ZERO).isPresent()) {
      afterAnHour++;
    }

    assertThat(granted).isEqualTo(3);
    assertThat(afterAnHour).isEqualTo(10);
  }

  @Test
  void aRateBelowOneIsRefused() {
    assertThatThrownBy(() -> new TokenBucket(clock, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("InvocationRateLimitPerSecond must be at least 1, but was 0");
  }
}
