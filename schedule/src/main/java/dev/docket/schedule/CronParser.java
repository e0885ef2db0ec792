package dev.docket.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the six fields of an AWS cron expression, following "Cron expressions" in <a
 * href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html">Using
 * cron and rate expressions to schedule rules in Amazon EventBridge</a>.
 */
final class CronParser {

  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  /** One field's name, bounds and value names (index 0 names the minimum). */
  private record Spec(String name, int min, int max, List<String> names) {}

  private static final Spec MINUTES = new Spec("minutes", 0, 59, List.of());
  private static final Spec HOURS = new Spec("hours", 0, 23, List.of());
  private static final Spec DAY_OF_MONTH = new Spec("day-of-month", 1, 31, List.of());
  private static final Spec MONTH = new Spec("month", 1, 12, MONTHS);
  private static final Spec DAY_OF_WEEK = new Spec("day-of-week", 1, 7, DAYS);
  private static final Spec YEAR = new Spec("year", 1970, 2199, List.of());

  private CronParser() {}

  /** Parses {@code body}, the text between {@code cron(} and {@code )}. */
  static ScheduleExpression.Cron parse(String expression, String body) {
    String trimmed = body.strip();
    String[] fields = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    if (fields.length != 6) {
      throw invalid("cron expression needs 6 fields, found " + fields.length);
    }
    boolean domUnspecified = fields[2].equals("?");
    boolean dowUnspecified = fields[4].equals("?");
    if (domUnspecified == dowUnspecified) {
      throw invalid("exactly one of day-of-month and day-of-week must be ?");
    }
    return new ScheduleExpression.Cron(
        expression,
        field(fields[0], MINUTES),
        field(fields[1], HOURS),
        domUnspecified ? new DayOfMonthRule.Unspecified() : dayOfMonth(fields[2]),
        field(fields[3], MONTH),
        dowUnspecified ? new DayOfWeekRule.Unspecified() : dayOfWeek(fields[4]),
        field(fields[5], YEAR));
  }

  private static DayOfMonthRule dayOfMonth(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    if (upper.equals("L")) {
      return new DayOfMonthRule.LastDay();
    }
    if (upper.endsWith("W")) {
      String day = upper.substring(0, upper.length() - 1);
      return new DayOfMonthRule.NearestWeekday(value(day, DAY_OF_MONTH));
    }
    return new DayOfMonthRule.Days(field(text, DAY_OF_MONTH));
  }

  private static DayOfWeekRule dayOfWeek(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    if (upper.equals("L")) {
      return new DayOfWeekRule.Last(DAY_OF_WEEK.max());
    }
    if (upper.endsWith("L")) {
      return new DayOfWeekRule.Last(value(upper.substring(0, upper.length() - 1), DAY_OF_WEEK));
    }
    int hash = upper.indexOf('#');
    if (hash >= 0) {
      int day = value(upper.substring(0, hash), DAY_OF_WEEK);
      String nth = upper.substring(hash + 1);
      if (!nth.matches("[1-5]")) {
        throw invalid("day-of-week # needs an occurrence from 1 to 5: " + text);
      }
      return new DayOfWeekRule.Nth(day, Integer.parseInt(nth));
    }
    return new DayOfWeekRule.Days(field(text, DAY_OF_WEEK));
  }

  private static CronField field(String text, Spec spec) {
    if (text.isEmpty()) {
      throw invalid(spec.name() + " is empty");
    }
    List<Integer> values = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      addItem(item.toUpperCase(Locale.ROOT), spec, values);
    }
    return new CronField(values);
  }

  private static void addItem(String item, Spec spec, List<Integer> values) {
    if (item.isEmpty()) {
      throw invalid(spec.name() + " has an empty list item");
    }
    String range = item;
    int step = 1;
    boolean stepped = false;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      String increment = item.substring(slash + 1);
      if (!increment.matches("[0-9]{1,4}")) {
        throw invalid(spec.name() + " increment is not a number: " + item);
      }
      step = Integer.parseInt(increment);
      if (step < 1 || step > spec.max() - spec.min()) {
        throw invalid(spec.name() + " increment is out of range: " + item);
      }
      stepped = true;
    }
    int from;
    int to;
    if (range.equals("*")) {
      from = spec.min();
      to = spec.max();
    } else {
      int dash = range.indexOf('-');
      if (dash >= 0) {
        from = value(range.substring(0, dash), spec);
        to = value(range.substring(dash + 1), spec);
        if (from > to) {
          throw invalid(spec.name() + " range starts after it ends: " + item);
        }
      } else {
        from = value(range, spec);
        to = stepped ? spec.max() : from;
      }
    }
    for (int v = from; v <= to; v += step) {
      values.add(v);
    }
  }

  private static int value(String text, Spec spec) {
    int named = spec.names().indexOf(text.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return spec.min() + named;
    }
    if (!text.matches("[0-9]{1,4}")) {
      throw invalid(spec.name() + " value is not valid: " + (text.isEmpty() ? "(empty)" : text));
    }
    int value = Integer.parseInt(text);
    if (value < spec.min() || value > spec.max()) {
      throw invalid(
          spec.name() + " value " + value + " is outside " + spec.min() + "-" + spec.max());
    }
    return value;
  }

  private static InvalidScheduleExpressionException invalid(String message) {
    return new InvalidScheduleExpressionException(message);
  }
}
