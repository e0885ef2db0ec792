package dev.docket.states.asl;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A definition Step Functions refuses: CreateStateMachine's {@code InvalidDefinition}, whose
 * message is AWS's {@code Invalid State Machine Definition: '<problems>'}, the problems joined by
 * {@code ", "}.
 */
public final class InvalidDefinitionException extends RuntimeException {

  private final transient List<Diagnostic> diagnostics;

  /**
   * @param diagnostics the errors found, in AWS's order (at least one)
   */
  public InvalidDefinitionException(List<Diagnostic> diagnostics) {
    super(message(diagnostics), null, false, false);
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** The errors found. */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  private static String message(List<Diagnostic> diagnostics) {
    return "Invalid State Machine Definition: '"
        + diagnostics.stream().map(Diagnostic::describe).collect(Collectors.joining(", "))
        + "'";
  }
}
