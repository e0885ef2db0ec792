package dev.docket.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a service may know about the request it is serving, beyond its input.
 *
 * @param requestId the {@code x-amzn-RequestId} of this request
 * @param principal who the caller is (from its access key or session token; with authentication
 *     off, the root of the account its access key id names, or of the default account)
 * @param region the region from the SigV4 credential scope, or the configured default
 * @param endpoint the scheme, host and port the client addressed, e.g. {@code
 *     http://127.0.0.1:4566}; queue URLs are built from it
 * @param receivedAt when the request arrived, by the server's clock
 * @param traceHeader the request's {@code X-Amzn-Trace-Id} header, if it carried one (SQS keeps it
 *     as a message's {@code AWSTraceHeader})
 * @param principalOrgId the organization the principal's account belongs to, as configuration
 *     declares it ({@code aws:PrincipalOrgID}); empty when none
 * @param secureTransport whether the request came over TLS ({@code aws:SecureTransport}): Docket
 *     serves plain HTTP, so only when a proxy in front says so ({@code X-Forwarded-Proto: https})
 */
public record RequestContext(
    String requestId,
    Principal principal,
    String region,
    String endpoint,
    Instant receivedAt,
    Optional<String> traceHeader,
    Optional<String> principalOrgId,
    boolean secureTransport) {

  /** Validates that no component is null. */
  public RequestContext {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(traceHeader, "traceHeader");
    Objects.requireNonNull(principalOrgId, "principalOrgId");
  }

  /** A context for a request of an account's root, without a trace header. */
  public RequestContext(
      String requestId, String accountId, String region, String endpoint, Instant receivedAt) {
    this(
        requestId,
        Principal.root(accountId),
        region,
        endpoint,
        receivedAt,
        Optional.empty(),
        Optional.empty(),
        false);
  }

  /** The 12-digit account the caller acts as: its principal's. */
  public String accountId() {
    return principal.account();
  }
}
