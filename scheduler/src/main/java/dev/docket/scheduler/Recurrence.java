package dev.docket.scheduler;

import dev.docket.schedule.ScheduleExpression;
import dev.docket.schedule.ScheduleExpressions;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A schedule's occurrences: its expression in its time zone, from its StartDate (or, for a rate,
 * its creation) and before its EndDate. A one-time ({@code at}) schedule ignores both dates, as AWS
 * documents. Stateless.
 */
final class Recurrence {

  private Recurrence() {}

  /** The first occurrence strictly after {@code after}, if the schedule has one. */
  static Optional<Instant> next(Schedule schedule, Instant after) {
    ScheduleExpression expression = ScheduleExpressions.parse(schedule.expression());
    ZoneId zone = ZoneId.of(schedule.timezone());
    if (expression instanceof ScheduleExpression.At) {
      return ScheduleExpressions.next(expression, after, zone, null);
    }
    Instant from = after;
    Optional<Instant> start = schedule.startDate();
    if (start.isPresent() && start.get().isAfter(after)) {
      // an occurrence exactly at StartDate counts
      from = start.get().minusNanos(1);
    }
    Optional<Instant> next =
        ScheduleExpressions.next(expression, from, zone, start.orElse(schedule.createdAt()));
    return next.filter(n -> schedule.endDate().map(n::isBefore).orElse(true));
  }

  /** Whether the schedule is one-time ({@code at}). */
  static boolean oneTime(Schedule schedule) {
    return schedule.expression().startsWith("at(");
  }
}
