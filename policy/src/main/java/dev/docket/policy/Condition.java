package dev.docket.policy;

import java.util.List;

/**
 * One compiled condition: an operator applied to one key. Semantics (IAM's "Condition operators"
 * and "Single-valued vs. multivalued context keys"):
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
 *   <li>{@code Null}: {@code true} holds when the key is missing, {@code false} when it is present.
 * </ul>
 *
 * A key present with an empty list of values is treated as missing. Immutable and thread-safe.
 */
sealed interface Condition {

  /** Whether the condition holds for the request's keys. */
  boolean holds(ConditionContext context);

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

  /**
   * A comparison operator with its policy values already parsed into a {@link ValueTest}.
   *
   * @param key the condition key, normalised
   * @param qualifier the set operator prefix
   * @param ifExists whether the operator had the {@code IfExists} suffix
   * @param negated whether the operator is a negated one ({@code StringNotEquals}, ...)
   * @param test the positive twin's test of one request value
   */
  record Comparison(
      String key, Qualifier qualifier, boolean ifExists, boolean negated, ValueTest test)
      implements Condition {

    @Override
    public boolean holds(ConditionContext context) {
      List<String> values = context.lookup(key);
      boolean missing = values == null || values.isEmpty();
      return switch (qualifier) {
        case NONE -> missing ? ifExists || negated : anyMatches(values) != negated;
        case FOR_ANY_VALUE -> !missing && anySatisfies(values);
        case FOR_ALL_VALUES -> missing || allSatisfy(values);
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

    private boolean anySatisfies(List<String> values) {
      for (String value : values) {
        if (test.matches(value) != negated) {
          return true;
        }
      }
      return false;
    }

    private boolean allSatisfy(List<String> values) {
      for (String value : values) {
        if (test.matches(value) == negated) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The {@code Null} operator.
   *
   * @param key the condition key, normalised
   * @param absent whether the key must be missing ({@code "true"}) or present ({@code "false"})
   */
  record Presence(String key, boolean absent) implements Condition {

    @Override
    public boolean holds(ConditionContext context) {
      List<String> values = context.lookup(key);
      return (values == null || values.isEmpty()) == absent;
    }
  }
}
