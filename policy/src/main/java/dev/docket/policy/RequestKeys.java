package dev.docket.policy;

import dev.docket.model.Principal;
import dev.docket.model.RequestContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The global condition keys AWS sets on every request, from what the wire layer knows of it: {@code
 * aws:PrincipalAccount}, {@code aws:PrincipalArn}, {@code aws:PrincipalType}, {@code
 * aws:PrincipalOrgID} (when configuration puts the principal's account in an organization), {@code
 * aws:CurrentTime}, {@code aws:EpochTime}, {@code aws:SecureTransport} and {@code
 * aws:RequestedRegion}. A service adds its own keys ({@code aws:SourceArn}, {@code events:source},
 * ...) to the builder this returns. Stateless.
 */
public final class RequestKeys {

  private RequestKeys() {}

  /** A builder holding the global keys of the request {@code context} describes. */
  public static ConditionContext.Builder of(RequestContext context) {
    ConditionContext.Builder keys = forPrincipal(context.principal(), context.receivedAt());
    context.principalOrgId().ifPresent(org -> keys.put("aws:PrincipalOrgID", org));
    keys.put("aws:SecureTransport", Boolean.toString(context.secureTransport()));
    keys.put("aws:RequestedRegion", context.region());
    return keys;
  }

  /**
   * A builder holding the keys of a request {@code principal} makes at {@code now} outside any
   * client request (a service delivering on a rule's behalf).
   */
  public static ConditionContext.Builder forPrincipal(Principal principal, Instant now) {
    ConditionContext.Builder keys = ConditionContext.builder();
    if (!principal.account().isEmpty()) {
      keys.put("aws:PrincipalAccount", principal.account());
    }
    switch (principal.type()) {
      case SERVICE -> keys.put("aws:PrincipalServiceName", principal.arn());
      case ANONYMOUS -> keys.put("aws:PrincipalType", "Anonymous");
      default -> {
        keys.put("aws:PrincipalArn", principalArn(principal));
        keys.put("aws:PrincipalType", principalType(principal.type()));
      }
    }
    keys.put("aws:CurrentTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
    keys.put("aws:EpochTime", Long.toString(now.getEpochSecond()));
    return keys;
  }

  /**
   * A builder holding the keys of a delivery {@code caller} makes at {@code now} on behalf of a
   * source (a rule, a schedule, an execution): {@link #forPrincipal}'s, plus {@code aws:SourceArn}
   * and {@code aws:SourceAccount} where given (empty strings are left out).
   */
  public static ConditionContext.Builder forSource(
      Principal caller, Instant now, String sourceArn, String sourceAccount) {
    ConditionContext.Builder keys = forPrincipal(caller, now);
    if (!sourceArn.isEmpty()) {
      keys.put("aws:SourceArn", sourceArn);
    }
    if (!sourceAccount.isEmpty()) {
      keys.put("aws:SourceAccount", sourceAccount);
    }
    return keys;
  }

  /** {@code aws:PrincipalArn} of a role session is the role's ARN, as IAM documents. */
  private static String principalArn(Principal principal) {
    if (principal.type() != Principal.Type.ASSUMED_ROLE) {
      return principal.arn();
    }
    return "arn:aws:iam::" + principal.account() + ":role/" + principal.roleName();
  }

  private static String principalType(Principal.Type type) {
    return switch (type) {
      case ROOT -> "Account";
      case USER -> "User";
      case ROLE, ASSUMED_ROLE -> "AssumedRole";
      case SERVICE -> "Service";
      case ANONYMOUS -> "Anonymous";
    };
  }
}
