package dev.docket.states.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.states.asl.ChoiceRule;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Data flow of a JSONPath-mode state: InputPath, payload templates (Parameters, ItemSelector,
 * ResultSelector), ResultPath, OutputPath, Assign, path fields and Choice rules.
 *
 * <p>Inputs are never mutated: values selected by a path share structure with the input, templates
 * build new nodes, and ResultPath copies only the objects on its path. Compiled paths are cached.
 * Thread-safe (stateless).
 */
public final class JsonPathMode {

  private JsonPathMode() {}

  /** InputPath: the path applied to the state input; a null path gives {@code {}}. */
  public static JsonNode applyInputPath(String inputPath, Scope scope) {
    if (inputPath == null) {
      return Json.NODES.objectNode();
    }
    if ("$".equals(inputPath)) {
      return scope.input();
    }
    try {
      return References.resolve(inputPath, scope.input(), scope);
    } catch (PathMissing e) {
      throw StatesFailure.runtime(e.invalidPath());
    }
  }

  /**
   * A payload template: {@code key.$} fields take a path or an intrinsic function; nested objects
   * and arrays are walked; other values are literals. {@code $} is {@code scope.input()}.
   */
  public static JsonNode evaluatePayload(JsonNode template, Scope scope) {
    if (template == null) {
      return null;
    }
    return payload(template, scope, scope.input());
  }

  private static JsonNode payload(JsonNode template, Scope scope, JsonNode dollar) {
    if (template.isObject()) {
      ObjectNode out = Json.NODES.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String key = field.getKey();
        if (key.endsWith(".$")) {
          out.set(
              key.substring(0, key.length() - 2), expression(field.getValue(), key, scope, dollar));
        } else {
          out.set(key, payload(field.getValue(), scope, dollar));
        }
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = Json.NODES.arrayNode(template.size());
      for (JsonNode element : template) {
        out.add(payload(element, scope, dollar));
      }
      return out;
    }
    return template;
  }

  /** The value of a {@code key.$} field: a path or an intrinsic function. */
  static JsonNode expression(JsonNode value, String fieldName, Scope scope, JsonNode dollar) {
    if (!value.isTextual()) {
      throw StatesFailure.runtime(
          "The value of the field '" + fieldName + "' must be a JSONPath or an intrinsic function");
    }
    String text = value.textValue();
    try {
      if (Intrinsics.isIntrinsic(text)) {
        return Intrinsics.evaluate(text, scope, dollar);
      }
      return References.resolve(text, dollar, scope);
    } catch (PathMissing e) {
      throw StatesFailure.runtime(e.forField(fieldName));
    }
  }

  /**
   * ResultPath: the result placed into (a copy of) the state input. Null keeps the input, {@code $}
   * is the result; missing objects on the path are created.
   */
  public static JsonNode applyResultPath(String resultPath, JsonNode stateInput, JsonNode result) {
    return ResultPaths.apply(resultPath, stateInput, result);
  }

  /** OutputPath: the path applied to the state's output; a null path gives {@code {}}. */
  public static JsonNode applyOutputPath(String outputPath, JsonNode value, Scope scope) {
    if (outputPath == null) {
      return Json.NODES.objectNode();
    }
    if ("$".equals(outputPath)) {
      return value;
    }
    try {
      return References.resolve(outputPath, value, scope);
    } catch (PathMissing e) {
      throw StatesFailure.runtime(e.invalidPath());
    }
  }

  /**
   * JSONPath-mode Assign: variable name to value. In Assign {@code $} is the state's result when it
   * has one (a task's result, after ResultSelector), else its input (after InputPath).
   */
  public static Map<String, JsonNode> evaluateAssign(JsonNode assign, Scope scope) {
    Map<String, JsonNode> assigned = new LinkedHashMap<>();
    if (assign == null || !assign.isObject()) {
      return assigned;
    }
    JsonNode dollar = scope.result() != null ? scope.result() : scope.input();
    for (Iterator<Map.Entry<String, JsonNode>> it = assign.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      if (key.endsWith(".$")) {
        assigned.put(
            key.substring(0, key.length() - 2), expression(field.getValue(), key, scope, dollar));
      } else {
        assigned.put(key, payload(field.getValue(), scope, dollar));
      }
    }
    return assigned;
  }

  /**
   * A path field (SecondsPath, ItemsPath, ErrorPath, CausePath, MaxConcurrencyPath, ...): the value
   * it selects in the state input.
   *
   * @param fieldName the ASL field name, quoted in AWS's message when nothing is selected
   */
  public static JsonNode read(String path, Scope scope, String fieldName) {
    try {
      if (Intrinsics.isIntrinsic(path)) {
        return Intrinsics.evaluate(path, scope, scope.input());
      }
      return References.resolve(path, scope.input(), scope);
    } catch (PathMissing e) {
      if (fieldName.startsWith("TimeoutSeconds") || fieldName.startsWith("HeartbeatSeconds")) {
        throw StatesFailure.runtime(e.invalidPath());
      }
      throw StatesFailure.runtime(e.forField(fieldName));
    }
  }

  /** Whether a Choice rule (JSONPath mode) matches the state input. */
  public static boolean matches(ChoiceRule rule, Scope scope) {
    return ChoiceRules.matches(rule, scope);
  }
}
