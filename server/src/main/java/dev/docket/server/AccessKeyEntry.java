package dev.docket.server;

import java.util.Objects;

/**
 * One configured access key, before defaults are applied.
 *
 * @param accessKeyId the key id clients sign with
 * @param secretKey the secret
 * @param accountId the account requests signed with this key act as; {@code null} means the
 *     principal's account, else {@code aws.default-account}
 * @param principal the ARN of the user or role the key acts as; {@code null} means the account's
 *     root
 */
public record AccessKeyEntry(
    String accessKeyId, String secretKey, String accountId, String principal) {

  /** Validates the entry. */
  public AccessKeyEntry {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretKey, "secretKey");
  }

  /** An entry acting as an account's root. */
  public AccessKeyEntry(String accessKeyId, String secretKey, String accountId) {
    this(accessKeyId, secretKey, accountId, null);
  }

  @Override
  public String toString() {
    return "AccessKeyEntry[accessKeyId="
        + accessKeyId
        + ", secretKey=***, accountId="
        + accountId
        + ", principal="
        + principal
        + "]";
  }
}
