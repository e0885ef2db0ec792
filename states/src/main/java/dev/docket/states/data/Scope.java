package dev.docket.states.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What an expression or path sees while a state runs.
 *
 * @param input the state's input ({@code $} in JSONPath, {@code $states.input} in JSONata) at the
 *     point of evaluation (after InputPath where AWS applies it)
 * @param context the context object ({@code $$}, {@code $states.context})
 * @param variables the variables in scope
 * @param result the task's / state's result ({@code $states.result}; ResultSelector's {@code $}),
 *     or null
 * @param errorOutput in a Catch, the error output ({@code $states.errorOutput}), or null
 */
public record Scope(
    JsonNode input, JsonNode context, Variables variables, JsonNode result, JsonNode errorOutput) {

  public Scope {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(variables, "variables");
  }

  /** This scope with another input. */
  public Scope withInput(JsonNode newInput) {
    return new Scope(newInput, context, variables, result, errorOutput);
  }

  /** This scope with a result. */
  public Scope withResult(JsonNode newResult) {
    return new Scope(input, context, variables, newResult, errorOutput);
  }

  /** This scope with an error output. */
  public Scope withErrorOutput(JsonNode newErrorOutput) {
    return new Scope(input, context, variables, result, newErrorOutput);
  }
}
