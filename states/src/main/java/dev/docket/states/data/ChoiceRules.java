package dev.docket.states.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.states.asl.ChoiceRule;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Choice rules in JSONPath mode. A comparison whose operand has the wrong type is false (AWS); a
 * {@code Variable} that selects nothing is false for {@code IsPresent: true} and otherwise fails
 * the state with AWS's {@code States.Runtime} message. Thread-safe (stateless).
 */
final class ChoiceRules {

  /** A wildcard in a tokenised StringMatches pattern (characters are non-negative). */
  private static final int STAR = -1;

  private ChoiceRules() {}

  static boolean matches(ChoiceRule rule, Scope scope) {
    return switch (rule) {
      case ChoiceRule.And and -> {
        for (ChoiceRule r : and.rules()) {
          if (!matches(r, scope)) {
            yield false;
          }
        }
        yield true;
      }
      case ChoiceRule.Or or -> {
        for (ChoiceRule r : or.rules()) {
          if (matches(r, scope)) {
            yield true;
          }
        }
        yield false;
      }
      case ChoiceRule.Not not -> !matches(not.rule(), scope);
      case ChoiceRule.Condition condition -> JsonataMode.condition(condition.condition(), scope);
      case ChoiceRule.Comparison comparison -> compare(comparison, scope);
    };
  }

  private static boolean compare(ChoiceRule.Comparison comparison, Scope scope) {
    String operator = comparison.operator();
    JsonNode variable;
    try {
      variable = References.resolve(comparison.variable(), scope.input(), scope);
    } catch (PathMissing e) {
      if (operator.equals("IsPresent")) {
        return !comparison.value().asBoolean();
      }
      throw invalidValue(comparison.variable());
    }
    JsonNode operand = comparison.value();
    if (operator.endsWith("Path")) {
      operator = operator.substring(0, operator.length() - 4);
      String path = operand.asText();
      try {
        operand = References.resolve(path, scope.input(), scope);
      } catch (PathMissing e) {
        throw invalidValue(path);
      }
    }
    return switch (operator) {
      case "IsPresent" -> operand.asBoolean();
      case "IsNull" -> variable.isNull() == operand.asBoolean();
      case "IsNumeric" -> variable.isNumber() == operand.asBoolean();
      case "IsString" -> variable.isTextual() == operand.asBoolean();
      case "IsBoolean" -> variable.isBoolean() == operand.asBoolean();
      case "IsTimestamp" -> (timestamp(variable) != null) == operand.asBoolean();
      case "BooleanEquals" ->
          variable.isBoolean()
              && operand.isBoolean()
              && variable.asBoolean() == operand.asBoolean();
      case "StringMatches" ->
          variable.isTextual()
              && operand.isTextual()
              && glob(variable.textValue(), operand.textValue());
      default -> ordered(operator, variable, operand);
    };
  }

  private static boolean ordered(String operator, JsonNode variable, JsonNode operand) {
    int order;
    String relation;
    if (operator.startsWith("String")) {
      if (!variable.isTextual() || !operand.isTextual()) {
        return false;
      }
      order = variable.textValue().compareTo(operand.textValue());
      relation = operator.substring("String".length());
    } else if (operator.startsWith("Numeric")) {
      if (!variable.isNumber() || !operand.isNumber()) {
        return false;
      }
      order = number(variable).compareTo(number(operand));
      relation = operator.substring("Numeric".length());
    } else if (operator.startsWith("Timestamp")) {
      OffsetDateTime a = timestamp(variable);
      OffsetDateTime b = timestamp(operand);
      if (a == null || b == null) {
        return false;
      }
      order = a.toInstant().compareTo(b.toInstant());
      relation = operator.substring("Timestamp".length());
    } else {
      throw StatesFailure.runtime("Unsupported choice operator '" + operator + "'");
    }
    return switch (relation) {
      case "Equals" -> order == 0;
      case "LessThan" -> order < 0;
      case "GreaterThan" -> order > 0;
      case "LessThanEquals" -> order <= 0;
      case "GreaterThanEquals" -> order >= 0;
      default -> throw StatesFailure.runtime("Unsupported choice operator '" + operator + "'");
    };
  }

  private static BigDecimal number(JsonNode node) {
    return node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
  }

  /**
   * An RFC 3339 timestamp with an uppercase {@code T} and a {@code Z} or numeric offset, or null.
   */
  static OffsetDateTime timestamp(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    String text = node.textValue();
    // RFC 3339 as AWS requires it: seconds present, uppercase T and Z.
    if (text.length() < 20
        || text.charAt(10) != 'T'
        || text.charAt(16) != ':'
        || text.charAt(text.length() - 1) == 'z') {
      return null;
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are a literal
   * star and backslash. Linear greedy matching with one backtrack point.
   */
  static boolean glob(String text, String pattern) {
    int[] tokens = new int[pattern.length()];
    int count = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        tokens[count++] = pattern.charAt(++i);
      } else {
        tokens[count++] = c == '*' ? STAR : c;
      }
    }
    int t = 0;
    int p = 0;
    int starAt = -1;
    int resumeAt = 0;
    while (t < text.length()) {
      if (p < count && tokens[p] != STAR && tokens[p] == text.charAt(t)) {
        t++;
        p++;
      } else if (p < count && tokens[p] == STAR) {
        starAt = p++;
        resumeAt = t;
      } else if (starAt >= 0) {
        p = starAt + 1;
        t = ++resumeAt;
      } else {
        return false;
      }
    }
    while (p < count && tokens[p] == STAR) {
      p++;
    }
    return p == count;
  }

  private static StatesFailure invalidValue(String path) {
    return StatesFailure.runtime(
        "Invalid path '"
            + path
            + "': The choice state's condition path references an invalid value.");
  }
}
