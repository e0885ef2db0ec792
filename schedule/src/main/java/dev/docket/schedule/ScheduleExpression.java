package dev.docket.schedule;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A parsed schedule expression, as EventBridge scheduled rules ({@code rate}, {@code cron}) and
 * EventBridge Scheduler ({@code rate}, {@code cron}, {@code at}) accept it. Parse one with {@link
 * ScheduleExpressions#parse(String)}; find occurrences with {@link ScheduleExpressions#next}.
 */
public sealed interface ScheduleExpression {

  /** The expression in AWS syntax, e.g. {@code rate(5 minutes)}. */
  String expression();

  /**
   * {@code rate(value unit)}: every {@code value} minutes, hours or days. A day is 24 hours of
   * elapsed time, whatever daylight saving time does to the clock.
   *
   * @param value a positive number of units
   * @param unit {@link ChronoUnit#MINUTES}, {@link ChronoUnit#HOURS} or {@link ChronoUnit#DAYS}
   */
  record Rate(long value, ChronoUnit unit) implements ScheduleExpression {

    /** Checks the value and the unit. */
    public Rate {
      Objects.requireNonNull(unit, "unit");
      if (value < 1) {
        throw new IllegalArgumentException("rate value must be positive: " + value);
      }
      if (unit != ChronoUnit.MINUTES && unit != ChronoUnit.HOURS && unit != ChronoUnit.DAYS) {
        throw new IllegalArgumentException("rate unit must be minutes, hours or days: " + unit);
      }
    }

    /** The time between two occurrences. */
    public Duration period() {
      return unit.getDuration().multipliedBy(value);
    }

    @Override
    public String expression() {
      String name = unit.name().toLowerCase(java.util.Locale.ROOT);
      return "rate("
          + value
          + " "
          + (value == 1 ? name.substring(0, name.length() - 1) : name)
          + ")";
    }
  }

  /**
   * {@code cron(minutes hours day-of-month month day-of-week year)}: AWS's six-field cron. Exactly
   * one of the two day fields is {@code ?} ({@link DayOfMonthRule.Unspecified} or {@link
   * DayOfWeekRule.Unspecified}).
   *
   * @param expression the expression as given, e.g. {@code cron(0 18 ? * MON-FRI *)}
   * @param minutes 0-59
   * @param hours 0-23
   * @param dayOfMonth the day-of-month rule
   * @param months 1-12
   * @param dayOfWeek the day-of-week rule
   * @param years 1970-2199
   */
  record Cron(
      String expression,
      CronField minutes,
      CronField hours,
      DayOfMonthRule dayOfMonth,
      CronField months,
      DayOfWeekRule dayOfWeek,
      CronField years)
      implements ScheduleExpression {

    /** Checks that no component is missing. */
    public Cron {
      Objects.requireNonNull(expression, "expression");
      Objects.requireNonNull(minutes, "minutes");
      Objects.requireNonNull(hours, "hours");
      Objects.requireNonNull(dayOfMonth, "dayOfMonth");
      Objects.requireNonNull(months, "months");
      Objects.requireNonNull(dayOfWeek, "dayOfWeek");
      Objects.requireNonNull(years, "years");
    }

    /** Whether the expression runs on {@code date} (both day fields, month and year match). */
    public boolean runsOn(LocalDate date) {
      return years.contains(date.getYear())
          && months.contains(date.getMonthValue())
          && dayOfMonth.matches(date)
          && dayOfWeek.matches(date);
    }
  }

  /**
   * {@code at(yyyy-mm-ddThh:mm:ss)}: once, at a wall-clock time of the schedule's time zone
   * (EventBridge Scheduler one-time schedules).
   *
   * @param dateTime the local date and time
   */
  record At(LocalDateTime dateTime) implements ScheduleExpression {

    /** Checks that the time is present. */
    public At {
      Objects.requireNonNull(dateTime, "dateTime");
    }

    @Override
    public String expression() {
      return "at(" + dateTime.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")) + ")";
    }
  }
}
