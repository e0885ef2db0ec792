package dev.docket.policy;

/** What one policy says about one request. */
public enum Decision {
  /** A statement with {@code "Effect": "Allow"} applies and no {@code Deny} statement does. */
  ALLOW,
  /** A statement with {@code "Effect": "Deny"} applies: an explicit deny, which always wins. */
  DENY,
  /** No statement applies: the policy neither allows nor denies (an implicit deny). */
  NOT_APPLICABLE
}
