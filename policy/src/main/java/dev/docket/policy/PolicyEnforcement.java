package dev.docket.policy;

/**
 * How far Docket checks the deliveries its own services make (configuration {@code
 * auth.policy-enforcement}; design note 0005). Requests from clients are checked the same way in
 * both modes.
 */
public enum PolicyEnforcement {
  /**
   * Account boundaries only (the default): a delivery into a resource of the account that made the
   * rule is allowed without a policy; one into another account's resource needs that resource's
   * policy to allow the delivering service principal.
   */
  ACCOUNTS,
  /**
   * As AWS checks: every delivery by a service principal ({@code events.amazonaws.com}) needs the
   * target resource's policy to allow it, with {@code aws:SourceArn} the rule's ARN, in its own
   * account too.
   */
  STRICT
}
