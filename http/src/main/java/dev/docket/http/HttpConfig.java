package dev.docket.http;

import dev.docket.model.Principal;
import java.util.Map;
import java.util.Objects;

/**
 * How the wire layer listens and authenticates.
 *
 * @param bindAddress the address to listen on, e.g. {@code 127.0.0.1}
 * @param port the port; 0 picks a free one ({@link WireServer#port()} tells which)
 * @param authEnabled whether SigV4 signatures are verified; when off any or no signature is
 *     accepted, and an access key id of twelve digits acts as that account's root
 * @param accessKeys the configured access key ids, each with its secret and principal
 * @param defaultAccountId the account of requests when auth is off and the key id names none
 * @param defaultRegion the region of requests that carry no credential scope
 * @param maxRequestBytes the largest request body accepted
 * @param organizations the organization of each account that belongs to one (account id → org id),
 *     the principal's {@code aws:PrincipalOrgID}
 */
public record HttpConfig(
    String bindAddress,
    int port,
    boolean authEnabled,
    Map<String, AccessKey> accessKeys,
    String defaultAccountId,
    String defaultRegion,
    int maxRequestBytes,
    Map<String, String> organizations) {

  /** SQS's batch limit: 1 MiB. */
  private static final int DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024;

  /** Validates the components and copies the key map. */
  public HttpConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(defaultAccountId, "defaultAccountId");
    Objects.requireNonNull(defaultRegion, "defaultRegion");
    accessKeys = Map.copyOf(accessKeys);
    organizations = Map.copyOf(organizations);
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

  /** A configuration in which no account belongs to an organization. */
  public HttpConfig(
      String bindAddress,
      int port,
      boolean authEnabled,
      Map<String, AccessKey> accessKeys,
      String defaultAccountId,
      String defaultRegion,
      int maxRequestBytes) {
    this(
        bindAddress,
        port,
        authEnabled,
        accessKeys,
        defaultAccountId,
        defaultRegion,
        maxRequestBytes,
        Map.of());
  }

  /** This configuration with authentication on or off. */
  public HttpConfig withAuthEnabled(boolean enabled) {
    return new HttpConfig(
        bindAddress,
        port,
        enabled,
        accessKeys,
        defaultAccountId,
        defaultRegion,
        maxRequestBytes,
        organizations);
  }

  /** This configuration listening on another port. */
  public HttpConfig withPort(int newPort) {
    return new HttpConfig(
        bindAddress,
        newPort,
        authEnabled,
        accessKeys,
        defaultAccountId,
        defaultRegion,
        maxRequestBytes,
        organizations);
  }

  /** This configuration with accounts in organizations (account id → org id). */
  public HttpConfig withOrganizations(Map<String, String> accountOrganizations) {
    return new HttpConfig(
        bindAddress,
        port,
        authEnabled,
        accessKeys,
        defaultAccountId,
        defaultRegion,
        maxRequestBytes,
        accountOrganizations);
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
   * @param principal who requests signed with it act as: the root of an account, or one of its IAM
   *     users or roles
   */
  public record AccessKey(String secretKey, Principal principal) {

    /** Validates the components: the principal is a root, user or role. */
    public AccessKey {
      Objects.requireNonNull(secretKey, "secretKey");
      Objects.requireNonNull(principal, "principal");
      if (principal.type() != Principal.Type.ROOT
          && principal.type() != Principal.Type.USER
          && principal.type() != Principal.Type.ROLE) {
        throw new IllegalArgumentException(
            "An access key acts as an account's root, a user or a role, but was "
                + principal.arn());
      }
    }

    /** A key acting as the root of {@code accountId}. */
    public AccessKey(String secretKey, String accountId) {
      this(secretKey, Principal.root(Objects.requireNonNull(accountId, "accountId")));
    }

    /** The 12-digit account requests signed with it act as. */
    public String accountId() {
      return principal.account();
    }

    /** Hides the secret. */
    @Override
    public String toString() {
      return "AccessKey[principal=" + principal.arn() + "]";
    }
  }
}
