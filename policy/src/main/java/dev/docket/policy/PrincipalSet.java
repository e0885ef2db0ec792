package dev.docket.policy;

import dev.docket.model.Principal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The principals one {@code Principal} or {@code NotPrincipal} element names, normalised: an
 * account id and its root ARN are one entry, which matches every principal of that account (as IAM
 * does for resource-based policies); a role ARN matches the role and every session of it; user and
 * session ARNs match exactly; service names match case-insensitively ({@code {"Service": "*"}}
 * matches every service); {@code "*"} matches everyone, the anonymous caller and services included,
 * while {@code {"AWS": "*"}} matches every root, user, role and session of any account but neither
 * the anonymous caller nor a service (IAM's Principal element reference: "any root user, IAM user,
 * assumed-role session, or federated user in any account"). {@code Federated} and {@code
 * CanonicalUser} entries are kept but match no Docket principal (Docket has neither). Immutable and
 * thread-safe.
 */
final class PrincipalSet {

  static final PrincipalSet ANYONE =
      new PrincipalSet(true, false, Set.of(), Set.of(), new String[0], Set.of());

  private final boolean anyone;
  private final boolean anyAccount;
  private final Set<String> accounts;
  private final Set<String> arns;

  /** Pairs account, role name: every session of these roles matches. */
  private final String[] roles;

  private final Set<String> services;

  private PrincipalSet(
      boolean anyone,
      boolean anyAccount,
      Set<String> accounts,
      Set<String> arns,
      String[] roles,
      Set<String> services) {
    this.anyone = anyone;
    this.anyAccount = anyAccount;
    this.accounts = accounts;
    this.arns = arns;
    this.roles = roles;
    this.services = services;
  }

  boolean matches(Principal principal) {
    if (anyone) {
      return true;
    }
    return switch (principal.type()) {
      case ANONYMOUS -> false;
      case SERVICE ->
          !services.isEmpty()
              && (services.contains(principal.arn().toLowerCase(Locale.ROOT))
                  || services.contains("*"));
      case ASSUMED_ROLE -> matchesIdentity(principal) || matchesRoleOf(principal);
      default -> matchesIdentity(principal);
    };
  }

  private boolean matchesIdentity(Principal principal) {
    return anyAccount || accounts.contains(principal.account()) || arns.contains(principal.arn());
  }

  private boolean matchesRoleOf(Principal session) {
    if (roles.length == 0) {
      return false;
    }
    String name = session.roleName();
    for (int i = 0; i < roles.length; i += 2) {
      if (roles[i].equals(session.account()) && roles[i + 1].equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Collects the entries of one element. Not thread-safe. */
  static final class Builder {
    private boolean anyAccount;
    private final Set<String> accounts = new HashSet<>();
    private final Set<String> arns = new HashSet<>();
    private final List<String> roles = new ArrayList<>();
    private final Set<String> services = new HashSet<>();

    /** Adds one {@code AWS} value; refuses values that name no principal. */
    void aws(String value) {
      if (value.equals("*")) {
        anyAccount = true;
      } else if (Principal.ACCOUNT.matcher(value).matches()) {
        accounts.add(value);
      } else {
        Principal.Type type = Principal.typeOf(value);
        if (type == null || value.indexOf('*') >= 0 || value.indexOf('?') >= 0) {
          throw new MalformedPolicyException(Reasons.invalidPrincipal("AWS", value));
        }
        String account = Principal.accountOf(value);
        switch (type) {
          case ROOT -> accounts.add(account);
          case ROLE -> {
            arns.add(value);
            roles.add(account);
            roles.add(value.substring(value.lastIndexOf('/') + 1));
          }
          default -> arns.add(value);
        }
      }
    }

    void service(String value) {
      if (value.isBlank()) {
        throw new MalformedPolicyException(Reasons.invalidPrincipal("Service", value));
      }
      services.add(value.toLowerCase(Locale.ROOT));
    }

    PrincipalSet build() {
      return new PrincipalSet(
          false,
          anyAccount,
          Set.copyOf(accounts),
          Set.copyOf(arns),
          roles.toArray(String[]::new),
          Set.copyOf(services));
    }
  }
}
