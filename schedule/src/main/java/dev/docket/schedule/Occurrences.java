package dev.docket.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Next-occurrence arithmetic behind {@link ScheduleExpressions#next}. Cron expressions are searched
 * field by field (year, month, day, hour, minute), skipping whole years, months and days that
 * cannot match, so the cost does not grow with the distance to the next occurrence minute by
 * minute.
 */
final class Occurrences {

  private Occurrences() {}

  static Instant nextRate(ScheduleExpression.Rate rate, Instant after, Instant start) {
    Duration period = rate.period();
    if (start == null) {
      return after.plus(period);
    }
    if (start.isAfter(after)) {
      return start;
    }
    // a period is whole minutes: dividing elapsed seconds finds the last occurrence at or before
    // `after`
    long k = Duration.between(start, after).getSeconds() / period.getSeconds() + 1;
    Instant candidate = start.plus(period.multipliedBy(k));
    if (!candidate.isAfter(after)) {
      candidate = candidate.plus(period);
    }
    return candidate;
  }

  static Optional<Instant> nextAt(ScheduleExpression.At at, Instant after, ZoneId zone) {
    Instant when = ZonedDateTime.ofLocal(at.dateTime(), zone, null).toInstant();
    return when.isAfter(after) ? Optional.of(when) : Optional.empty();
  }

  static Optional<Instant> nextCron(ScheduleExpression.Cron cron, Instant after, ZoneId zone) {
    // Local wall-clock candidates are produced in ascending order from the wall-clock minute of
    // `after`. Each resolves to at most one instant (gaps: none; overlaps: the earlier one), and
    // that
    // mapping never goes backwards, so the first candidate whose instant is after `after` is the
    // answer; only candidates in a repeated hour can resolve to instants at or before `after`.
    LocalDateTime from = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES);
    LocalDate fromDate = from.toLocalDate();
    for (int year : cron.years().values()) {
      if (year < from.getYear()) {
        continue;
      }
      for (int month : cron.months().values()) {
        if (year == from.getYear() && month < from.getMonthValue()) {
          continue;
        }
        LocalDate first = LocalDate.of(year, month, 1);
        for (int day = 1; day <= first.lengthOfMonth(); day++) {
          LocalDate date = first.withDayOfMonth(day);
          if (date.isBefore(fromDate)
              || !cron.dayOfMonth().matches(date)
              || !cron.dayOfWeek().matches(date)) {
            continue;
          }
          Optional<Instant> found =
              firstOnDate(cron, date, date.equals(fromDate) ? from : null, after, zone);
          if (found.isPresent()) {
            return found;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Instant> firstOnDate(
      ScheduleExpression.Cron cron,
      LocalDate date,
      LocalDateTime from,
      Instant after,
      ZoneId zone) {
    List<Integer> minutes = cron.minutes().values();
    for (int hour : cron.hours().values()) {
      if (from != null && hour < from.getHour()) {
        continue;
      }
      for (int minute : minutes) {
        if (from != null && hour == from.getHour() && minute < from.getMinute()) {
          continue;
        }
        LocalDateTime local = LocalDateTime.of(date, LocalTime.of(hour, minute));
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
          continue; // skipped by a spring-forward gap
        }
        Instant instant = local.toInstant(earliest(local, offsets));
        if (instant.isAfter(after)) {
          return Optional.of(instant);
        }
      }
    }
    return Optional.empty();
  }

  /** The offset giving the earlier instant: the larger offset. */
  private static ZoneOffset earliest(LocalDateTime local, List<ZoneOffset> offsets) {
    ZoneOffset best = offsets.get(0);
    for (ZoneOffset offset : offsets) {
      if (offset.compareTo(best) < 0) { // ZoneOffset sorts larger offsets first
        best = offset;
      }
    }
    return best;
  }
}
