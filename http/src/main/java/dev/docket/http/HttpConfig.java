package dev.docket.http;

import java.util.Map;
import java.util.Objects;

/**
 * How the wire layer listens and authenticates.
 *
 * @param bindAddress the address to listen on, e.g. {@code 127.0.0.1}
 * @param port the port; 0 picks a free one ({@link WireServer#port()} tells which)
 * @param authEnabled whether SigV4 signatures are verified; when off any or no signature is
 *     accepted
 * @param accessKeys the configured access key ids, each with its secret and account
 * @param defaultAccountId the account of requests when auth is off
 * @param defaultRegion the region of requests that carry no credential scope
 * @param maxRequestBytes the largest request body accepted
 */
public record HttpConfig(
    String bindAddress,
    int port,
    boolean authEnabled,
    Map<String, AccessKey> accessKeys,
    String defaultAccountId,
    String defaultRegion,
    int maxRequestBytes) {

  /** SQS's batch limit: 1 MiB. */
  private static final int DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024;

  /** Validates the components and copies the key map. */
  public HttpConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(defaultAccountId, "defaultAccountId");
    Objects.requireNonNull(defaultRegion, "defaultRegion");
    accessKeys = Map.copyOf(accessKeys);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
    }
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException(
          "maxRequestBytes must be positive, but was " + maxRequestBytes);
    }
    if (!defaultAccountId.matches("\\d{12}")) {
      throw new IllegalArgumentException(
          "defaultAccountId must be 12 digits, but was '" + defaultAccountId + "'");
    }
  }

  /**
   * 127.0.0.1:4566, auth off, no keys, account {@code 000000000000}, us-east-1, 8 MiB bodies (room
   * for a 1 MiB SQS batch however its protocol encodes it, so that SQS itself answers an oversized
   * message with its own error rather than the wire layer with 413).
   */
  public static HttpConfig defaults() {
    return new HttpConfig(
        "127.0.0.1", 4566, false, Map.of(), "000000000000", "us-east-1", DEFAULT_MAX_REQUEST_BYTES);
  }

  /**
   * A configured credential.
   *
   * @param secretKey the secret access key signatures are checked with
   * @param accountId the 12-digit account requests signed with it act as
   */
  public record AccessKey(String secretKey, String accountId) {

    /** Validates that neither component is null. */
    public AccessKey {
      Objects.requireNonNull(secretKey, "secretKey");
      Objects.requireNonNull(accountId, "accountId");
    }

    /** Hides the secret. */
    @Override
    public String toString() {
      return "AccessKey[accountId=" + accountId + "]";
    }
  }
}
