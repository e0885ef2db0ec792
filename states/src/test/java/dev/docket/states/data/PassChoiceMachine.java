package dev.docket.states.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.states.asl.ChoiceRule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test-only interpreter for definitions made of Pass, Choice, Fail and Succeed states, wiring the
 * data-flow functions in AWS's order, to run AWS-recorded executions against them.
 */
final class PassChoiceMachine {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> TYPES = Set.of("Pass", "Choice", "Fail", "Succeed");
  private static final Set<String> NOT_OPERATORS =
      Set.of("Variable", "Next", "Comment", "Assign", "Output");
  static final String MACHINE_NAME = "<ArnPart_0idx>";
  static final String EXECUTION_NAME = "<ExecArnPart_0idx>";

  /** The end of an execution. */
  record Outcome(String status, JsonNode output, String error, String cause) {}

  private PassChoiceMachine() {}

  static boolean supports(JsonNode definition) {
    for (JsonNode state : definition.get("States")) {
      if (!TYPES.contains(state.path("Type").asText())) {
        return false;
      }
    }
    return true;
  }

  static Outcome run(JsonNode definition, JsonNode input) {
    Variables variables = Variables.root();
    String topLanguage = definition.path("QueryLanguage").asText("JSONPath");
    String name = definition.get("StartAt").asText();
    JsonNode data = input;
    int eventId = 2;
    while (true) {
      JsonNode state = definition.get("States").get(name);
      boolean jsonata = state.path("QueryLanguage").asText(topLanguage).equals("JSONata");
      Scope scope = new Scope(data, context(input, name), variables, null, null);
      try {
        Step step =
            switch (state.get("Type").asText()) {
              case "Pass" -> jsonata ? jsonataPass(state, scope) : jsonPathPass(state, scope);
              case "Choice" -> choice(state, scope, jsonata);
              case "Succeed" -> new Step(data, Map.of(), null);
              case "Fail" -> {
                fail(state, scope, jsonata);
                yield null;
              }
              default -> throw new IllegalArgumentException(state.toString());
            };
        variables.assign(step.assigned());
        data = step.output();
        String next = step.next() != null ? step.next() : state.path("Next").asText(null);
        if (next == null) {
          return new Outcome("SUCCEEDED", data, null, null);
        }
        name = next;
        eventId += 2;
      } catch (Failed failed) {
        return new Outcome("FAILED", null, failed.error, failed.cause);
      } catch (StatesFailure failure) {
        String cause = failure.causeText();
        if (cause != null
            && (failure.error().equals(StatesErrors.RUNTIME)
                || failure.error().equals(StatesErrors.QUERY_EVALUATION_ERROR))) {
          cause =
              "An error occurred while executing the state '"
                  + name
                  + "' (entered at the event id #"
                  + eventId
                  + "). "
                  + cause;
        }
        return new Outcome("FAILED", null, failure.error(), cause);
      }
    }
  }

  private record Step(JsonNode output, Map<String, JsonNode> assigned, String next) {}

  private static final class Failed extends RuntimeException {
    final String error;
    final String cause;

    Failed(String error, String cause) {
      this.error = error;
      this.cause = cause;
    }
  }

  private static Step jsonPathPass(JsonNode state, Scope scope) {
    JsonNode effective = JsonPathMode.applyInputPath(path(state, "InputPath"), scope);
    Scope inner = scope.withInput(effective);
    JsonNode result;
    if (state.has("Parameters")) {
      result = JsonPathMode.evaluatePayload(state.get("Parameters"), inner);
    } else if (state.has("Result")) {
      result = state.get("Result");
    } else {
      result = effective;
    }
    Map<String, JsonNode> assigned =
        JsonPathMode.evaluateAssign(state.get("Assign"), inner.withResult(result));
    JsonNode output =
        JsonPathMode.applyResultPath(path(state, "ResultPath"), scope.input(), result);
    output = JsonPathMode.applyOutputPath(path(state, "OutputPath"), output, scope);
    return new Step(output, assigned, null);
  }

  private static Step jsonataPass(JsonNode state, Scope scope) {
    JsonNode output =
        state.has("Output")
            ? JsonataMode.evaluate(state.get("Output"), scope, "Output")
            : scope.input();
    return new Step(output, JsonataMode.evaluateAssign(state.get("Assign"), scope), null);
  }

  private static Step choice(JsonNode state, Scope scope, boolean jsonata) {
    Scope inner =
        jsonata
            ? scope
            : scope.withInput(JsonPathMode.applyInputPath(path(state, "InputPath"), scope));
    for (JsonNode choice : state.get("Choices")) {
      if (JsonPathMode.matches(rule(choice), inner)) {
        return choiceStep(choice, state, inner, jsonata, choice.get("Next").asText());
      }
    }
    if (!state.has("Default")) {
      throw new Failed(StatesErrors.NO_CHOICE_MATCHED, null);
    }
    return choiceStep(state, state, inner, jsonata, state.get("Default").asText());
  }

  private static Step choiceStep(
      JsonNode holder, JsonNode state, Scope scope, boolean jsonata, String next) {
    if (jsonata) {
      JsonNode output =
          holder.has("Output")
              ? JsonataMode.evaluate(holder.get("Output"), scope, "Output")
              : scope.input();
      return new Step(output, JsonataMode.evaluateAssign(holder.get("Assign"), scope), next);
    }
    Map<String, JsonNode> assigned = JsonPathMode.evaluateAssign(holder.get("Assign"), scope);
    JsonNode output = JsonPathMode.applyOutputPath(path(state, "OutputPath"), scope.input(), scope);
    return new Step(output, assigned, next);
  }

  private static void fail(JsonNode state, Scope scope, boolean jsonata) {
    String error = null;
    String cause = null;
    if (jsonata) {
      if (state.has("Error")) {
        error = JsonataMode.evaluate(state.get("Error"), scope, "Error").asText();
      }
      if (state.has("Cause")) {
        cause = JsonataMode.evaluate(state.get("Cause"), scope, "Cause").asText();
      }
    } else {
      error =
          state.has("ErrorPath")
              ? JsonPathMode.read(state.get("ErrorPath").asText(), scope, "ErrorPath").asText()
              : state.path("Error").asText(null);
      cause =
          state.has("CausePath")
              ? JsonPathMode.read(state.get("CausePath").asText(), scope, "CausePath").asText()
              : state.path("Cause").asText(null);
    }
    throw new Failed(error, cause);
  }

  /** A path field: "$" when absent, null when JSON null. */
  private static String path(JsonNode state, String field) {
    JsonNode value = state.get(field);
    if (value == null) {
      return "$";
    }
    return value.isNull() ? null : value.asText();
  }

  static ChoiceRule rule(JsonNode node) {
    if (node.has("And")) {
      return new ChoiceRule.And(rules(node.get("And")));
    }
    if (node.has("Or")) {
      return new ChoiceRule.Or(rules(node.get("Or")));
    }
    if (node.has("Not")) {
      return new ChoiceRule.Not(rule(node.get("Not")));
    }
    if (node.has("Condition")) {
      return new ChoiceRule.Condition(node.get("Condition"));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!NOT_OPERATORS.contains(field)) {
        return new ChoiceRule.Comparison(node.get("Variable").asText(), field, node.get(field));
      }
    }
    throw new IllegalArgumentException("no operator in " + node);
  }

  private static List<ChoiceRule> rules(JsonNode array) {
    List<ChoiceRule> rules = new ArrayList<>();
    array.forEach(r -> rules.add(rule(r)));
    return rules;
  }

  /** The context object as the recorded (normalised) executions show it. */
  static JsonNode context(JsonNode input, String stateName) {
    ObjectNode context = MAPPER.createObjectNode();
    ObjectNode execution = context.putObject("Execution");
    execution.put(
        "Id",
        "arn:<partition>:states:<region>:111111111111:execution:"
            + MACHINE_NAME
            + ":"
            + EXECUTION_NAME);
    execution.set("Input", input);
    execution.put("StartTime", "date");
    execution.put("Name", EXECUTION_NAME);
    execution.put("RoleArn", "snf_role_arn");
    execution.put("RedriveCount", 0);
    ObjectNode machine = context.putObject("StateMachine");
    machine.put("Id", "arn:<partition>:states:<region>:111111111111:stateMachine:" + MACHINE_NAME);
    machine.put("Name", MACHINE_NAME);
    ObjectNode state = context.putObject("State");
    state.put("Name", stateName);
    state.put("EnteredTime", "date");
    return context;
  }
}
