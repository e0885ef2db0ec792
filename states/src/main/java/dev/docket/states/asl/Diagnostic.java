package dev.docket.states.asl;

import java.util.Objects;

/**
 * One problem in a definition, as {@code ValidateStateMachineDefinition} reports it.
 *
 * @param severity {@code ERROR} or {@code WARNING}
 * @param code AWS's code: {@code SCHEMA_VALIDATION_FAILED}, {@code MISSING_TRANSITION_TARGET},
 *     {@code MISSING_END_STATE}, {@code INVALID_JSON_DESCRIPTION}, {@code DUPLICATE_STATE_NAME},
 *     {@code INVALID_JSONATA_EXPRESSION}, ...
 * @param message the message, without the location
 * @param location where: {@code /States/<name>/<field>}, {@code /} for the whole definition; null
 *     where AWS gives none
 */
public record Diagnostic(String severity, String code, String message, String location) {

  /** Severity of a problem that makes the definition invalid. */
  public static final String ERROR = "ERROR";

  /** Severity of a remark that does not. */
  public static final String WARNING = "WARNING";

  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** An error. */
  static Diagnostic error(String code, String message, String location) {
    return new Diagnostic(ERROR, code, message, location);
  }

  /** Whether it makes the definition invalid. */
  public boolean isError() {
    return ERROR.equals(severity);
  }

  /**
   * The problem as CreateStateMachine words it: {@code CODE: message at location}. A JSON syntax
   * problem's message already ends with its location (Jackson's {@code at [Source: ...]}).
   */
  public String describe() {
    if (Problems.INVALID_JSON.equals(code)) {
      return code + ": " + message;
    }
    return code + ": " + message + " at " + location;
  }
}
