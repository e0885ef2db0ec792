package dev.docket.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NextOccurrenceTest {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static Instant utc(String localDateTime) {
    return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC);
  }

  /** The first {@code count} occurrences after {@code after}, in UTC. */
  private static List<Instant> sequence(String expression, String after, ZoneId zone, int count) {
    ScheduleExpression parsed = ScheduleExpressions.parse(expression);
    List<Instant> out = new ArrayList<>();
    Instant cursor = utc(after);
    for (int i = 0; i < count; i++) {
      Optional<Instant> next = ScheduleExpressions.next(parsed, cursor, zone, null);
      if (next.isEmpty()) {
        break;
      }
      out.add(next.get());
      cursor = next.get();
    }
    return out;
  }

  private static List<Instant> utcs(String... localDateTimes) {
    return java.util.Arrays.stream(localDateTimes).map(NextOccurrenceTest::utc).toList();
  }

  @Test
  void dailyAtTenIsStrictlyAfter() {
    assertThat(sequence("cron(0 10 * * ? *)", "2026-12-01T10:00:00", UTC, 3))
        .isEqualTo(utcs("2026-12-02T10:00", "2026-12-03T10:00", "2026-12-04T10:00"));
    assertThat(sequence("cron(0 10 * * ? *)", "2026-12-01T09:59:59.999", UTC, 1))
        .isEqualTo(utcs("2026-12-01T10:00"));
    assertThat(sequence("cron(15 12 * * ? *)", "2026-12-31T13:00:00", UTC, 1))
        .isEqualTo(utcs("2027-01-01T12:15"));
  }

  @Test
  void weekdaysAtSixPm() {
    // 2026-12-04 is a Friday
    assertThat(sequence("cron(0 18 ? * MON-FRI *)", "2026-12-04T18:00:00", UTC, 2))
        .isEqualTo(utcs("2026-12-07T18:00", "2026-12-08T18:00"));
  }

  @Test
  void firstOfTheMonthAtEight() {
    assertThat(sequence("cron(0 8 1 * ? *)", "2026-11-15T00:00:00", UTC, 3))
        .isEqualTo(utcs("2026-12-01T08:00", "2027-01-01T08:00", "2027-02-01T08:00"));
  }

  @Test
  void everyFifteenMinutesRollsOverHourAndDay() {
    assertThat(sequence("cron(0/15 * * * ? *)", "2026-12-31T23:31:00", UTC, 3))
        .isEqualTo(utcs("2026-12-31T23:45", "2027-01-01T00:00", "2027-01-01T00:15"));
  }

  @Test
  void everyTenMinutesOnWeekdaysSkipsTheWeekend() {
    // Friday 2026-12-04 23:50 is the last before the weekend
    assertThat(sequence("cron(0/10 * ? * MON-FRI *)", "2026-12-04T23:45:00", UTC, 2))
        .isEqualTo(utcs("2026-12-04T23:50", "2026-12-07T00:00"));
  }

  @Test
  void everyFiveMinutesDuringOfficeHours() {
    assertThat(sequence("cron(0/5 8-17 ? * MON-FRI *)", "2026-12-04T17:50:00", UTC, 3))
        .isEqualTo(utcs("2026-12-04T17:55", "2026-12-07T08:00", "2026-12-07T08:05"));
  }

  @Test
  void firstMondayOfTheMonth() {
    assertThat(sequence("cron(0 9 ? * 2#1 *)", "2026-01-01T00:00:00", UTC, 3))
        .isEqualTo(utcs("2026-01-05T09:00", "2026-02-02T09:00", "2026-03-02T09:00"));
  }

  @Test
  void fifthFridaySkipsMonthsWithoutOne() {
    assertThat(sequence("cron(0 0 ? * 6#5 *)", "2026-01-01T00:00:00", UTC, 4))
        .isEqualTo(
            utcs("2026-01-30T00:00", "2026-05-29T00:00", "2026-07-31T00:00", "2026-10-30T00:00"));
  }

  @Test
  void lastDayOfTheMonthAcrossLeapAndCommonYears() {
    assertThat(sequence("cron(0 0 L * ? *)", "2024-01-31T00:00:00", UTC, 3))
        .isEqualTo(utcs("2024-02-29T00:00", "2024-03-31T00:00", "2024-04-30T00:00"));
    assertThat(sequence("cron(0 0 L 2 ? *)", "2024-03-01T00:00:00", UTC, 4))
        .isEqualTo(
            utcs("2025-02-28T00:00", "2026-02-28T00:00", "2027-02-28T00:00", "2028-02-29T00:00"));
  }

  @Test
  void februaryTwentyNinthSkipsTheCenturyYearThatIsNotLeap() {
    assertThat(sequence("cron(0 0 29 2 ? *)", "2096-03-01T00:00:00", UTC, 2))
        .isEqualTo(utcs("2104-02-29T00:00", "2108-02-29T00:00"));
  }

  @Test
  void fifthMondayOfFebruaryIsDecadesApart() {
    // only a leap-year February starting on a Monday has five Mondays
    assertThat(sequence("cron(0 0 ? FEB MON#5 *)", "2016-03-01T00:00:00", UTC, 3))
        .isEqualTo(utcs("2044-02-29T00:00", "2072-02-29T00:00", "2112-02-29T00:00"));
  }

  @Test
  void lastFridayOfTheMonth() {
    assertThat(sequence("cron(0 0 ? * 6L *)", "2026-01-01T00:00:00", UTC, 3))
        .isEqualTo(utcs("2026-01-30T00:00", "2026-02-27T00:00", "2026-03-27T00:00"));
  }

  @Test
  void nearestWeekdayToTheFifteenth() {
    // Jan 15 2026 is a Thursday; Feb 15 and Mar 15 are Sundays; Apr 15 a Wednesday
    assertThat(sequence("cron(0 0 15W * ? *)", "2026-01-01T00:00:00", UTC, 4))
        .isEqualTo(
            utcs("2026-01-15T00:00", "2026-02-16T00:00", "2026-03-16T00:00", "2026-04-15T00:00"));
    // Aug 15 2026 is a Saturday: the Friday before
    assertThat(sequence("cron(0 0 15W 8 ? *)", "2026-01-01T00:00:00", UTC, 1))
        .isEqualTo(utcs("2026-08-14T00:00"));
  }

  @Test
  void nearestWeekdayNeverLeavesTheMonth() {
    // Aug 1 2026 is a Saturday: Monday the 3rd, not Friday July 31
    assertThat(sequence("cron(0 0 1W 8 ? *)", "2026-07-01T00:00:00", UTC, 1))
        .isEqualTo(utcs("2026-08-03T00:00"));
    // May 31 2026 is a Sunday: Friday the 29th, not Monday June 1
    assertThat(sequence("cron(0 0 31W 5 ? *)", "2026-05-01T00:00:00", UTC, 1))
        .isEqualTo(utcs("2026-05-29T00:00"));
    // 31W never matches a 30-day month
    assertThat(sequence("cron(0 0 31W 4,5 ? *)", "2026-04-01T00:00:00", UTC, 1))
        .isEqualTo(utcs("2026-05-29T00:00"));
  }

  @Test
  void monthAndDayNamesAndYearLists() {
    assertThat(sequence("cron(30 6 ? JUN,DEC SUN 2027,2029)", "2026-01-01T00:00:00", UTC, 2))
        .isEqualTo(utcs("2027-06-06T06:30", "2027-06-13T06:30"));
  }

  @Test
  void aDayThatNeverExistsHasNoOccurrence() {
    assertThat(sequence("cron(0 0 30 2 ? *)", "2026-01-01T00:00:00", UTC, 1)).isEmpty();
    assertThat(sequence("cron(0 0 31 4,6,9,11 ? *)", "2026-01-01T00:00:00", UTC, 1)).isEmpty();
  }

  @Test
  void nothingAfterTheLastYear() {
    assertThat(sequence("cron(0 0 1 1 ? 2199)", "2199-01-01T00:00:00", UTC, 1)).isEmpty();
    assertThat(sequence("cron(0 0 * * ? *)", "2199-12-30T12:00:00", UTC, 2))
        .isEqualTo(utcs("2199-12-31T00:00"));
    assertThat(sequence("cron(0 0 1 1 ? 2020)", "2026-01-01T00:00:00", UTC, 1)).isEmpty();
  }

  @Test
  void beforeTheFirstYearStartsAtIt() {
    assertThat(sequence("cron(0 0 1 1 ? 1970)", "1960-06-01T00:00:00", UTC, 1))
        .isEqualTo(utcs("1970-01-01T00:00"));
  }

  @Test
  void cronIsEvaluatedOnTheZonesWallClock() {
    // 09:00 in Berlin in winter (UTC+1) and summer (UTC+2)
    assertThat(sequence("cron(0 9 1 1,7 ? *)", "2026-01-01T00:00:00", BERLIN, 2))
        .isEqualTo(utcs("2026-01-01T08:00", "2026-07-01T07:00"));
  }

  @Test
  void berlinSpringForwardSkipsTheMissingTime() {
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that day
    assertThat(sequence("cron(30 2 * * ? *)", "2026-03-28T00:00:00", BERLIN, 3))
        .isEqualTo(utcs("2026-03-28T01:30", "2026-03-30T00:30", "2026-03-31T00:30"));
  }

  @Test
  void berlinFallBackRunsTheRepeatedTimeOnce() {
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens at 00:30Z and 01:30Z
    assertThat(sequence("cron(30 2 * * ? *)", "2026-10-24T12:00:00", BERLIN, 2))
        .isEqualTo(utcs("2026-10-25T00:30", "2026-10-26T01:30"));
    // asked from inside the repeated hour's second pass: the next day's
    assertThat(sequence("cron(30 2 * * ? *)", "2026-10-25T01:00:00", BERLIN, 1))
        .isEqualTo(utcs("2026-10-26T01:30"));
  }

  @Test
  void newYorkSpringForwardSkipsTheGap() {
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00Z)
    assertThat(sequence("cron(0/30 * * * ? *)", "2026-03-08T06:15:00", NEW_YORK, 3))
        .isEqualTo(utcs("2026-03-08T06:30", "2026-03-08T07:00", "2026-03-08T07:30"));
    assertThat(ZonedDateTime.ofInstant(utc("2026-03-08T07:00"), NEW_YORK).toLocalTime().toString())
        .isEqualTo("03:00");
  }

  @Test
  void newYorkFallBackRunsEachRepeatedMinuteOnce() {
    // 2026-11-01: 02:00 EDT falls back to 01:00 EST (06:00Z); 01:00-01:59 happens twice
    assertThat(sequence("cron(0/30 1-2 * * ? *)", "2026-11-01T04:00:00", NEW_YORK, 4))
        .isEqualTo(
            utcs(
                "2026-11-01T05:00", // 01:00 EDT
                "2026-11-01T05:30", // 01:30 EDT
                "2026-11-01T07:00", // 02:00 EST; 01:00 and 01:30 EST do not run again
                "2026-11-01T07:30"));
    // from inside the second pass of 01:xx, 01:45 EST is not a new occurrence
    assertThat(sequence("cron(45 1 * * ? *)", "2026-11-01T06:10:00", NEW_YORK, 1))
        .isEqualTo(utcs("2026-11-02T06:45"));
  }

  @Test
  void everyMinuteAcrossTheFallBackNeverGoesBackwards() {
    List<Instant> run = sequence("cron(* * * * ? *)", "2026-11-01T05:58:00", NEW_YORK, 4);
    // 01:59 EDT (05:59Z), then 01:00-01:59 EST are repeats, so 02:00 EST (07:00Z)
    assertThat(run)
        .isEqualTo(
            utcs("2026-11-01T05:59", "2026-11-01T07:00", "2026-11-01T07:01", "2026-11-01T07:02"));
  }

  @Test
  void rateCountsFromTheStart() {
    ScheduleExpression rate = ScheduleExpressions.parse("rate(5 minutes)");
    Instant start = utc("2026-12-01T10:02:30");
    assertThat(ScheduleExpressions.next(rate, utc("2026-12-01T09:00:00"), UTC, start))
        .contains(start);
    assertThat(ScheduleExpressions.next(rate, start, UTC, start))
        .contains(utc("2026-12-01T10:07:30"));
    assertThat(ScheduleExpressions.next(rate, utc("2026-12-01T11:00:00"), UTC, start))
        .contains(utc("2026-12-01T11:02:30"));
    assertThat(ScheduleExpressions.next(rate, utc("2026-12-01T11:02:29.999"), UTC, start))
        .contains(utc("2026-12-01T11:02:30"));
  }

  @Test
  void rateWithoutStartFollowsAfter() {
    ScheduleExpression rate = ScheduleExpressions.parse("rate(2 hours)");
    assertThat(ScheduleExpressions.next(rate, utc("2026-12-01T10:00:00"), UTC, null))
        .contains(utc("2026-12-01T12:00:00"));
  }

  @Test
  void rateOfDaysIsTwentyFourHoursAcrossDaylightSaving() {
    ScheduleExpression rate = ScheduleExpressions.parse("rate(1 day)");
    Instant start = utc("2026-03-28T08:00:00"); // 09:00 CET
    Instant next = ScheduleExpressions.next(rate, start, BERLIN, start).orElseThrow();
    assertThat(next).isEqualTo(utc("2026-03-29T08:00:00")); // 10:00 CEST
    assertThat(ScheduleExpressions.next(rate, utc("2036-03-28T08:00:00"), BERLIN, start))
        .contains(utc("2036-03-29T08:00:00"));
  }

  @Test
  void atRunsOnceInItsZone() {
    ScheduleExpression at = ScheduleExpressions.parse("at(2026-12-24T18:00:00)");
    assertThat(ScheduleExpressions.next(at, utc("2026-12-01T00:00:00"), BERLIN, null))
        .contains(utc("2026-12-24T17:00:00"));
    assertThat(ScheduleExpressions.next(at, utc("2026-12-24T17:00:00"), BERLIN, null)).isEmpty();
  }

  @Test
  void atInsideTheSpringForwardGapRunsAfterTheGap() {
    ScheduleExpression at = ScheduleExpressions.parse("at(2026-03-29T02:30:00)");
    assertThat(ScheduleExpressions.next(at, utc("2026-03-01T00:00:00"), BERLIN, null))
        .contains(utc("2026-03-29T01:30:00")); // 03:30 CEST
  }

  /**
   * A brute-force oracle: walks minute by minute in UTC over two months and checks each minute
   * against the expression's fields, then compares with the field-by-field search.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "cron(0 10 * * ? *)",
        "cron(0/15 * * * ? *)",
        "cron(7,37 */5 ? * MON-FRI *)",
        "cron(0 0 L * ? *)",
        "cron(0 12 ? * 6L *)",
        "cron(30 23 15W * ? *)",
        "cron(0 9 ? * 2#1 *)",
        "cron(45 3 1-10/3 FEB,MAR ? 2028)"
      })
  void agreesWithABruteForceWalkInUtc(String expression) {
    ScheduleExpression.Cron cron = (ScheduleExpression.Cron) ScheduleExpressions.parse(expression);
    Instant cursor = utc("2028-01-25T00:00:00");
    Instant end = utc("2028-03-31T00:00:00");
    List<Instant> expected = new ArrayList<>();
    for (Instant t = cursor.plusSeconds(60); t.isBefore(end); t = t.plusSeconds(60)) {
      LocalDateTime l = LocalDateTime.ofInstant(t, UTC);
      if (cron.runsOn(l.toLocalDate())
          && cron.hours().contains(l.getHour())
          && cron.minutes().contains(l.getMinute())) {
        expected.add(t);
      }
    }
    List<Instant> actual = new ArrayList<>();
    while (true) {
      Optional<Instant> next = ScheduleExpressions.next(cron, cursor, UTC, null);
      if (next.isEmpty() || !next.get().isBefore(end)) {
        break;
      }
      actual.add(next.get());
      cursor = next.get();
    }
    assertThat(expected).isNotEmpty();
    assertThat(actual).isEqualTo(expected);
  }
}
