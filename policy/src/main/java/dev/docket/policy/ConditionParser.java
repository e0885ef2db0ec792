package dev.docket.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.policy.Condition.Qualifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Validates and compiles a statement's {@code Condition} element: an object of operators, each an
 * object of condition keys, each with a value or a non-empty array of values (strings, numbers or
 * booleans). Operator names are matched case-insensitively, with an optional {@code ForAnyValue:}
 * or {@code ForAllValues:} prefix and an optional {@code IfExists} suffix ({@code Null} takes
 * neither); an unknown operator is refused. Condition keys need a {@code vendor:} prefix and are
 * compared case-insensitively. Not thread-safe; one per statement.
 */
final class ConditionParser {

  private static final String FOR_ANY_VALUE = "foranyvalue";
  private static final String FOR_ALL_VALUES = "forallvalues";
  private static final String IF_EXISTS = "IfExists";

  private final boolean variables;
  private final IntConsumer counter;

  /**
   * @param variables whether {@code ${...}} is policy-variable syntax (version 2012-10-17)
   * @param counter told how many values each key has, to enforce the document's value limit
   */
  ConditionParser(boolean variables, IntConsumer counter) {
    this.variables = variables;
    this.counter = counter;
  }

  List<Condition> parse(JsonNode node) {
    if (!node.isObject()) {
      throw new MalformedPolicyException(Reasons.SYNTAX);
    }
    List<Condition> conditions = new ArrayList<>();
    for (Map.Entry<String, JsonNode> operatorEntry : node.properties()) {
      String name = operatorEntry.getKey();
      Qualifier qualifier = Qualifier.NONE;
      String base = name;
      int colon = name.indexOf(':');
      if (colon >= 0) {
        String prefix = name.substring(0, colon).toLowerCase(Locale.ROOT);
        qualifier =
            switch (prefix) {
              case FOR_ANY_VALUE -> Qualifier.FOR_ANY_VALUE;
              case FOR_ALL_VALUES -> Qualifier.FOR_ALL_VALUES;
              default -> throw unknownOperator(name);
            };
        base = name.substring(colon + 1);
      }
      boolean ifExists =
          base.length() > IF_EXISTS.length()
              && base.regionMatches(
                  true, base.length() - IF_EXISTS.length(), IF_EXISTS, 0, IF_EXISTS.length());
      if (ifExists) {
        base = base.substring(0, base.length() - IF_EXISTS.length());
      }
      Operator operator = Operator.named(base);
      if (operator == null
          || (operator == Operator.NULL && (ifExists || qualifier != Qualifier.NONE))) {
        throw unknownOperator(name);
      }
      JsonNode keys = operatorEntry.getValue();
      if (!keys.isObject()) {
        throw new MalformedPolicyException(Reasons.SYNTAX);
      }
      for (Map.Entry<String, JsonNode> keyEntry : keys.properties()) {
        conditions.add(condition(operator, qualifier, ifExists, keyEntry));
      }
    }
    return conditions;
  }

  private Condition condition(
      Operator operator, Qualifier qualifier, boolean ifExists, Map.Entry<String, JsonNode> entry) {
    String key = entry.getKey();
    if (key.indexOf(':') <= 0) {
      throw new MalformedPolicyException(Reasons.ACTION_VENDOR);
    }
    String normalized = ConditionContext.normalize(key);
    List<String> raw = conditionValues(entry.getValue(), key);
    if (operator == Operator.NULL) {
      Set<String> distinct = new HashSet<>();
      for (String value : raw) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
          throw new MalformedPolicyException(
              "Null value " + PolicyText.quote(value) + " is not true or false");
        }
        distinct.add(value.toLowerCase(Locale.ROOT));
      }
      if (distinct.size() > 1) {
        throw new MalformedPolicyException("Null values for " + key + " contradict each other");
      }
      return new Condition.Presence(normalized, distinct.contains("true"));
    }
    return new Condition.Comparison(
        normalized,
        qualifier,
        ifExists,
        operator.negated(),
        ValueTests.compile(operator, raw, variables));
  }

  /** A condition's values: strings, numbers or booleans, alone or in a non-empty array. */
  private List<String> conditionValues(JsonNode node, String key) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      if (node.isEmpty()) {
        throw new MalformedPolicyException("Condition values for " + key + " must not be empty");
      }
      for (JsonNode element : node) {
        out.add(scalar(element, key));
      }
    } else {
      out.add(scalar(node, key));
    }
    counter.accept(out.size());
    return out;
  }

  private static String scalar(JsonNode node, String key) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    throw new MalformedPolicyException(
        "Condition value for " + key + " must be a string, number or boolean");
  }

  private static MalformedPolicyException unknownOperator(String name) {
    return new MalformedPolicyException("Unknown condition operator " + PolicyText.quote(name));
  }
}
