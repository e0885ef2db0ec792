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
    if ((rest.charAt(0) != '.' && rest.charAt(0) != '[') || !balanced(rest)) {
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

  /** Whether brackets and parentheses outside quotes pair up (Jayway lets {@code $.a[} pass). */
  private static boolean balanced(String path) {
    StringBuilder open = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[' || c == '(') {
        open.append(c);
      } else if (c == ']' || c == ')') {
        if (open.isEmpty() || open.charAt(open.length() - 1) != (c == ']' ? '[' : '(')) {
          return false;
        }
        open.setLength(open.length() - 1);
      }
    }
    return open.isEmpty() && quote == 0;
  }

  static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
