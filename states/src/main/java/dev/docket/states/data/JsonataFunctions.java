package dev.docket.states.data;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The functions AWS adds to JSONata ({@code $partition}, {@code $range}, {@code $hash}, {@code
 * $random}, {@code $uuid}, {@code $parse}) and the refusal of {@code $eval}. Registered on every
 * compiled expression. Thread-safe (stateless).
 */
final class JsonataFunctions {

  static final Map<String, Jsonata.JFunction> ALL =
      Map.of(
          "partition", function(JsonataFunctions::partition),
          "range", function(JsonataFunctions::range),
          "hash", function(JsonataFunctions::hash),
          "random", function(JsonataFunctions::random),
          "uuid", function(args -> UUID.randomUUID().toString()),
          "parse", function(JsonataFunctions::parse),
          "eval", function(JsonataFunctions::eval));

  private JsonataFunctions() {}

  private interface Body {
    Object apply(List<?> args);
  }

  private static Jsonata.JFunction function(Body body) {
    return new Jsonata.JFunction(
        (Jsonata.JFunctionCallable) (input, args) -> body.apply(args == null ? List.of() : args),
        null);
  }

  /** Thrown from a function: AWS's cause text, reported as {@code States.QueryEvaluationError}. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private static Object partition(List<?> args) {
    List<?> array = list(args, 0, "$partition");
    int size = integer(args, 1, "$partition");
    if (size <= 0) {
      throw new Refused("The chunk size of $partition must be a positive integer");
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i += size) {
      out.add(new ArrayList<>(array.subList(i, Math.min(i + size, array.size()))));
    }
    return out;
  }

  private static Object range(List<?> args) {
    int first = integer(args, 0, "$range");
    int last = integer(args, 1, "$range");
    int step = integer(args, 2, "$range");
    if (step == 0) {
      throw new Refused("The step of $range cannot be 0");
    }
    long count = Math.max(0, ((long) last - first) / step + 1);
    if (count > Intrinsics.MAX_RANGE_ITEMS) {
      throw new Refused(
          "Arrays cannot contain more than "
              + Intrinsics.MAX_RANGE_ITEMS
              + " items, size: "
              + count);
    }
    List<Object> out = Utils.createSequence();
    for (long v = first; step > 0 ? v <= last : v >= last; v += step) {
      out.add((int) v);
    }
    return out;
  }

  private static Object hash(List<?> args) {
    if (args.size() != 2
        || !(args.get(0) instanceof String data)
        || !(args.get(1) instanceof String algorithm)) {
      throw new Refused("$hash expects a string and an algorithm name");
    }
    if (data.length() > Intrinsics.MAX_INPUT_CHARS) {
      throw new Refused(
          "The input of $hash is limited to " + Intrinsics.MAX_INPUT_CHARS + " characters");
    }
    switch (algorithm) {
      case "MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512" -> {}
      default -> throw new Refused("Unknown hash function '" + algorithm + "'.");
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object random(List<?> args) {
    if (args.isEmpty() || args.get(0) == null) {
      return ThreadLocalRandom.current().nextDouble();
    }
    return new Random(integer(args, 0, "$random")).nextDouble();
  }

  private static Object parse(List<?> args) {
    if (args.isEmpty() || !(args.get(0) instanceof String text)) {
      throw new Refused("$parse expects a string");
    }
    try {
      return JsonataValues.toJava(Json.parse(text));
    } catch (JsonProcessingException e) {
      throw new Refused("The string '" + text + "' is not valid JSON");
    }
  }

  private static Object eval(List<?> args) {
    throw new JException("T1006", 0);
  }

  private static List<?> list(List<?> args, int index, String name) {
    if (args.size() <= index) {
      throw new Refused(name + " expects an array as argument " + (index + 1));
    }
    Object value = args.get(index);
    if (value instanceof List<?> list) {
      return list;
    }
    List<Object> single = new ArrayList<>();
    if (value != null) {
      single.add(value);
    }
    return single;
  }

  private static int integer(List<?> args, int index, String name) {
    if (args.size() <= index || !(args.get(index) instanceof Number number)) {
      throw new Refused(name + " expects a number as argument " + (index + 1));
    }
    double d = number.doubleValue();
    if (d != Math.rint(d)) {
      throw new Refused(name + " expects an integer as argument " + (index + 1));
    }
    return (int) d;
  }
}
