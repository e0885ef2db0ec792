package dev.docket.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads one state into its record, with AWS's defaults, and reports its problems. The fields are
 * first checked against what the state type supports in its query language ({@link FieldRules});
 * then each field the type reads is checked for its shape. Not thread-safe: belongs to one {@link
 * DefinitionReader}.
 */
final class StateReader {

  private static final Pattern RFC3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
  private static final long MAX = ErrorHandling.MAX_INT;

  private final DefinitionReader blocks;
  private final Problems problems;
  private final QueryLanguage top;
  private final boolean express;

  StateReader(DefinitionReader blocks, Problems problems, QueryLanguage top, boolean express) {
    this.blocks = blocks;
    this.problems = problems;
    this.top = top;
    this.express = express;
  }

  /** The state, or null if it is too broken to build (its problems are reported). */
  State read(String name, JsonNode raw, String location) {
    if (!(raw instanceof ObjectNode node)) {
      problems.schema("Value must be an object", location);
      return null;
    }
    JsonNode typeNode = node.get("Type");
    if (typeNode == null) {
      problems.schema("These fields are required: [Type]", location);
      return null;
    }
    String type = typeNode.isTextual() ? typeNode.textValue() : null;
    if (type == null || !FieldRules.isType(type)) {
      problems.schema(
          "The field 'Type' should have one of these values: " + FieldRules.TYPES,
          location + "/Type");
      return null;
    }
    QueryLanguage language = language(node, location);
    StateFields f = new StateFields(node, location, language, problems);
    f.checkSupported(field -> FieldRules.rule(type, field));
    String comment = f.text("Comment");
    String next = null;
    boolean end = false;
    if (FieldRules.rule(type, "Next") != null) {
      next = f.text("Next");
      JsonNode endNode = f.get("End");
      if (endNode != null && !endNode.isBoolean()) {
        problems.schema("The field 'End' must be a boolean", f.at("End"));
      }
      end = endNode != null && endNode.asBoolean(false);
      if ((f.has("Next") && end) || (!f.has("Next") && !end)) {
        problems.schema("Exactly one of the fields 'Next' or 'End' is required", location);
      }
    }
    Common common = new Common(name, type, language, comment, next, end, dataFlow(type, f));
    return switch (type) {
      case "Pass" -> new State.Pass(common);
      case "Task" -> task(common, f);
      case "Choice" -> new State.ChoiceState(common, Choices.read(f), f.text("Default"));
      case "Wait" -> waitState(common, f);
      case "Succeed" -> new State.Succeed(common);
      case "Fail" -> fail(common, f);
      case "Parallel" -> parallel(common, f);
      default -> map(common, f);
    };
  }

  private QueryLanguage language(ObjectNode node, String location) {
    JsonNode value = node.get("QueryLanguage");
    if (value == null) {
      return top;
    }
    QueryLanguage own = languageOf(value, location + "/QueryLanguage", problems);
    if (top == QueryLanguage.JSONATA && own == QueryLanguage.JSONPATH) {
      problems.schema(
          "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
          location);
    }
    return own;
  }

  /** A {@code QueryLanguage} value: JSONPath only when exactly {@code "JSONPath"}. */
  static QueryLanguage languageOf(JsonNode value, String location, Problems problems) {
    QueryLanguage language = value.isTextual() ? QueryLanguage.of(value.textValue()) : null;
    if (language == null) {
      problems.schema(
          "The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]",
          location);
      return QueryLanguage.JSONATA;
    }
    return language;
  }

  private static DataFlow dataFlow(String type, StateFields f) {
    boolean map = type.equals("Map");
    if (f.jsonata()) {
      return new DataFlow(
          "$",
          null,
          null,
          "$",
          "$",
          null,
          usable(type, f, map ? "ItemSelector" : "Arguments")
              ? f.expression(map ? "ItemSelector" : "Arguments")
              : null,
          usable(type, f, "Output") ? f.expression("Output") : null,
          usable(type, f, "Assign") ? f.template("Assign") : null);
    }
    String parametersField = map && f.has("ItemSelector") ? "ItemSelector" : "Parameters";
    if (map && f.has("ItemSelector") && f.has("Parameters")) {
      f.problems()
          .schema(
              "The fields 'ItemSelector' and 'Parameters' cannot be used together",
              f.at("Parameters"));
    }
    return new DataFlow(
        usable(type, f, "InputPath") ? f.path("InputPath", "$", true, false) : "$",
        usable(type, f, parametersField) ? f.template(parametersField) : null,
        usable(type, f, "ResultSelector") ? f.template("ResultSelector") : null,
        usable(type, f, "ResultPath") ? f.path("ResultPath", "$", true, false) : "$",
        usable(type, f, "OutputPath") ? f.path("OutputPath", "$", true, false) : "$",
        usable(type, f, "Result") ? f.get("Result") : null,
        null,
        null,
        usable(type, f, "Assign") ? f.template("Assign") : null);
  }

  private static boolean usable(String type, StateFields f, String field) {
    FieldRules.Allowed allowed = FieldRules.rule(type, field);
    return allowed != null && f.usable(field, allowed);
  }

  private State task(Common common, StateFields f) {
    String resource = f.requiredText("Resource");
    if (resource != null && express) {
      expressResource(resource, f.at("Resource"));
    }
    JsonNode timeout = f.integer("TimeoutSeconds", 1, MAX);
    JsonNode heartbeat = f.integer("HeartbeatSeconds", 1, MAX);
    String timeoutPath =
        usable("Task", f, "TimeoutSecondsPath")
            ? f.path("TimeoutSecondsPath", null, false, false)
            : null;
    String heartbeatPath =
        usable("Task", f, "HeartbeatSecondsPath")
            ? f.path("HeartbeatSecondsPath", null, false, false)
            : null;
    f.exclusive("TimeoutSeconds", "TimeoutSecondsPath");
    f.exclusive("HeartbeatSeconds", "HeartbeatSecondsPath");
    if (timeout != null
        && heartbeat != null
        && timeout.isIntegralNumber()
        && heartbeat.isIntegralNumber()
        && heartbeat.asLong() >= timeout.asLong()) {
      problems.schema(
          "The field 'HeartbeatSeconds' must be smaller than the field 'TimeoutSeconds'",
          f.at("HeartbeatSeconds"));
    }
    JsonNode credentials = f.get("Credentials");
    if (credentials != null) {
      if (f.jsonata() && Expressions.isExpression(credentials)) {
        Expressions.check(credentials, f.at("Credentials"), problems);
      } else if (!credentials.isObject()
          || !(credentials.has("RoleArn") || (!f.jsonata() && credentials.has("RoleArn.$")))) {
        problems.schema("The field 'RoleArn' is required but was missing", f.at("Credentials"));
      } else {
        f.template("Credentials");
      }
    }
    return new State.Task(
        common,
        resource,
        timeout,
        timeoutPath,
        heartbeat,
        heartbeatPath,
        ErrorHandling.retriers(f),
        ErrorHandling.catchers(f),
        credentials);
  }

  private void expressResource(String resource, String location) {
    if (resource.endsWith(".waitForTaskToken")) {
      problems.schema(
          "Express state machine does not support '.waitForTaskToken' service integration ",
          location);
    } else if (resource.endsWith(".sync") || resource.matches(".*\\.sync:\\d+")) {
      problems.schema(
          "Express state machine does not support '.sync' service integration", location);
    } else if (resource.matches("arn:[^:]+:states:[^:]*:[^:]*:activity:.+")) {
      problems.schema("Express state machine does not support Activity ARN", location);
    }
  }

  private State waitState(Common common, StateFields f) {
    JsonNode seconds = f.integer("Seconds", 0, MAX);
    JsonNode timestamp = f.get("Timestamp");
    if (timestamp != null) {
      if (f.jsonata() && Expressions.isExpression(timestamp)) {
        Expressions.check(timestamp, f.at("Timestamp"), problems);
      } else if (!timestamp.isTextual() || !isTimestamp(timestamp.textValue())) {
        problems.schema("String does not match RFC3339 timestamp", f.at("Timestamp"));
      }
    }
    String secondsPath =
        usable("Wait", f, "SecondsPath") ? f.path("SecondsPath", null, false, false) : null;
    String timestampPath =
        usable("Wait", f, "TimestampPath") ? f.path("TimestampPath", null, false, false) : null;
    int set = 0;
    for (String field : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
      set += f.has(field) ? 1 : 0;
    }
    if (set != 1) {
      problems.schema(
          "Exactly one of the fields 'Seconds', 'Timestamp', 'SecondsPath' or 'TimestampPath'"
              + " is required",
          f.location());
    }
    return new State.Wait(common, seconds, secondsPath, timestamp, timestampPath);
  }

  /** Whether {@code text} is an RFC 3339 date-time (AWS's rule for a Wait's Timestamp). */
  static boolean isTimestamp(String text) {
    if (!RFC3339.matcher(text).matches()) {
      return false;
    }
    try {
      OffsetDateTime.parse(text.toUpperCase(Locale.ROOT));
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private State fail(Common common, StateFields f) {
    f.exclusive("Error", "ErrorPath");
    f.exclusive("Cause", "CausePath");
    JsonNode error = f.expression("Error");
    JsonNode cause = f.expression("Cause");
    for (String field : List.of("Error", "Cause")) {
      JsonNode value = f.get(field);
      if (value != null && !value.isTextual()) {
        problems.schema("The field '" + field + "' must be a string", f.at(field));
      }
    }
    return new State.Fail(
        common,
        error,
        usable("Fail", f, "ErrorPath") ? f.path("ErrorPath", null, false, true) : null,
        cause,
        usable("Fail", f, "CausePath") ? f.path("CausePath", null, false, true) : null);
  }

  private State parallel(Common common, StateFields f) {
    List<StateMachineDefinition> branches = new ArrayList<>();
    JsonNode list = f.get("Branches");
    if (list == null) {
      problems.schema("These fields are required: [Branches]", f.location());
    } else if (!list.isArray() || list.isEmpty()) {
      problems.schema("Value cannot be empty", f.at("Branches"));
    } else {
      for (int i = 0; i < list.size(); i++) {
        StateMachineDefinition branch =
            blocks.block(list.get(i), f.at("Branches[" + i + "]"), DefinitionReader.Kind.BRANCH);
        if (branch != null) {
          branches.add(branch);
        }
      }
    }
    return new State.Parallel(
        common, branches, ErrorHandling.retriers(f), ErrorHandling.catchers(f));
  }

  private State map(Common common, StateFields f) {
    StateMachineDefinition processor = null;
    if (f.has("ItemProcessor") && f.has("Iterator")) {
      problems.schema(
          "The fields 'ItemProcessor' and 'Iterator' cannot be used together", f.at("Iterator"));
    } else if (f.has("ItemProcessor") || f.has("Iterator")) {
      String field = f.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
      processor = blocks.block(f.get(field), f.at(field), DefinitionReader.Kind.PROCESSOR);
    } else {
      problems.schema("These fields are required: [ItemProcessor]", f.location());
    }
    JsonNode items = usable("Map", f, "Items") ? f.expression("Items") : null;
    if (items != null && !items.isArray() && !Expressions.isExpression(items)) {
      problems.schema("The field 'Items' must be an array or a JSONata expression", f.at("Items"));
    }
    f.exclusive("MaxConcurrency", "MaxConcurrencyPath");
    f.exclusive("ToleratedFailurePercentage", "ToleratedFailurePercentagePath");
    f.exclusive("ToleratedFailureCount", "ToleratedFailureCountPath");
    JsonNode percentage = f.get("ToleratedFailurePercentage");
    if (percentage != null && !(f.jsonata() && Expressions.isExpression(percentage))) {
      if (!percentage.isNumber()) {
        problems.schema("Value must be a number", f.at("ToleratedFailurePercentage"));
      } else if (percentage.asDouble() < 0) {
        problems.schema("Minimum value is 0", f.at("ToleratedFailurePercentage"));
      } else if (percentage.asDouble() > 100) {
        problems.schema("Maximum value is 100", f.at("ToleratedFailurePercentage"));
      }
    }
    f.expression("ToleratedFailurePercentage");
    f.expression("ItemReader");
    f.expression("ItemBatcher");
    f.expression("ResultWriter");
    return new State.MapState(
        common,
        processor,
        usable("Map", f, "ItemsPath") ? f.path("ItemsPath", "$", false, false) : "$",
        items,
        f.integer("MaxConcurrency", 0, MAX),
        mapPath(f, "MaxConcurrencyPath"),
        percentage,
        mapPath(f, "ToleratedFailurePercentagePath"),
        f.integer("ToleratedFailureCount", 0, MAX),
        mapPath(f, "ToleratedFailureCountPath"),
        f.get("ItemReader"),
        f.get("ItemBatcher"),
        f.get("ResultWriter"),
        f.text("Label"),
        ErrorHandling.retriers(f),
        ErrorHandling.catchers(f));
  }

  private static String mapPath(StateFields f, String field) {
    return usable("Map", f, field) ? f.path(field, null, false, false) : null;
  }
}
