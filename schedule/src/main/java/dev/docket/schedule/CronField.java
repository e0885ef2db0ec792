package dev.docket.schedule;

import java.util.List;
import java.util.TreeSet;

/**
 * The values one cron field allows, ascending and distinct (minutes 0-59, hours 0-23, days of the
 * month 1-31, months 1-12, days of the week 1-7 with 1 = Sunday, years 1970-2199).
 *
 * @param values the allowed values, ascending, without duplicates, never empty
 */
public record CronField(List<Integer> values) {

  /** Copies and sorts the values. */
  public CronField {
    values = List.copyOf(new TreeSet<>(values));
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a cron field allows at least one value");
    }
  }

  /** Whether the field allows {@code value}. */
  public boolean contains(int value) {
    return java.util.Collections.binarySearch(values, value) >= 0;
  }
}
