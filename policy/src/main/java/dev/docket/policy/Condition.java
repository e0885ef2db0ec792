package dev.docket.policy;

import java.util.List;

/**
 * One compiled condition: an operator applied to one key with its policy values. The values are
 * already parsed into a {@link ValueTest} (numbers, dates, CIDR blocks, globs), so evaluation only
 * reads the request's values. Semantics (IAM's "Condition operators" and "Single-valued vs.
 * multivalued context keys"):
 *
 * <ul>
 *   <li>no set qualifier: a missing key makes a positive operator false and a negated one true;
 *       {@code ...IfExists} makes it true; a key with several values matches a positive operator
 *       when any value matches, a negated one when none matches the positive twin;
 *   <li>{@code ForAnyValue:}: true when at least one request value satisfies the operator; false
 *       when the key is missing or empty, with or without {@code IfExists} (as IAM behaves, see <a
 *       href="https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w">re:Post</a>);
 *   <li>{@code ForAllValues:}: true when every request value satisfies the operator, and when the
 *       key is missing or empty;
 *   <li>{@code Null}: {@code true} holds when the key is missing (or has no values), {@code false}
 *       when it is present.
 * </ul>
 *
 * A key present with an empty list of values is treated as missing. Immutable and thread-safe.
 */
record Condition(
    String key, Qualifier qualifier, boolean ifExists, boolean negated, ValueTest test) {

  /** The set operator prefix of a condition, if any. */
  enum Qualifier {
    NONE,
    FOR_ANY_VALUE,
    FOR_ALL_VALUES
  }

  /** The positive test of one request value against all policy values (OR). */
  @FunctionalInterface
  interface ValueTest {
    boolean matches(String requestValue);
  }

  /** A {@code Null} condition: whether the key must be absent. */
  static Condition nullCheck(String key, boolean absent) {
    return new Condition(key, Qualifier.NONE, false, !absent, null);
  }

  boolean holds(ConditionContext context) {
    List<String> values = context.lookup(key);
    boolean missing = values == null || values.isEmpty();
    if (test == null) {
      // Null: negated holds "key is present".
      return missing != negated;
    }
    return switch (qualifier) {
      case NONE -> {
        if (missing) {
          yield ifExists || negated;
        }
        yield negated ? noneMatches(values) : anyMatches(values);
      }
      case FOR_ANY_VALUE -> {
        if (missing) {
          yield false;
        }
        for (String value : values) {
          if (test.matches(value) != negated) {
            yield true;
          }
        }
        yield false;
      }
      case FOR_ALL_VALUES -> {
        if (missing) {
          yield true;
        }
        for (String value : values) {
          if (test.matches(value) == negated) {
            yield false;
          }
        }
        yield true;
      }
    };
  }

  private boolean anyMatches(List<String> values) {
    for (String value : values) {
      if (test.matches(value)) {
        return true;
      }
    }
    return false;
  }

  private boolean noneMatches(List<String> values) {
    return !anyMatches(values);
  }
}
