package dev.docket.states.asl;

import java.util.HashMap;
import java.util.Map;

/**
 * Which fields each state type accepts, and in which query language. A field a type does not have
 * is AWS's {@code Field 'X' is not supported}; a field of the other language is AWS's {@code The
 * QueryLanguage is set to 'JSONPath', but field 'X' is only supported for the 'JSONata'
 * QueryLanguage} (and the reverse). Immutable and thread-safe.
 */
final class FieldRules {

  /** The languages a field is allowed in. */
  enum Allowed {
    BOTH,
    JSONPATH,
    JSONATA;

    boolean allows(QueryLanguage language) {
      return this == BOTH
          || (this == JSONPATH
              ? language == QueryLanguage.JSONPATH
              : language == QueryLanguage.JSONATA);
    }
  }

  /** The state types, in AWS's order (its message lists them so). */
  static final String TYPES = "[Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]";

  private static final Map<String, Map<String, Allowed>> RULES = new HashMap<>();

  static {
    define(
        "Pass", "Next End InputPath* OutputPath* Parameters* Result* ResultPath* Output! Assign");
    define(
        "Task",
        "Next End Resource InputPath* OutputPath* Parameters* ResultSelector* ResultPath*"
            + " Arguments! Output! Assign Retry Catch TimeoutSeconds TimeoutSecondsPath*"
            + " HeartbeatSeconds HeartbeatSecondsPath* Credentials");
    define("Choice", "Choices Default InputPath* OutputPath* Output! Assign");
    define(
        "Wait",
        "Next End Seconds Timestamp SecondsPath* TimestampPath* InputPath* OutputPath* Output!"
            + " Assign");
    define("Succeed", "InputPath* OutputPath* Output!");
    define("Fail", "Error Cause ErrorPath* CausePath*");
    define(
        "Parallel",
        "Next End Branches InputPath* OutputPath* Parameters* ResultSelector* ResultPath*"
            + " Arguments! Output! Assign Retry Catch");
    define(
        "Map",
        "Next End ItemProcessor Iterator ItemsPath* Items! ItemSelector Parameters* ItemReader"
            + " ItemBatcher ResultWriter MaxConcurrency MaxConcurrencyPath*"
            + " ToleratedFailurePercentage ToleratedFailurePercentagePath* ToleratedFailureCount"
            + " ToleratedFailureCountPath* Label InputPath* OutputPath* ResultSelector*"
            + " ResultPath* Output! Assign Retry Catch");
  }

  private FieldRules() {}

  /** Whether {@code type} is a state type. */
  static boolean isType(String type) {
    return RULES.containsKey(type);
  }

  /** How {@code field} is allowed in a state of {@code type}; null if it is not supported. */
  static Allowed rule(String type, String field) {
    return RULES.get(type).get(field);
  }

  /** The language a catcher's or choice rule's field is allowed in; null if not supported. */
  static Allowed catcherField(String field) {
    return switch (field) {
      case "ErrorEquals", "Next", "Comment", "Assign" -> Allowed.BOTH;
      case "ResultPath" -> Allowed.JSONPATH;
      case "Output" -> Allowed.JSONATA;
      default -> null;
    };
  }

  private static void define(String type, String fields) {
    Map<String, Allowed> rules = new HashMap<>();
    rules.put("Type", Allowed.BOTH);
    rules.put("Comment", Allowed.BOTH);
    rules.put("QueryLanguage", Allowed.BOTH);
    for (String field : fields.split(" ")) {
      if (field.endsWith("*")) {
        rules.put(field.substring(0, field.length() - 1), Allowed.JSONPATH);
      } else if (field.endsWith("!")) {
        rules.put(field.substring(0, field.length() - 1), Allowed.JSONATA);
      } else {
        rules.put(field, Allowed.BOTH);
      }
    }
    RULES.put(type, Map.copyOf(rules));
  }
}
