package dev.docket.http;

import dev.docket.model.CommonError;
import dev.docket.model.Principal;
import dev.docket.model.ServiceException;
import dev.docket.model.SessionTokens;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Says who a request comes from.
 *
 * <p>With authentication on: a request with a session token ({@code X-Amz-Security-Token}, as a
 * header or, for presigned and GET requests, a query parameter) is a role session: the token is
 * opened (any alteration fails its GCM tag: {@code InvalidClientTokenId}), its access key id must
 * be the one that signed, it must not have expired ({@code ExpiredToken}), and the signature is
 * checked with the secret inside it. Any other request must be signed with a configured access key
 * and acts as that key's principal.
 *
 * <p>With authentication off nothing is checked: a valid, unexpired session token still makes the
 * caller its session (so credentials from AssumeRole act as the role); otherwise an access key id
 * of exactly twelve digits acts as that account's root (LocalStack's convention) and any other key,
 * or none, as the default account's root. A token that does not open is ignored, since local setups
 * often send placeholder tokens.
 *
 * <p>The organization of the caller is the one configuration declares for its account (a session
 * carries the one of its role's account). Thread-safe: immutable state only.
 */
final class Authenticator {

  /**
   * Who a request comes from.
   *
   * @param principal the caller
   * @param orgId the organization of the caller's account, if any
   */
  record Caller(Principal principal, Optional<String> orgId) {}

  private static final String TOKEN = "X-Amz-Security-Token";

  private final boolean enabled;
  private final SigV4Verifier verifier;
  private final SessionTokens tokens;
  private final Map<String, String> organizations;
  private final String defaultAccountId;
  private final Clock clock;

  Authenticator(HttpConfig config, SessionTokens tokens, Clock clock) {
    this.enabled = config.authEnabled();
    this.verifier = new SigV4Verifier(config.accessKeys(), clock);
    this.tokens = tokens;
    this.organizations = config.organizations();
    this.defaultAccountId = config.defaultAccountId();
    this.clock = clock;
  }

  /**
   * The caller of a request.
   *
   * @param credential the parsed Authorization header, if it had a SigV4 one
   * @throws ServiceException with authentication on: {@code MissingAuthenticationToken}, {@code
   *     InvalidClientTokenId} / {@code UnrecognizedClientException}, {@code ExpiredToken}, or a
   *     signature error
   */
  Caller authenticate(WireRequest request, Credential credential) {
    Optional<String> token = sessionToken(request);
    if (!enabled) {
      return unchecked(credential, token);
    }
    if (credential == null) {
      throw new ServiceException(CommonError.MISSING_AUTHENTICATION_TOKEN);
    }
    if (token.isEmpty()) {
      HttpConfig.AccessKey key = verifier.verify(request, credential);
      return caller(key.principal());
    }
    SessionTokens.Session session =
        tokens
            .open(token.get())
            .filter(s -> s.accessKeyId().equals(credential.accessKeyId()))
            .orElseThrow(() -> new ServiceException(CommonError.UNRECOGNIZED_CLIENT));
    if (!clock.instant().isBefore(session.expiration())) {
      throw new ServiceException(CommonError.EXPIRED_TOKEN);
    }
    verifier.verifySignature(request, credential, session.secretAccessKey());
    return new Caller(session.principal(), session.orgId());
  }

  private Caller unchecked(Credential credential, Optional<String> token) {
    if (credential != null && token.isPresent()) {
      Optional<SessionTokens.Session> session =
          tokens
              .open(token.get())
              .filter(s -> s.accessKeyId().equals(credential.accessKeyId()))
              .filter(s -> clock.instant().isBefore(s.expiration()));
      if (session.isPresent()) {
        return new Caller(session.get().principal(), session.get().orgId());
      }
    }
    String keyId = credential == null ? null : credential.accessKeyId();
    return caller(Principal.root(isAccountId(keyId) ? keyId : defaultAccountId));
  }

  private Caller caller(Principal principal) {
    return new Caller(principal, Optional.ofNullable(organizations.get(principal.account())));
  }

  private static Optional<String> sessionToken(WireRequest request) {
    Optional<String> header = request.headers().first(TOKEN);
    if (header.isPresent()) {
      return header;
    }
    String query = request.rawQuery();
    if (query == null || !query.contains(TOKEN + "=")) {
      return Optional.empty();
    }
    return Optional.ofNullable(FormParser.parse(query).get(TOKEN));
  }

  private static boolean isAccountId(String keyId) {
    if (keyId == null || keyId.length() != 12) {
      return false;
    }
    for (int i = 0; i < 12; i++) {
      if (keyId.charAt(i) < '0' || keyId.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
