package dev.docket.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a state's {@code Retry} and {@code Catch} lists with AWS's defaults and limits. {@code
 * States.ALL} must be the only error of the last entry (AWS: {@code States.ALL must appear alone
 * and at end of list}). Stateless; its methods report into the state's {@link StateFields}.
 */
final class ErrorHandling {

  static final String ALL = "States.ALL";
  static final long MAX_INT = 99_999_999L;

  private ErrorHandling() {}

  /** The state's retriers, in order. */
  static List<Retrier> retriers(StateFields state) {
    List<Retrier> retriers = new ArrayList<>();
    List<ObjectNode> entries = entries(state, "Retry");
    for (int i = 0; i < entries.size(); i++) {
      String location = state.at("Retry[" + i + "]");
      StateFields entry =
          new StateFields(entries.get(i), location, state.language(), state.problems());
      entry.checkSupported(ErrorHandling::retrierField);
      List<String> errors = errorEquals(entry, i == entries.size() - 1);
      JsonNode interval = entry.integer("IntervalSeconds", 1, MAX_INT);
      JsonNode attempts = entry.integer("MaxAttempts", 0, MAX_INT);
      JsonNode maxDelay = entry.integer("MaxDelaySeconds", 1, MAX_INT);
      double backoff = backoffRate(entry);
      String jitter = entry.text("JitterStrategy");
      if (jitter != null && !jitter.equals("FULL") && !jitter.equals("NONE")) {
        state
            .problems()
            .schema(
                "The field 'JitterStrategy' should have one of these values: [FULL, NONE]",
                entry.at("JitterStrategy"));
      }
      retriers.add(
          new Retrier(
              errors,
              intOr(interval, 1),
              intOr(attempts, 3),
              backoff,
              maxDelay == null || !maxDelay.isNumber() ? null : maxDelay.asInt(),
              jitter == null ? "NONE" : jitter));
    }
    return retriers;
  }

  /** The state's catchers, in order. */
  static List<Catcher> catchers(StateFields state) {
    List<Catcher> catchers = new ArrayList<>();
    List<ObjectNode> entries = entries(state, "Catch");
    for (int i = 0; i < entries.size(); i++) {
      String location = state.at("Catch[" + i + "]");
      StateFields entry =
          new StateFields(entries.get(i), location, state.language(), state.problems());
      entry.checkSupported(FieldRules::catcherField);
      List<String> errors = errorEquals(entry, i == entries.size() - 1);
      String next = entry.requiredText("Next");
      String resultPath = entry.path("ResultPath", "$", true, false);
      JsonNode output =
          entry.usable("Output", FieldRules.Allowed.JSONATA) ? entry.expression("Output") : null;
      JsonNode assign = entry.template("Assign");
      catchers.add(new Catcher(errors, next, resultPath, output, assign));
    }
    return catchers;
  }

  private static List<ObjectNode> entries(StateFields state, String field) {
    List<ObjectNode> entries = new ArrayList<>();
    JsonNode list = state.get(field);
    if (list == null) {
      return entries;
    }
    if (!list.isArray()) {
      state.problems().schema("The field '" + field + "' must be an array", state.at(field));
      return entries;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof ObjectNode entry) {
        entries.add(entry);
      } else {
        state.problems().schema("Value must be an object", state.at(field + "[" + i + "]"));
      }
    }
    return entries;
  }

  private static List<String> errorEquals(StateFields entry, boolean last) {
    List<String> errors = new ArrayList<>();
    JsonNode list = entry.get("ErrorEquals");
    if (list == null) {
      entry.problems().schema("These fields are required: [ErrorEquals]", entry.location());
      return errors;
    }
    if (!list.isArray()) {
      entry.problems().schema("The field 'ErrorEquals' must be an array", entry.at("ErrorEquals"));
      return errors;
    }
    if (list.isEmpty()) {
      entry.problems().schema("Value cannot be empty", entry.at("ErrorEquals"));
    }
    for (int j = 0; j < list.size(); j++) {
      JsonNode error = list.get(j);
      String at = entry.at("ErrorEquals[" + j + "]");
      if (!error.isTextual()) {
        entry.problems().schema("Value must be a string", at);
        continue;
      }
      if (ALL.equals(error.textValue()) && (list.size() > 1 || !last)) {
        entry.problems().schema("States.ALL must appear alone and at end of list", at);
      }
      errors.add(error.textValue());
    }
    return errors;
  }

  private static double backoffRate(StateFields entry) {
    JsonNode rate = entry.get("BackoffRate");
    if (rate == null) {
      return 2.0;
    }
    if (!rate.isNumber()) {
      entry.problems().schema("Value must be a number", entry.at("BackoffRate"));
      return 2.0;
    }
    if (rate.asDouble() < 1.0) {
      entry.problems().schema("Minimum value is 1.0", entry.at("BackoffRate"));
      return 2.0;
    }
    return rate.asDouble();
  }

  private static int intOr(JsonNode value, int absent) {
    return value == null || !value.isNumber() ? absent : value.asInt();
  }

  private static FieldRules.Allowed retrierField(String field) {
    return switch (field) {
      case "ErrorEquals",
          "IntervalSeconds",
          "MaxAttempts",
          "BackoffRate",
          "MaxDelaySeconds",
          "JitterStrategy",
          "Comment" ->
          FieldRules.Allowed.BOTH;
      default -> null;
    };
  }
}
