package dev.docket.sts;

import dev.docket.model.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What STS needs from configuration. Docket has no IAM: a role of the caller's own account is
 * always assumable, and a role of another account only when it is declared here with the accounts
 * trusted to assume it (its trust policy, reduced to account ids).
 *
 * @param roles role ARN → the accounts (12-digit ids) whose principals may assume it
 * @param organizations account id → the organization it belongs to
 */
public record StsConfig(Map<String, Set<String>> roles, Map<String, String> organizations) {

  /** Validates the role ARNs and account ids, and copies the maps. */
  public StsConfig {
    Objects.requireNonNull(roles, "roles");
    Objects.requireNonNull(organizations, "organizations");
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    roles.forEach(
        (arn, trusted) -> {
          if (Principal.typeOf(arn) != Principal.Type.ROLE) {
            throw new IllegalArgumentException(
                "'" + arn + "' is not a role ARN (arn:aws:iam::<account>:role/<name>)");
          }
          for (String account : trusted) {
            if (!Principal.ACCOUNT.matcher(account).matches()) {
              throw new IllegalArgumentException(
                  "The accounts trusted by "
                      + arn
                      + " are 12 digits, but one was '"
                      + account
                      + "'");
            }
          }
          copy.put(arn, Set.copyOf(trusted));
        });
    roles = Map.copyOf(copy);
    organizations = Map.copyOf(organizations);
  }

  /** No cross-account roles, no organizations. */
  public static StsConfig defaults() {
    return new StsConfig(Map.of(), Map.of());
  }
}
