package dev.docket.states;

import dev.docket.model.ServiceException;

/** Step Functions' rules for the names of state machines, executions, activities and aliases. */
final class Names {

  private static final String FORBIDDEN = " \t\n\r<>{}[]?*\"#%\\^|~`$&,;:/";

  private Names() {}

  /**
   * Checks a name: 1 to 80 characters, none of white space, brackets, wildcards, the special
   * characters AWS lists, or control characters.
   *
   * @throws ServiceException {@code InvalidName} with AWS's message
   */
  static String check(String name) {
    if (!valid(name)) {
      throw new ServiceException(StatesError.INVALID_NAME, StatesError.INVALID_NAME.quoting(name));
    }
    return name;
  }

  static boolean valid(String name) {
    if (name.isEmpty() || name.length() > 80) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x1f
          || c >= 0x7f && c <= 0x9f
          || FORBIDDEN.indexOf(c) >= 0
          || Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }
}
