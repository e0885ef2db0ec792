package dev.docket.server;

import java.util.Objects;

/**
 * One configured access key, before defaults are applied.
 *
 * @param accessKeyId the key id clients sign with
 * @param secretKey the secret
 * @param accountId the account requests signed with this key act as; {@code null} means {@code
 *     aws.default-account}
 */
public record AccessKeyEntry(String accessKeyId, String secretKey, String accountId) {

  /** Validates the entry. */
  public AccessKeyEntry {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretKey, "secretKey");
  }

  @Override
  public String toString() {
    return "AccessKeyEntry[accessKeyId="
        + accessKeyId
        + ", secretKey=***, accountId="
        + accountId
        + "]";
  }
}
