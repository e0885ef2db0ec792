package dev.docket.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** What the day-of-month field of a cron expression asks for. */
public sealed interface DayOfMonthRule {

  /** Whether {@code date} satisfies the rule. */
  boolean matches(LocalDate date);

  /** {@code ?}: no constraint (the day-of-week field decides). */
  record Unspecified() implements DayOfMonthRule {
    @Override
    public boolean matches(LocalDate date) {
      return true;
    }
  }

  /**
   * Plain days of the month ({@code *}, lists, ranges, increments); a day the month does not have
   * never matches.
   *
   * @param days the days, 1-31
   */
  record Days(CronField days) implements DayOfMonthRule {
    @Override
    public boolean matches(LocalDate date) {
      return days.contains(date.getDayOfMonth());
    }
  }

  /** {@code L}: the last day of the month. */
  record LastDay() implements DayOfMonthRule {
    @Override
    public boolean matches(LocalDate date) {
      return date.getDayOfMonth() == date.lengthOfMonth();
    }
  }

  /**
   * {@code nW}: the weekday (Monday to Friday) nearest to day {@code day} of the month, never
   * leaving the month: a Saturday moves to the Friday before unless that is in the previous month
   * (then to the Monday after); a Sunday moves to the Monday after unless that is in the next month
   * (then to the Friday before). A day the month does not have (31 in April) never matches.
   *
   * @param day the day of the month, 1-31
   */
  record NearestWeekday(int day) implements DayOfMonthRule {
    @Override
    public boolean matches(LocalDate date) {
      if (day > date.lengthOfMonth()) {
        return false;
      }
      LocalDate target = date.withDayOfMonth(day);
      DayOfWeek dow = target.getDayOfWeek();
      if (dow == DayOfWeek.SATURDAY) {
        target = day > 1 ? target.minusDays(1) : target.plusDays(2);
      } else if (dow == DayOfWeek.SUNDAY) {
        target = day < date.lengthOfMonth() ? target.plusDays(1) : target.minusDays(2);
      }
      return target.equals(date);
    }
  }
}
