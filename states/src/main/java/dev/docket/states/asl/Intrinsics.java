package dev.docket.states.asl;

import java.util.Set;

/**
 * Syntax of an intrinsic function call: a known {@code States.*} name, then arguments in
 * parentheses separated by commas. An argument is a single-quoted string (whose only escapes are
 * {@code \'}, {@code \{}, {@code \}} and {@code \\}; AWS refuses {@code \"}), a number, {@code
 * true}, {@code false}, {@code null}, a path, or another call. Argument counts and types are
 * checked when the call runs. One instance per check; not thread-safe.
 */
final class Intrinsics {

  /** The 18 intrinsic functions. */
  static final Set<String> NAMES =
      Set.of(
          "States.Format",
          "States.StringToJson",
          "States.JsonToString",
          "States.Array",
          "States.ArrayPartition",
          "States.ArrayContains",
          "States.ArrayRange",
          "States.ArrayGetItem",
          "States.ArrayLength",
          "States.ArrayUnique",
          "States.Base64Encode",
          "States.Base64Decode",
          "States.Hash",
          "States.JsonMerge",
          "States.MathRandom",
          "States.MathAdd",
          "States.StringSplit",
          "States.UUID");

  private final String text;
  private int pos;

  private Intrinsics(String text) {
    this.text = text;
  }

  /** Whether {@code text} is one well-formed intrinsic function call. */
  static boolean isCall(String text) {
    if (text == null || !text.startsWith("States.")) {
      return false;
    }
    Intrinsics parser = new Intrinsics(text.strip());
    return parser.call() && parser.pos == parser.text.length();
  }

  private boolean call() {
    int start = pos;
    while (pos < text.length() && (Paths.isNamePart(peek()) || peek() == '.')) {
      pos++;
    }
    if (!NAMES.contains(text.substring(start, pos))) {
      return false;
    }
    skipSpaces();
    if (!eat('(')) {
      return false;
    }
    skipSpaces();
    if (eat(')')) {
      return true;
    }
    while (true) {
      skipSpaces();
      if (!argument()) {
        return false;
      }
      skipSpaces();
      if (eat(')')) {
        return true;
      }
      if (!eat(',')) {
        return false;
      }
    }
  }

  private boolean argument() {
    if (pos >= text.length()) {
      return false;
    }
    char c = peek();
    if (c == '\'') {
      return string();
    }
    if (c == '$') {
      return path();
    }
    if (c == '-' || Character.isDigit(c)) {
      return number();
    }
    if (text.startsWith("States.", pos)) {
      return call();
    }
    for (String literal : new String[] {"true", "false", "null"}) {
      if (text.startsWith(literal, pos)) {
        pos += literal.length();
        return true;
      }
    }
    return false;
  }

  private boolean string() {
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '\\') {
        if (pos >= text.length() || "'{}\\".indexOf(text.charAt(pos)) < 0) {
          return false;
        }
        pos++;
      } else if (c == '\'') {
        return true;
      }
    }
    return false;
  }

  private boolean number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    while (pos < text.length() && (Character.isDigit(peek()) || ".eE+-".indexOf(peek()) >= 0)) {
      pos++;
    }
    try {
      Double.parseDouble(text.substring(start, pos));
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private boolean path() {
    int start = pos;
    int depth = 0;
    char quote = 0;
    while (pos < text.length()) {
      char c = peek();
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[' || c == '(') {
        depth++;
      } else if (c == ']' || c == ')') {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if ((c == ',' || Character.isWhitespace(c)) && depth == 0) {
        break;
      }
      pos++;
    }
    return Paths.isPath(text.substring(start, pos));
  }

  private char peek() {
    return text.charAt(pos);
  }

  private boolean eat(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
