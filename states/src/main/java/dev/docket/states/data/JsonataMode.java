package dev.docket.states.data;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data flow of a JSONata-mode state: field values with {@code {% expression %}} strings (Arguments,
 * Output, Items, Assign, Condition, ...), evaluated with dashjoin jsonata.
 *
 * <p>Expressions are compiled once and cached by text; a compiled expression is evaluated
 * concurrently with a fresh binding frame per evaluation ({@code $states} and the variables in
 * scope), which dashjoin supports (its mutable evaluation state is per thread). AWS's functions are
 * registered on each compiled expression. Failures are {@code States.QueryEvaluationError} with
 * AWS's cause texts. Thread-safe.
 */
public final class JsonataMode {

  private static final int CACHE_LIMIT = 10_000;
  private static final ConcurrentHashMap<String, Object> CACHE = new ConcurrentHashMap<>();

  private JsonataMode() {}

  /**
   * Evaluates a field value: {@code "{% expr %}"} strings are evaluated, objects and arrays walked,
   * anything else is a literal.
   *
   * @param fieldName the field, as AWS names it in messages ({@code Output}, {@code Arguments})
   */
  public static JsonNode evaluate(JsonNode value, Scope scope, String fieldName) {
    if (value == null) {
      return null;
    }
    return new Evaluation(scope).walk(value, fieldName);
  }

  /** JSONata-mode Assign: variable name to value. */
  public static Map<String, JsonNode> evaluateAssign(JsonNode assign, Scope scope) {
    Map<String, JsonNode> assigned = new LinkedHashMap<>();
    if (assign == null || !assign.isObject()) {
      return assigned;
    }
    Evaluation evaluation = new Evaluation(scope);
    for (Iterator<Map.Entry<String, JsonNode>> it = assign.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      assigned.put(field.getKey(), evaluation.walk(field.getValue(), "Assign/" + field.getKey()));
    }
    return assigned;
  }

  /** A Choice {@code Condition}: must evaluate to a boolean. */
  public static boolean condition(JsonNode condition, Scope scope) {
    JsonNode value = evaluate(condition, scope, "Condition");
    if (!value.isBoolean()) {
      String text = condition.isTextual() ? expressionText(condition.textValue()) : null;
      throw failure(
          "The JSONata expression '"
              + (text == null ? Json.text(condition) : text)
              + "' specified for the field 'Condition' returned a non-boolean value: "
              + Json.text(value));
    }
    return value.booleanValue();
  }

  /** Whether a string value is a JSONata expression, {@code {% ... %}}. */
  static boolean isExpression(String text) {
    return text.length() >= 4 && text.startsWith("{%") && text.endsWith("%}");
  }

  private static String expressionText(String text) {
    return isExpression(text) ? text.substring(2, text.length() - 2).trim() : null;
  }

  /** One evaluation: the binding frame is built once, on first use. */
  private static final class Evaluation {
    private final Scope scope;
    private Jsonata.Frame frame;
    private Map<String, Object> states;
    private Map<String, JsonNode> pending;

    Evaluation(Scope scope) {
      this.scope = scope;
    }

    JsonNode walk(JsonNode value, String fieldName) {
      if (value.isTextual()) {
        String expression = expressionText(value.textValue());
        return expression == null ? value : expression(expression, fieldName);
      }
      if (value.isObject()) {
        ObjectNode out = Json.NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          out.set(field.getKey(), walk(field.getValue(), fieldName + "/" + field.getKey()));
        }
        return out;
      }
      if (value.isArray()) {
        ArrayNode out = Json.NODES.arrayNode(value.size());
        for (int i = 0; i < value.size(); i++) {
          out.add(walk(value.get(i), fieldName + "/" + i));
        }
        return out;
      }
      return value;
    }

    private JsonNode expression(String expression, String fieldName) {
      String prefix =
          "The JSONata expression '"
              + expression
              + "' specified for the field '"
              + fieldName
              + "' ";
      Object result;
      try {
        Jsonata compiled = compile(expression);
        Jsonata.Frame bindings = frame(expression);
        result = JsonataEvaluators.with(() -> compiled.evaluate(null, bindings));
      } catch (JException e) {
        throw failure(
            prefix + "threw an error during evaluation. " + e.getError() + ": " + e.getMessage());
      } catch (JsonataFunctions.Refused e) {
        throw failure(prefix + "threw an error during evaluation. " + e.getMessage());
      } catch (RuntimeException e) {
        JsonataFunctions.Refused refused = refused(e);
        throw failure(
            prefix
                + "threw an error during evaluation. "
                + (refused != null ? refused.getMessage() : String.valueOf(e.getMessage())));
      }
      if (result == null) {
        throw failure(prefix + "returned nothing (undefined).");
      }
      try {
        return JsonataValues.toJson(result);
      } catch (JsonataValues.Unsupported e) {
        throw failure(prefix + "returned an unsupported result type.");
      }
    }

    /**
     * The binding frame with what {@code expression} can refer to: {@code $states} members and
     * variables are converted on first mention only (an expression cannot name a variable
     * dynamically, {@code $eval} being refused), so large inputs or variables an expression does
     * not read are never converted.
     */
    private Jsonata.Frame frame(String expression) {
      if (frame == null) {
        frame = new Jsonata.Frame(null);
        states = new HashMap<>();
        pending = new HashMap<>(scope.variables().visible());
        frame.bind("states", states);
      }
      int at = expression.indexOf("$states");
      if (at >= 0) {
        boolean whole = !wholeStatesReferencedOnlyByMember(expression);
        bindState("input", scope.input(), expression, whole);
        bindState("context", scope.context(), expression, whole);
        bindState("result", scope.result(), expression, whole);
        bindState("errorOutput", scope.errorOutput(), expression, whole);
      }
      if (!pending.isEmpty()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pending.entrySet().iterator();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> variable = it.next();
          if (expression.contains("$" + variable.getKey())) {
            frame.bind(variable.getKey(), JsonataValues.toJava(variable.getValue()));
            it.remove();
          }
        }
      }
      return frame;
    }

    private void bindState(String member, JsonNode value, String expression, boolean whole) {
      if (value != null && !states.containsKey(member) && (whole || expression.contains(member))) {
        states.put(member, JsonataValues.toJava(value));
      }
    }
  }

  /** Whether every {@code $states} in the expression is followed by {@code .}. */
  private static boolean wholeStatesReferencedOnlyByMember(String expression) {
    for (int at = expression.indexOf("$states");
        at >= 0;
        at = expression.indexOf("$states", at + 1)) {
      int next = at + "$states".length();
      if (next >= expression.length() || expression.charAt(next) != '.') {
        return false;
      }
    }
    return true;
  }

  private static JsonataFunctions.Refused refused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonataFunctions.Refused refused) {
        return refused;
      }
    }
    return null;
  }

  /** The compiled expression, cached; a parse error is thrown (and cached) as a JException. */
  private static Jsonata compile(String expression) {
    Object cached = CACHE.get(expression);
    if (cached == null) {
      try {
        Jsonata compiled = JsonataEvaluators.with(() -> Jsonata.jsonata(expression));
        compiled.setOutputConvertNulls(false);
        JsonataFunctions.ALL.forEach(compiled::registerFunction);
        cached = compiled;
      } catch (JException e) {
        cached = e;
      }
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(expression, cached);
    }
    if (cached instanceof JException e) {
      throw e;
    }
    return (Jsonata) cached;
  }

  private static StatesFailure failure(String cause) {
    return new StatesFailure(StatesErrors.QUERY_EVALUATION_ERROR, cause);
  }
}
