package dev.docket.model;

import java.util.Objects;

/**
 * The first constraint a request's input broke, as found by {@link ServiceModel#validate}.
 *
 * @param kind which sort of constraint
 * @param path the member path in the input, e.g. {@code Entries.1.Id} (1-based list indexes)
 * @param value the offending value as text, or {@code null} when the member is missing
 * @param message a complete message in AWS's validation style that quotes the value
 */
public record ValidationProblem(Kind kind, String path, String value, String message) {

  /** Which sort of constraint was broken. */
  public enum Kind {
    /** A required member is absent. */
    MISSING,
    /** A member has the wrong JSON type (a string where a number belongs, say). */
    WRONG_TYPE,
    /** A string, list, map or blob is shorter or longer than allowed. */
    LENGTH,
    /** A number is outside its modelled range. */
    RANGE,
    /** A string does not match the modelled pattern. */
    PATTERN,
    /** A string is not one of the modelled enum values. */
    ENUM,
    /** A member the input shape does not declare (reported only where a protocol rejects them). */
    UNKNOWN_MEMBER
  }

  /** Validates required components. */
  public ValidationProblem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }
}
