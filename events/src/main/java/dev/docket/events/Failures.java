package dev.docket.events;

import dev.docket.model.ServiceException;

/**
 * The errors the events service reports, with EventBridge's messages. Messages are AWS's word for
 * word (from AWS-recorded responses) unless marked ours. Stateless and thread-safe.
 */
final class Failures {

  private Failures() {}

  /** AWS's: an unknown bus. */
  static ServiceException busNotFound(String name) {
    return new ServiceException(
        EventsError.RESOURCE_NOT_FOUND, "Event bus " + name + " does not exist.");
  }

  /** AWS's: an unknown rule on a bus. */
  static ServiceException ruleNotFound(String rule, String busName) {
    return new ServiceException(
        EventsError.RESOURCE_NOT_FOUND,
        "Rule " + rule + " does not exist on EventBus " + busName + ".");
  }

  /** AWS's: a bus of that name exists. */
  static ServiceException busExists(String name) {
    return new ServiceException(
        EventsError.RESOURCE_ALREADY_EXISTS, "Event bus " + name + " already exists.");
  }

  /** AWS's: the default bus cannot be deleted. */
  static ServiceException cannotDeleteDefaultBus() {
    return validation("Cannot delete event bus default.");
  }

  /** AWS's: DeleteRule on a rule that still has targets. */
  static ServiceException ruleHasTargets() {
    return validation("Rule can't be deleted since it has targets.");
  }

  /** AWS's: more than five targets on a rule. */
  static ServiceException tooManyTargets() {
    return new ServiceException(
        EventsError.LIMIT_EXCEEDED, "The requested resource exceeds the maximum number allowed.");
  }

  /** A {@code ValidationException} with {@code message}. */
  static ServiceException validation(String message) {
    return new ServiceException(EventsError.VALIDATION, message);
  }

  /** Ours: a NextToken this server did not issue. */
  static ServiceException invalidNextToken() {
    return validation("The NextToken provided is not valid.");
  }

  /**
   * IAM's message form for a request a resource policy does not allow: {@code User: <caller> is not
   * authorized to perform: <action> on resource: <arn> because no resource-based policy allows the
   * <action> action}, or {@code ... with an explicit deny in a resource-based policy}.
   */
  static String accessDeniedMessage(
      String caller, String action, String resource, boolean explicit) {
    return "User: "
        + caller
        + " is not authorized to perform: "
        + action
        + " on resource: "
        + resource
        + (explicit
            ? " with an explicit deny in a resource-based policy"
            : " because no resource-based policy allows the " + action + " action");
  }

  /** IAM's form: {@code AccessDeniedException} for a resource of another account. */
  static ServiceException accessDenied(String caller, String action, String resource) {
    return new ServiceException(
        EventsError.ACCESS_DENIED, accessDeniedMessage(caller, action, resource, false));
  }

  /** Ours: another writer kept changing the resource. */
  static ServiceException concurrentModification() {
    return new ServiceException(EventsError.CONCURRENT_MODIFICATION);
  }
}
