package dev.docket.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecurrenceTest {

  private static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");

  private static Schedule schedule(
      String expression, String zone, Optional<Instant> start, Optional<Instant> end) {
    return new Schedule(
        "s",
        "default",
        Arns.schedule("us-east-1", "000000000000", "default", "s"),
        "000000000000",
        "us-east-1",
        Optional.empty(),
        expression,
        zone,
        start,
        end,
        "OFF",
        Optional.empty(),
        "ENABLED",
        "NONE",
        Optional.empty(),
        JsonNodeFactory.instance.objectNode().put("Arn", "arn:aws:sqs:us-east-1:000000000000:q"),
        CREATED,
        CREATED,
        Optional.empty());
  }

  @Test
  void aRateCountsFromCreationWithoutAStartDate() {
    Schedule s = schedule("rate(5 minutes)", "UTC", Optional.empty(), Optional.empty());

    assertThat(Recurrence.next(s, CREATED)).contains(Instant.parse("2026-03-01T10:05:00Z"));
  }

  @Test
  void aStartDateIsTheFirstOccurrenceOfARateAndCountsItself() {
    Instant start = Instant.parse("2026-03-02T00:00:00Z");
    Schedule s = schedule("rate(1 hour)", "UTC", Optional.of(start), Optional.empty());

    assertThat(Recurrence.next(s, CREATED)).contains(start);
    assertThat(Recurrence.next(s, start)).contains(start.plusSeconds(3600));
  }

  @Test
  void aCronDoesNotFireBeforeItsStartDate() {
    Instant start = Instant.parse("2026-03-05T00:00:00Z");
    Schedule s = schedule("cron(0 12 * * ? *)", "UTC", Optional.of(start), Optional.empty());

    assertThat(Recurrence.next(s, CREATED)).contains(Instant.parse("2026-03-05T12:00:00Z"));
  }

  @Test
  void noOccurrenceAtOrAfterTheEndDate() {
    Schedule s =
        schedule(
            "rate(1 day)",
            "UTC",
            Optional.empty(),
            Optional.of(Instant.parse("2026-03-02T10:00:00Z")));

    assertThat(Recurrence.next(s, CREATED)).isEmpty();
  }

  @Test
  void aCronRunsInTheSchedulesTimeZone() {
    Schedule s = schedule("cron(0 9 * * ? *)", "Asia/Tokyo", Optional.empty(), Optional.empty());

    assertThat(Recurrence.next(s, CREATED)).contains(Instant.parse("2026-03-02T00:00:00Z"));
  }

  @Test
  void aOneTimeScheduleIgnoresItsDatesAndHasNoOccurrenceOnceItPassed() {
    Instant end = Instant.parse("2026-03-01T11:00:00Z");
    Schedule s =
        schedule("at(2026-03-01T12:00:00)", "Europe/Paris", Optional.empty(), Optional.of(end));

    assertThat(Recurrence.next(s, CREATED)).contains(Instant.parse("2026-03-01T11:00:00Z"));
    assertThat(Recurrence.next(s, Instant.parse("2026-03-01T11:00:00Z"))).isEmpty();
  }
}
