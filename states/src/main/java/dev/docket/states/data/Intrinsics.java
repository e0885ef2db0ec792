package dev.docket.states.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.states.data.IntrinsicParser.Call;
import dev.docket.states.data.IntrinsicParser.Literal;
import dev.docket.states.data.IntrinsicParser.Node;
import dev.docket.states.data.IntrinsicParser.PathArg;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The 18 intrinsic functions of JSONPath mode ({@code States.Format}, {@code States.Array}, ...),
 * with AWS's limits: at most 1000 items from {@code ArrayRange}, 10,000 characters into {@code
 * Base64Encode}, {@code Base64Decode} and {@code Hash}. Failures are {@code
 * States.IntrinsicFailure}; a path argument that selects nothing is {@code States.Runtime}. Parsed
 * calls are cached. Thread-safe.
 */
public final class Intrinsics {

  static final int MAX_RANGE_ITEMS = IntrinsicFunctions.MAX_RANGE_ITEMS;
  static final int MAX_INPUT_CHARS = IntrinsicFunctions.MAX_INPUT_CHARS;

  private Intrinsics() {}

  /** Whether a {@code .$} value is an intrinsic function call rather than a path. */
  public static boolean isIntrinsic(String text) {
    return text != null && text.startsWith("States.");
  }

  /** Evaluates a call; paths ({@code $.x}) read {@code scope.input()}. */
  public static JsonNode evaluate(String expression, Scope scope) {
    try {
      return evaluate(expression, scope, scope.input());
    } catch (PathMissing e) {
      throw StatesFailure.runtime(e.invalidPath());
    }
  }

  /** Evaluates a call with {@code $} bound to {@code dollar}; {@link PathMissing} escapes. */
  static JsonNode evaluate(String expression, Scope scope, JsonNode dollar) {
    return call(IntrinsicParser.parse(expression), scope, dollar);
  }

  private static JsonNode call(Call call, Scope scope, JsonNode dollar) {
    List<JsonNode> args = new ArrayList<>(call.args().size());
    for (Node arg : call.args()) {
      args.add(
          switch (arg) {
            case Literal literal -> literal.value();
            case PathArg path -> References.resolve(path.path(), dollar, scope);
            case Call nested -> call(nested, scope, dollar);
          });
    }
    String name = call.name();
    return switch (name) {
      case "Format" -> IntrinsicFunctions.format(call, args);
      case "StringToJson" ->
          IntrinsicFunctions.stringToJson(IntrinsicFunctions.text(name, args, 0, 1));
      case "JsonToString" ->
          Json.NODES.textNode(Json.text(IntrinsicFunctions.arity(name, args, 1).get(0)));
      case "Array" -> Json.NODES.arrayNode(args.size()).addAll(args);
      case "ArrayPartition" ->
          IntrinsicFunctions.partition(
              IntrinsicFunctions.array(name, args, 0, 2),
              IntrinsicFunctions.integer(name, args, 1));
      case "ArrayContains" ->
          Json.NODES.booleanNode(
              IntrinsicFunctions.contains(IntrinsicFunctions.array(name, args, 0, 2), args.get(1)));
      case "ArrayRange" ->
          IntrinsicFunctions.range(
              IntrinsicFunctions.integer(name, IntrinsicFunctions.arity(name, args, 3), 0),
              IntrinsicFunctions.integer(name, args, 1),
              IntrinsicFunctions.integer(name, args, 2));
      case "ArrayGetItem" ->
          IntrinsicFunctions.getItem(
              IntrinsicFunctions.array(name, args, 0, 2),
              IntrinsicFunctions.integer(name, args, 1));
      case "ArrayLength" ->
          Json.NODES.numberNode(IntrinsicFunctions.array(name, args, 0, 1).size());
      case "ArrayUnique" -> IntrinsicFunctions.unique(IntrinsicFunctions.array(name, args, 0, 1));
      case "Base64Encode" ->
          IntrinsicFunctions.base64Encode(
              IntrinsicFunctions.limited(name, IntrinsicFunctions.text(name, args, 0, 1)));
      case "Base64Decode" ->
          IntrinsicFunctions.base64Decode(
              IntrinsicFunctions.limited(name, IntrinsicFunctions.text(name, args, 0, 1)));
      case "Hash" ->
          IntrinsicFunctions.hash(
              IntrinsicFunctions.limited(name, IntrinsicFunctions.text(name, args, 0, 2)),
              IntrinsicFunctions.text(name, args, 1, 2));
      case "JsonMerge" -> IntrinsicFunctions.merge(args);
      case "MathRandom" -> IntrinsicFunctions.random(name, args);
      case "MathAdd" ->
          IntrinsicFunctions.integral(
              (long) IntrinsicFunctions.integer(name, IntrinsicFunctions.arity(name, args, 2), 0)
                  + IntrinsicFunctions.integer(name, args, 1));
      case "StringSplit" ->
          IntrinsicFunctions.split(
              IntrinsicFunctions.text(name, args, 0, 2), IntrinsicFunctions.text(name, args, 1, 2));
      case "UUID" -> Json.NODES.textNode(UUID.randomUUID().toString());
      default ->
          throw IntrinsicFunctions.failure(
              "The intrinsic function 'States." + name + "' is not supported");
    };
  }
}
