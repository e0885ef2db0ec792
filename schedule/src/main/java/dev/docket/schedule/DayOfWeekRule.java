package dev.docket.schedule;

import java.time.LocalDate;

/**
 * What the day-of-week field of a cron expression asks for (days 1-7, 1 = Sunday, 7 = Saturday).
 */
public sealed interface DayOfWeekRule {

  /** Whether {@code date} satisfies the rule. */
  boolean matches(LocalDate date);

  /** The AWS day-of-week number of {@code date}: 1 = Sunday ... 7 = Saturday. */
  static int awsDayOfWeek(LocalDate date) {
    return date.getDayOfWeek().getValue() % 7 + 1;
  }

  /** {@code ?}: no constraint (the day-of-month field decides). */
  record Unspecified() implements DayOfWeekRule {
    @Override
    public boolean matches(LocalDate date) {
      return true;
    }
  }

  /**
   * Plain days of the week ({@code *}, lists, ranges, increments).
   *
   * @param days the days, 1-7 (1 = Sunday)
   */
  record Days(CronField days) implements DayOfWeekRule {
    @Override
    public boolean matches(LocalDate date) {
      return days.contains(awsDayOfWeek(date));
    }
  }

  /**
   * {@code nL}: the last such day of the week in the month ({@code 6L}: the last Friday).
   *
   * @param dayOfWeek 1-7 (1 = Sunday)
   */
  record Last(int dayOfWeek) implements DayOfWeekRule {
    @Override
    public boolean matches(LocalDate date) {
      return awsDayOfWeek(date) == dayOfWeek && date.getDayOfMonth() + 7 > date.lengthOfMonth();
    }
  }

  /**
   * {@code d#n}: the n-th such day of the week in the month ({@code 2#1}: the first Monday); a
   * month without an n-th such day has no match.
   *
   * @param dayOfWeek 1-7 (1 = Sunday)
   * @param nth 1-5
   */
  record Nth(int dayOfWeek, int nth) implements DayOfWeekRule {
    @Override
    public boolean matches(LocalDate date) {
      return awsDayOfWeek(date) == dayOfWeek && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
    }
  }
}
