package dev.docket.sts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.Principal;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.model.SessionTokens;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AssumeRole: checks the request as STS does, decides whether the caller may assume the role (its
 * own account's roles always; another account's only when configuration trusts the caller's
 * account), and hands out temporary credentials: an {@code ASIA…} access key id, a fresh secret and
 * a session token sealing both with the session's principal and expiry. Nothing is stored.
 *
 * <p>Where Docket differs from AWS, for want of IAM: there are no trust policies, so {@code
 * ExternalId}, MFA ({@code SerialNumber}, {@code TokenCode}) and {@code ProvidedContexts} are
 * accepted and not checked; an account's root may assume roles (AWS refuses it, but with
 * authentication off every caller is a root); session policies and session tags are refused as
 * unsupported rather than ignored, since ignoring a session policy would grant more than asked.
 * Thread-safe.
 */
final class RoleSessions {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
  private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final char[] SECRET_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
  private static final int DEFAULT_DURATION = 3600;
  // AWS caps a session assumed with a role session's credentials (role chaining) at one hour
  private static final int CHAINED_MAX_DURATION = 3600;

  private final StsConfig config;
  private final SessionTokens tokens;
  private final SecureRandom random = new SecureRandom();

  RoleSessions(StsConfig config, SessionTokens tokens) {
    this.config = config;
    this.tokens = tokens;
  }

  ObjectNode assumeRole(ObjectNode input, RequestContext context) {
    String roleArn = input.path("RoleArn").asText();
    String sessionName = input.path("RoleSessionName").asText();
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw invalid(
          sessionName,
          "roleSessionName",
          "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
    }
    int duration = input.path("DurationSeconds").asInt(DEFAULT_DURATION);
    Principal caller = context.principal();
    if (caller.type() == Principal.Type.ASSUMED_ROLE && duration > CHAINED_MAX_DURATION) {
      throw new ServiceException(
          StsError.VALIDATION,
          "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by"
              + " role chaining.");
    }
    if (input.hasNonNull("Policy")) {
      throw new ServiceException(
          StsError.UNSUPPORTED_OPERATION,
          "Session policies (Policy) are not supported by Docket: it has no identity policies");
    }
    if (input.has("PolicyArns") || input.has("Tags") || input.has("TransitiveTagKeys")) {
      throw new ServiceException(
          StsError.UNSUPPORTED_OPERATION,
          "Session policies (PolicyArns) and session tags are not supported by Docket");
    }
    if (Principal.typeOf(roleArn) != Principal.Type.ROLE) {
      throw new ServiceException(
          StsError.VALIDATION,
          "RoleArn '" + roleArn + "' is not a role ARN (arn:aws:iam::<account>:role/<name>)");
    }
    Principal role = Principal.ofArn(roleArn);
    if (!mayAssume(caller, role)) {
      throw new ServiceException(
          StsError.ACCESS_DENIED,
          "User: "
              + caller.arn()
              + " is not authorized to perform: sts:AssumeRole on resource: "
              + roleArn);
    }
    Principal session =
        Principal.ofArn(
            "arn:aws:sts::"
                + role.account()
                + ":assumed-role/"
                + role.roleName()
                + "/"
                + sessionName);
    Instant expiration =
        context.receivedAt().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofSeconds(duration));
    String accessKeyId = "ASIA" + randomText(KEY_ID_ALPHABET, 16);
    String secret = randomText(SECRET_ALPHABET, 40);
    String token =
        tokens.seal(
            new SessionTokens.Session(
                accessKeyId,
                secret,
                session,
                Optional.ofNullable(config.organizations().get(role.account())),
                expiration));
    ObjectNode output = NODES.objectNode();
    ObjectNode credentials = output.putObject("Credentials");
    credentials.put("AccessKeyId", accessKeyId);
    credentials.put("SecretAccessKey", secret);
    credentials.put("SessionToken", token);
    credentials.put("Expiration", expiration.getEpochSecond());
    ObjectNode user = output.putObject("AssumedRoleUser");
    user.put("AssumedRoleId", UniqueIds.userId(session));
    user.put("Arn", session.arn());
    if (input.hasNonNull("SourceIdentity")) {
      output.put("SourceIdentity", input.get("SourceIdentity").asText());
    }
    return output;
  }

  private boolean mayAssume(Principal caller, Principal role) {
    if (caller.account().equals(role.account())) {
      return true;
    }
    Set<String> trusted = config.roles().get(role.arn());
    return trusted != null && trusted.contains(caller.account());
  }

  private static ServiceException invalid(String value, String path, String constraint) {
    return new ServiceException(
        StsError.VALIDATION,
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + path
            + "' failed to satisfy constraint: "
            + constraint);
  }

  private String randomText(char[] alphabet, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = alphabet[random.nextInt(alphabet.length)];
    }
    return new String(out);
  }
}
