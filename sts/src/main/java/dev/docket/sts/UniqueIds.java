package dev.docket.sts;

import dev.docket.model.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The unique ids AWS gives identities, as GetCallerIdentity's {@code UserId} and AssumeRole's
 * {@code AssumedRoleId} show them: the account id for its root, {@code AIDA…} for a user, {@code
 * AROA…} for a role and {@code AROA…:<session>} for a role session. Docket has no IAM to assign
 * them, so each is derived from the identity's account and name (21 characters, as AWS's are):
 * stable across restarts and nodes, distinct per identity. Stateless and thread-safe.
 */
final class UniqueIds {

  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private UniqueIds() {}

  /** The {@code UserId} GetCallerIdentity answers for a principal. */
  static String userId(Principal principal) {
    return switch (principal.type()) {
      case ROOT -> principal.account();
      case USER -> "AIDA" + digest(principal.account() + ":user:" + name(principal.arn()));
      case ROLE -> roleId(principal.account(), principal.roleName());
      case ASSUMED_ROLE ->
          roleId(principal.account(), principal.roleName())
              + ":"
              + principal.arn().substring(principal.arn().lastIndexOf('/') + 1);
      case SERVICE, ANONYMOUS -> principal.arn();
    };
  }

  /** The unique id of a role, {@code AROA…}, from its account and name. */
  static String roleId(String account, String roleName) {
    return "AROA" + digest(account + ":role:" + roleName);
  }

  private static String name(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  private static String digest(String text) {
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
    StringBuilder out = new StringBuilder(17);
    for (int i = 0; i < 17; i++) {
      out.append(ALPHABET[(hash[i] & 0xff) % ALPHABET.length]);
    }
    return out.toString();
  }
}
