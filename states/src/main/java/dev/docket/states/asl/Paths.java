package dev.docket.states.asl;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;

/**
 * Syntax of the JSONPath-mode references: paths ({@code $.a}, the context object's {@code $$.a}, a
 * variable's {@code $name.a}) and intrinsic function calls ({@code States.Format('{}', $.a)}).
 * Whether a path matches anything is a run-time question; only the syntax is checked here.
 * Stateless and thread-safe.
 */
final class Paths {

  private Paths() {}

  /**
   * Whether {@code text} is a path: {@code $}, {@code $$} or {@code $var}, then a JSONPath tail.
   */
  static boolean isPath(String text) {
    if (text == null || !text.startsWith("$")) {
      return false;
    }
    int i = 1;
    if (text.startsWith("$$")) {
      i = 2;
    } else if (i < text.length() && isNameStart(text.charAt(i))) {
      while (i < text.length() && isNamePart(text.charAt(i))) {
        i++;
      }
    }
    String rest = text.substring(i);
    if (rest.isEmpty()) {
      return true;
    }
    if (rest.charAt(0) != '.' && rest.charAt(0) != '[') {
      return false;
    }
    try {
      JsonPath.compile("$" + rest);
      return true;
    } catch (InvalidPathException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code text} is a path or an intrinsic function call. */
  static boolean isPathOrIntrinsic(String text) {
    return isPath(text) || Intrinsics.isCall(text);
  }

  static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
