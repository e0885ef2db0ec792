package dev.docket.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Choice state's {@code Choices}. In JSONPath a rule is {@code And}, {@code Or}, {@code
 * Not}, or a {@code Variable} with exactly one comparison operator; in JSONata it is a {@code
 * Condition}. Only a top-level rule has {@code Next}, {@code Assign} and (JSONata) {@code Output}.
 * Stateless; reports into the state's {@link StateFields}.
 */
final class Choices {

  private static final Set<String> STRING_OPERATORS =
      Set.of(
          "StringEquals",
          "StringLessThan",
          "StringGreaterThan",
          "StringLessThanEquals",
          "StringGreaterThanEquals",
          "StringMatches",
          "TimestampEquals",
          "TimestampLessThan",
          "TimestampGreaterThan",
          "TimestampLessThanEquals",
          "TimestampGreaterThanEquals");
  private static final Set<String> NUMERIC_OPERATORS =
      Set.of(
          "NumericEquals",
          "NumericLessThan",
          "NumericGreaterThan",
          "NumericLessThanEquals",
          "NumericGreaterThanEquals");
  private static final Set<String> BOOLEAN_OPERATORS =
      Set.of(
          "BooleanEquals",
          "IsNull",
          "IsPresent",
          "IsNumeric",
          "IsString",
          "IsBoolean",
          "IsTimestamp");

  private Choices() {}

  /** The state's choices; reports a missing or empty {@code Choices}. */
  static List<Choice> read(StateFields state) {
    List<Choice> choices = new ArrayList<>();
    JsonNode list = state.get("Choices");
    if (list == null) {
      state.problems().schema("These fields are required: [Choices]", state.location());
      return choices;
    }
    if (!list.isArray() || list.isEmpty()) {
      state.problems().schema("Value cannot be empty", state.at("Choices"));
      return choices;
    }
    for (int i = 0; i < list.size(); i++) {
      String location = state.at("Choices[" + i + "]");
      if (!(list.get(i) instanceof ObjectNode node)) {
        state.problems().schema("Value must be an object", location);
        continue;
      }
      StateFields rule = new StateFields(node, location, state.language(), state.problems());
      rule.checkSupported(field -> topField(field));
      String next = rule.requiredText("Next");
      JsonNode assign = rule.template("Assign");
      JsonNode output =
          rule.usable("Output", FieldRules.Allowed.JSONATA) ? rule.expression("Output") : null;
      ChoiceRule condition = rule.jsonata() ? condition(rule) : rule(rule);
      choices.add(new Choice(condition, next, assign, output));
    }
    return choices;
  }

  private static ChoiceRule condition(StateFields rule) {
    JsonNode condition = rule.get("Condition");
    if (condition == null) {
      rule.problems().schema("These fields are required: [Condition]", rule.location());
      return new ChoiceRule.Condition(null);
    }
    if (Expressions.isExpression(condition)) {
      Expressions.check(condition, rule.at("Condition"), rule.problems());
    } else if (!condition.isBoolean()) {
      rule.problems()
          .schema(
              "The field 'Condition' must be a boolean or a JSONata expression",
              rule.at("Condition"));
    }
    return new ChoiceRule.Condition(condition);
  }

  private static ChoiceRule rule(StateFields rule) {
    for (String combinator : List.of("And", "Or")) {
      if (rule.has(combinator)) {
        JsonNode list = rule.get(combinator);
        List<ChoiceRule> rules = new ArrayList<>();
        if (!list.isArray() || list.isEmpty()) {
          rule.problems().schema("Value cannot be empty", rule.at(combinator));
        } else {
          for (int i = 0; i < list.size(); i++) {
            rules.add(nested(rule, list.get(i), rule.at(combinator + "[" + i + "]")));
          }
        }
        return combinator.equals("And") ? new ChoiceRule.And(rules) : new ChoiceRule.Or(rules);
      }
    }
    if (rule.has("Not")) {
      return new ChoiceRule.Not(nested(rule, rule.get("Not"), rule.at("Not")));
    }
    String variable = rule.requiredText("Variable");
    if (variable != null && !Paths.isPath(variable)) {
      rule.problems().schema(StateFields.NOT_A_PATH, rule.at("Variable"));
    }
    String operator = null;
    for (Map.Entry<String, JsonNode> member : rule.node().properties()) {
      if (isOperator(member.getKey())) {
        if (operator != null) {
          rule.problems()
              .schema(
                  "Only one comparison operator is allowed in a choice rule",
                  rule.at(member.getKey()));
        } else {
          operator = member.getKey();
        }
      }
    }
    if (operator == null) {
      rule.problems().schema("A choice rule must have a comparison operator", rule.location());
      return new ChoiceRule.Comparison(variable, null, null);
    }
    JsonNode value = rule.get(operator);
    checkOperand(rule, operator, value);
    return new ChoiceRule.Comparison(variable, operator, value);
  }

  private static ChoiceRule nested(StateFields parent, JsonNode node, String location) {
    if (!(node instanceof ObjectNode object)) {
      parent.problems().schema("Value must be an object", location);
      return new ChoiceRule.And(List.of());
    }
    StateFields rule = new StateFields(object, location, parent.language(), parent.problems());
    rule.checkSupported(Choices::nestedField);
    return rule(rule);
  }

  private static void checkOperand(StateFields rule, String operator, JsonNode value) {
    boolean valid;
    String expected;
    if (operator.endsWith("Path")) {
      valid = value.isTextual() && Paths.isPath(value.textValue());
      expected = null;
    } else if (STRING_OPERATORS.contains(operator)) {
      valid = value.isTextual();
      expected = "a string";
    } else if (NUMERIC_OPERATORS.contains(operator)) {
      valid = value.isNumber();
      expected = "a number";
    } else {
      valid = value.isBoolean();
      expected = "a boolean";
    }
    if (!valid) {
      rule.problems()
          .schema(
              expected == null
                  ? StateFields.NOT_A_PATH
                  : "The field '" + operator + "' must be " + expected,
              rule.at(operator));
    }
  }

  private static boolean isOperator(String field) {
    if (field.endsWith("Path")) {
      String base = field.substring(0, field.length() - 4);
      return !base.equals("StringMatches")
          && (STRING_OPERATORS.contains(base)
              || NUMERIC_OPERATORS.contains(base)
              || base.equals("BooleanEquals"));
    }
    return STRING_OPERATORS.contains(field)
        || NUMERIC_OPERATORS.contains(field)
        || BOOLEAN_OPERATORS.contains(field);
  }

  private static FieldRules.Allowed topField(String field) {
    return switch (field) {
      case "Next", "Assign", "Comment" -> FieldRules.Allowed.BOTH;
      case "Output", "Condition" -> FieldRules.Allowed.JSONATA;
      default -> nestedField(field);
    };
  }

  private static FieldRules.Allowed nestedField(String field) {
    return switch (field) {
      case "Comment" -> FieldRules.Allowed.BOTH;
      case "Variable", "And", "Or", "Not" -> FieldRules.Allowed.JSONPATH;
      default -> isOperator(field) ? FieldRules.Allowed.JSONPATH : null;
    };
  }
}
