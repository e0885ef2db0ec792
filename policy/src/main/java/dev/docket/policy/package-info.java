/**
 * IAM resource-based policies, as a core module on the JDK and Jackson alone: {@link
 * dev.docket.policy.PolicyDocument} parses and validates a policy document once into an immutable,
 * pre-compiled {@link dev.docket.policy.Policy}; {@link dev.docket.policy.Policy#evaluate} answers
 * {@link dev.docket.policy.Decision#ALLOW}, {@code DENY} or {@code NOT_APPLICABLE} for a {@link
 * dev.docket.policy.Request}; {@link dev.docket.policy.Authorizer} turns that into AWS's decision
 * for a resource with a resource policy and no identity policies (design note 0005). Services map
 * {@link dev.docket.policy.MalformedPolicyException} to their own AWS error.
 */
package dev.docket.policy;
