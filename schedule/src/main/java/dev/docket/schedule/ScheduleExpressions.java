package dev.docket.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses schedule expressions and computes their occurrences.
 *
 * <p>Syntax follows <a
 * href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html">Using
 * cron and rate expressions to schedule rules in Amazon EventBridge</a>, <a
 * href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html">Rate
 * expressions reference</a> (the unit is singular when the value is 1 and plural otherwise: {@code
 * rate(1 hours)} and {@code rate(5 hour)} are not valid) and <a
 * href="https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html">Schedule types
 * in EventBridge Scheduler</a> ({@code at(yyyy-mm-ddThh:mm:ss)}).
 */
public final class ScheduleExpressions {

  private static final Pattern SHAPE = Pattern.compile("(rate|cron|at)\\((.*)\\)", Pattern.DOTALL);
  private static final Pattern RATE = Pattern.compile("([0-9]+) +([a-z]+)");
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  private ScheduleExpressions() {}

  /**
   * Parses {@code rate(...)}, {@code cron(...)} or {@code at(...)}.
   *
   * @throws InvalidScheduleExpressionException with a short message naming the problem
   */
  public static ScheduleExpression parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidScheduleExpressionException("schedule expression is empty");
    }
    Matcher shape = SHAPE.matcher(text);
    if (!shape.matches()) {
      throw new InvalidScheduleExpressionException(
          "schedule expression must be rate(...), cron(...) or at(...)");
    }
    String body = shape.group(2);
    return switch (shape.group(1)) {
      case "rate" -> rate(body);
      case "cron" -> CronParser.parse(text, body);
      default -> at(body);
    };
  }

  private static ScheduleExpression.Rate rate(String body) {
    Matcher m = RATE.matcher(body);
    if (!m.matches()) {
      throw new InvalidScheduleExpressionException("rate expression must be rate(value unit)");
    }
    long value;
    try {
      value = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new InvalidScheduleExpressionException("rate value is too large");
    }
    if (value < 1) {
      throw new InvalidScheduleExpressionException("rate value must be a positive number");
    }
    String unit = m.group(2);
    boolean plural = unit.endsWith("s");
    ChronoUnit chronoUnit =
        switch (plural ? unit.substring(0, unit.length() - 1) : unit) {
          case "minute" -> ChronoUnit.MINUTES;
          case "hour" -> ChronoUnit.HOURS;
          case "day" -> ChronoUnit.DAYS;
          default ->
              throw new InvalidScheduleExpressionException(
                  "rate unit must be minute(s), hour(s) or day(s): " + unit);
        };
    if (plural == (value == 1)) {
      throw new InvalidScheduleExpressionException(
          value == 1
              ? "rate unit must be singular when the value is 1"
              : "rate unit must be plural when the value is not 1");
    }
    try {
      chronoUnit.getDuration().multipliedBy(value).toMinutes();
    } catch (ArithmeticException e) {
      throw new InvalidScheduleExpressionException("rate value is too large");
    }
    return new ScheduleExpression.Rate(value, chronoUnit);
  }

  private static ScheduleExpression.At at(String body) {
    try {
      return new ScheduleExpression.At(LocalDateTime.parse(body, AT));
    } catch (DateTimeParseException e) {
      throw new InvalidScheduleExpressionException(
          "at expression must be at(yyyy-mm-ddThh:mm:ss) with a valid date and time");
    }
  }

  /**
   * The first occurrence of {@code expression} strictly after {@code after}, or empty when there is
   * none (a cron expression past its last year, 2199 at most; an {@code at} time already passed).
   *
   * <ul>
   *   <li>{@code rate}: occurrences are {@code start + k * period} (k = 0, 1, ...) in elapsed time,
   *       so a rate of days keeps 24 hours apart across daylight saving changes, as <a
   *       href="https://repost.aws/knowledge-center/eventbridge-scheduler-adjust-dst">How can I
   *       adjust my Amazon EventBridge schedule for daylight saving?</a> says. Without a start,
   *       {@code after} is taken as the previous occurrence and the answer is {@code after +
   *       period}. {@code zone} plays no part.
   *   <li>{@code cron}: evaluated on the wall clock of {@code zone} (UTC for EventBridge rules; the
   *       schedule's {@code ScheduleExpressionTimezone} for EventBridge Scheduler). As the <a
   *       href="https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#daylist-savings-time">Daylight
   *       savings time</a> section of "Schedule types in EventBridge Scheduler" and the knowledge
   *       center article above say: when the clock springs forward, a time that does not exist that
   *       day is skipped; when it falls back, a repeated time runs only once (at its first, earlier
   *       instant). {@code start} plays no part (callers apply StartDate by passing a later {@code
   *       after}).
   *   <li>{@code at}: the wall-clock time in {@code zone}, if it is after {@code after}. AWS does
   *       not document a one-time schedule inside a spring-forward gap; it runs at the same offset
   *       as before the gap (shifted later by the gap's length) rather than never. A repeated time
   *       runs at its earlier instant.
   * </ul>
   *
   * @param expression the parsed expression
   * @param after the instant the occurrence must be strictly after
   * @param zone the time zone cron and at expressions are evaluated in
   * @param start for rate expressions, the first occurrence (StartDate, or the rule's creation);
   *     nullable
   */
  public static Optional<Instant> next(
      ScheduleExpression expression, Instant after, ZoneId zone, Instant start) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(zone, "zone");
    return switch (expression) {
      case ScheduleExpression.Rate rate -> Optional.of(Occurrences.nextRate(rate, after, start));
      case ScheduleExpression.Cron cron -> Occurrences.nextCron(cron, after, zone);
      case ScheduleExpression.At at -> Occurrences.nextAt(at, after, zone);
    };
  }

  /**
   * The latest occurrence at or before {@code now}, walking from the due occurrence {@code first}
   * with {@code next} (the occurrence strictly after an instant): what fires once for the
   * occurrences missed while a server was stopped. Occurrences before {@code floor} are not walked
   * one by one, since callers skip those anyway: a walk from far back starts at the first
   * occurrence after {@code floor}. Returns {@code first} when nothing later is due, and stops at a
   * {@code next} that does not move forward.
   *
   * @param first an occurrence that came due (at or before {@code now})
   * @param now the clock's reading
   * @param floor the oldest instant a caller would still fire an occurrence at
   * @param next the occurrence strictly after an instant, if there is one
   */
  public static Instant latestDue(
      Instant first, Instant now, Instant floor, Function<Instant, Optional<Instant>> next) {
    Instant occurrence = first;
    if (occurrence.isBefore(floor)) {
      Optional<Instant> recent = next.apply(floor.minusNanos(1));
      if (recent.isEmpty() || recent.get().isAfter(now)) {
        return occurrence;
      }
      occurrence = recent.get();
    }
    while (true) {
      Optional<Instant> following = next.apply(occurrence);
      if (following.isEmpty()
          || following.get().isAfter(now)
          || !following.get().isAfter(occurrence)) {
        return occurrence;
      }
      occurrence = following.get();
    }
  }
}
