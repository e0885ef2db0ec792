package dev.docket.policy;

import dev.docket.model.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * AWS's decision for a request on a resource that may have a resource-based policy, with no
 * identity-based policies (Docket has no IAM: a principal may do anything in its own account):
 *
 * <ol>
 *   <li>an applicable {@code Deny} statement in the resource policy denies, whoever the caller is;
 *   <li>else a caller of the resource's own account (a root, user, role or session of it) is
 *       allowed;
 *   <li>else (a caller of another account, a service principal, or an anonymous caller) is allowed
 *       only if the resource policy has an applicable {@code Allow}.
 * </ol>
 *
 * <p>Stateless and thread-safe.
 */
public final class Authorizer {

  private Authorizer() {}

  /**
   * Decides one request.
   *
   * @param caller who makes the request; must be the request's principal
   * @param resourceAccount the 12-digit account that owns the resource
   * @param resourcePolicy the resource's policy, if it has one
   * @param request the request, as the policy sees it
   * @throws IllegalArgumentException if {@code caller} is not {@code request.principal()}
   */
  public static Authorization decide(
      Principal caller, String resourceAccount, Optional<Policy> resourcePolicy, Request request) {
    Objects.requireNonNull(resourceAccount, "resourceAccount");
    if (!caller.equals(request.principal())) {
      throw new IllegalArgumentException(
          "caller "
              + caller.arn()
              + " is not the request's principal "
              + request.principal().arn());
    }
    Decision decision =
        resourcePolicy.map(policy -> policy.evaluate(request)).orElse(Decision.NOT_APPLICABLE);
    if (decision == Decision.DENY) {
      return Authorization.DENIED_EXPLICITLY;
    }
    if (sameAccount(caller, resourceAccount)) {
      return Authorization.ALLOWED_SAME_ACCOUNT;
    }
    return decision == Decision.ALLOW
        ? Authorization.ALLOWED_BY_POLICY
        : Authorization.DENIED_IMPLICITLY;
  }

  private static boolean sameAccount(Principal caller, String resourceAccount) {
    return switch (caller.type()) {
      case SERVICE, ANONYMOUS -> false;
      default -> caller.account().equals(resourceAccount);
    };
  }
}
