package dev.docket.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * The range of names a resource listing scans: names starting with a prefix and after a page token
 * become {@code name >= start} (or {@code > start}) and {@code name < end}, so the index on names
 * is scanned only over matching rows. Names compare by code point, as SQLite's BINARY collation and
 * PostgreSQL's {@code COLLATE "C"} compare UTF-8 bytes. Immutable.
 *
 * @param start the lower bound
 * @param inclusive whether a name equal to {@code start} is in the range
 * @param end the exclusive upper bound; empty when there is none
 */
public record NameRange(String start, boolean inclusive, Optional<String> end) {

  private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

  /** Checks the bounds are present. */
  public NameRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /**
   * The SQL condition on the names in {@code column}, with a parameter for each bound: {@code
   * column >= ?} (or {@code > ?}) and, when there is an end, {@code AND column < ?}. Bind them with
   * {@link #bind}.
   */
  public String condition(String column) {
    return column
        + (inclusive ? " >= ?" : " > ?")
        + (end.isPresent() ? " AND " + column + " < ?" : "");
  }

  /** Binds the parameters of {@link #condition} from {@code index}; the next free index. */
  public int bind(PreparedStatement statement, int index) throws SQLException {
    statement.setString(index++, start);
    if (end.isPresent()) {
      statement.setString(index++, end.get());
    }
    return index;
  }

  /**
   * Names starting with {@code prefix} (empty: any) strictly after {@code afterName} (empty: any).
   */
  public static NameRange of(String prefix, String afterName) {
    Optional<String> end = prefix.isEmpty() ? Optional.empty() : successor(prefix);
    if (afterName.isEmpty() || compare(afterName, prefix) < 0) {
      return new NameRange(prefix, true, end);
    }
    return new NameRange(afterName, false, end);
  }

  /**
   * The smallest string greater than every string starting with {@code prefix}: the prefix with its
   * last code point incremented, after dropping trailing maximal code points; empty if every code
   * point is maximal (no upper bound).
   */
  public static Optional<String> successor(String prefix) {
    int[] codePoints = prefix.codePoints().toArray();
    for (int i = codePoints.length - 1; i >= 0; i--) {
      if (codePoints[i] < MAX_CODE_POINT) {
        int next = codePoints[i] + 1;
        codePoints[i] = next == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : next;
        return Optional.of(new String(codePoints, 0, i + 1));
      }
    }
    return Optional.empty();
  }

  /** Compares by code point (UTF-16 {@link String#compareTo} differs above U+D7FF). */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
