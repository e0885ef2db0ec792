package dev.docket.policy;

/**
 * One compiled statement. A null matcher means the element was absent and matches everything (only
 * {@code Resource} and {@code Principal}, when the parse options allow their absence). Checks run
 * cheapest first: action, resource, principal, then conditions (AND). Immutable and thread-safe.
 *
 * @param sid the statement id, or empty
 * @param allow whether the effect is {@code Allow} (else {@code Deny})
 * @param actions the {@code Action} or {@code NotAction} values, lower-cased
 * @param notAction whether {@code actions} came from {@code NotAction}
 * @param resources the {@code Resource} or {@code NotResource} values, or null
 * @param notResource whether {@code resources} came from {@code NotResource}
 * @param principals the {@code Principal} or {@code NotPrincipal} values, or null
 * @param notPrincipal whether {@code principals} came from {@code NotPrincipal}
 * @param conditions the conditions, all of which must hold
 */
record Statement(
    String sid,
    boolean allow,
    GlobSet actions,
    boolean notAction,
    GlobSet resources,
    boolean notResource,
    PrincipalSet principals,
    boolean notPrincipal,
    Condition[] conditions) {

  /** Whether the statement applies; {@code lowerAction} is the request's action lower-cased. */
  boolean applies(Request request, String lowerAction) {
    if (actions.matches(lowerAction) == notAction) {
      return false;
    }
    if (resources != null && resources.matches(request.resourceArn()) == notResource) {
      return false;
    }
    if (principals != null && principals.matches(request.principal()) == notPrincipal) {
      return false;
    }
    for (Condition condition : conditions) {
      if (!condition.holds(request.context())) {
        return false;
      }
    }
    return true;
  }
}
