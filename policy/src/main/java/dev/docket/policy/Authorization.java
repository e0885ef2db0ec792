package dev.docket.policy;

/**
 * The answer of {@link Authorizer#decide}: allowed or denied, and why (services word their refusals
 * after it, and logs can say which rule applied).
 */
public enum Authorization {
  /** The caller belongs to the resource's account and the policy does not deny it. */
  ALLOWED_SAME_ACCOUNT(true),
  /** The resource policy allows the caller (of another account, or a service). */
  ALLOWED_BY_POLICY(true),
  /** A {@code Deny} statement of the resource policy applies. */
  DENIED_EXPLICITLY(false),
  /** The caller needs an {@code Allow} from the resource policy and has none. */
  DENIED_IMPLICITLY(false);

  private final boolean allowed;

  Authorization(boolean allowed) {
    this.allowed = allowed;
  }

  /** Whether the request may go ahead. */
  public boolean allowed() {
    return allowed;
  }
}
