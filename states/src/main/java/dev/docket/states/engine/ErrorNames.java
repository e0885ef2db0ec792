package dev.docket.states.engine;

import dev.docket.states.data.StatesErrors;
import java.util.List;

/** Which errors a Retry or Catch entry's {@code ErrorEquals} matches. */
final class ErrorNames {

  private ErrorNames() {}

  /**
   * Whether {@code errorEquals} matches {@code error}: by name; {@code States.ALL} matches every
   * error but {@code States.Runtime} (which no Retry or Catch handles); {@code States.TaskFailed}
   * every error but {@code States.Timeout}.
   */
  static boolean matches(List<String> errorEquals, String error) {
    if (error.equals(StatesErrors.RUNTIME) || error.equals(Interpreter.DATA_LIMIT_EXCEEDED)) {
      return false;
    }
    for (String name : errorEquals) {
      if (name.equals(error)
          || name.equals(StatesErrors.ALL)
          || name.equals(StatesErrors.TASK_FAILED) && !error.equals(StatesErrors.TIMEOUT)) {
        return true;
      }
    }
    return false;
  }
}
