package dev.docket.events;

import java.util.regex.Pattern;

/**
 * Whole-value checks of names against the model's patterns. The model's validator looks for a match
 * anywhere in the value (Smithy's rule); EventBridge requires the whole name to match, and reports
 * it in its Coral validation format. Stateless and thread-safe.
 */
final class Names {

  private static final String NAME_PATTERN = "[\\.\\-_A-Za-z0-9]+";
  private static final String BUS_NAME_PATTERN = "[/\\.\\-_A-Za-z0-9]+";
  private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
  private static final Pattern BUS_NAME = Pattern.compile(BUS_NAME_PATTERN);

  private Names() {}

  /** A rule name or target id; {@code where} is AWS's member path, e.g. {@code name}. */
  static void check(String value, String where) {
    check(NAME, NAME_PATTERN, value, where);
  }

  /** A bus name. */
  static void checkBusName(String value) {
    check(BUS_NAME, BUS_NAME_PATTERN, value, "name");
  }

  private static void check(Pattern pattern, String source, String value, String where) {
    if (!pattern.matcher(value).matches()) {
      // AWS's format, as recorded for a target id
      throw Failures.validation(
          "1 validation error detected: Value '"
              + value
              + "' at '"
              + where
              + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
              + source);
    }
  }
}
