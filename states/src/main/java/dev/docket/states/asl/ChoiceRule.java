package dev.docket.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A Choice rule's boolean expression. */
public sealed interface ChoiceRule {

  /**
   * A comparison: {@code Variable} with one operator.
   *
   * @param variable the {@code Variable} path
   * @param operator the operator as written, e.g. {@code StringEquals}, {@code
   *     NumericLessThanPath}, {@code IsPresent}, {@code StringMatches}
   * @param value its operand: a literal, or the path (a text node) for a {@code ...Path} operator
   */
  record Comparison(String variable, String operator, JsonNode value) implements ChoiceRule {}

  /** {@code And}: all of them. */
  record And(List<ChoiceRule> rules) implements ChoiceRule {
    public And {
      rules = List.copyOf(rules);
    }
  }

  /** {@code Or}: any of them. */
  record Or(List<ChoiceRule> rules) implements ChoiceRule {
    public Or {
      rules = List.copyOf(rules);
    }
  }

  /** {@code Not}. */
  record Not(ChoiceRule rule) implements ChoiceRule {}

  /**
   * A JSONata {@code Condition}: a {@code {% %}} expression text, or a literal boolean.
   *
   * @param condition the condition as written
   */
  record Condition(JsonNode condition) implements ChoiceRule {}
}
