package dev.docket.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LatestDueTest {

  private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
  private static final ScheduleExpression EVERY_5 = ScheduleExpressions.parse("rate(5 minutes)");

  private static Function<Instant, Optional<Instant>> every5() {
    return after -> ScheduleExpressions.next(EVERY_5, after, ZoneOffset.UTC, START);
  }

  @Test
  void anOccurrenceDueNowIsItself() {
    Instant due = START.plus(Duration.ofMinutes(5));

    assertThat(ScheduleExpressions.latestDue(due, due, due.minusSeconds(86_400), every5()))
        .isEqualTo(due);
  }

  @Test
  void theLatestOfManyMissedOccurrencesIsChosen() {
    Instant first = START.plus(Duration.ofMinutes(5));
    Instant now = Instant.parse("2026-12-01T15:02:00Z");

    assertThat(ScheduleExpressions.latestDue(first, now, now.minusSeconds(86_400), every5()))
        .isEqualTo(Instant.parse("2026-12-01T15:00:00Z"));
  }

  @Test
  void aLongDowntimeIsNotWalkedOccurrenceByOccurrence() {
    AtomicInteger calls = new AtomicInteger();
    Instant first = START.plus(Duration.ofMinutes(5));
    Instant now = first.plus(Duration.ofDays(30));

    Instant latest =
        ScheduleExpressions.latestDue(
            first,
            now,
            now.minus(Duration.ofHours(1)),
            after -> {
              calls.incrementAndGet();
              return every5().apply(after);
            });

    assertThat(latest).isEqualTo(now);
    assertThat(calls.get()).as("one hour of occurrences, not thirty days").isLessThan(20);
  }

  @Test
  void nothingYoungEnoughLeavesTheDueOccurrence() {
    Instant first = START;
    Instant now = START.plus(Duration.ofDays(10));
    Function<Instant, Optional<Instant>> onceAWeek =
        after ->
            ScheduleExpressions.next(
                ScheduleExpressions.parse("rate(7 days)"), after, ZoneOffset.UTC, START);

    assertThat(ScheduleExpressions.latestDue(first, now, now.minusSeconds(86_400), onceAWeek))
        .isEqualTo(first);
  }

  @Test
  void aNextThatDoesNotMoveForwardStopsTheWalk() {
    Instant stuck = START.plusSeconds(60);

    assertThat(
            ScheduleExpressions.latestDue(
                START, START.plusSeconds(3_600), START, after -> Optional.of(stuck)))
        .isEqualTo(stuck);
  }
}
