package dev.docket.policy;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who makes a request: an account's root, an IAM user or role, a role session, a service (for
 * deliveries a service makes on an account's behalf) or no one (an unsigned request).
 *
 * @param account the 12-digit account the principal belongs to; empty for {@link Type#SERVICE} and
 *     {@link Type#ANONYMOUS}
 * @param arn the principal's ARN ({@code arn:aws:iam::111122223333:root}, {@code
 *     arn:aws:iam::111122223333:user/alice}, {@code arn:aws:iam::111122223333:role/path/Name},
 *     {@code arn:aws:sts::111122223333:assumed-role/Name/session}), the service's principal name
 *     ({@code events.amazonaws.com}), or {@code *} for {@link Type#ANONYMOUS}
 * @param type what kind of principal this is
 */
public record Principal(String account, String arn, Type type) {

  /** The kinds of principal a request can come from. */
  public enum Type {
    /** An account's root user, {@code arn:aws:iam::<account>:root}. */
    ROOT,
    /** An IAM user, {@code arn:aws:iam::<account>:user/<path/>name}. */
    USER,
    /** An IAM role itself, {@code arn:aws:iam::<account>:role/<path/>name}. */
    ROLE,
    /** A session of a role, {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}. */
    ASSUMED_ROLE,
    /** An AWS service principal such as {@code events.amazonaws.com}. */
    SERVICE,
    /** An anonymous (unsigned) caller. */
    ANONYMOUS
  }

  static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

  /** The identity ARNs a principal can have; group 1 is the partition, 2 the account. */
  static final Pattern IDENTITY_ARN =
      Pattern.compile(
          "arn:(aws[a-z-]*):(?:iam::([0-9]{12}):(?:root|user/.+|role/.+)"
              + "|sts::([0-9]{12}):assumed-role/[^/]+/.+)");

  private static final Principal ANONYMOUS_PRINCIPAL = new Principal("", "*", Type.ANONYMOUS);

  /** Validates that the account, ARN and type agree. */
  public Principal {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(type, "type");
    switch (type) {
      case SERVICE, ANONYMOUS -> {
        if (!account.isEmpty()) {
          throw new IllegalArgumentException(
              type + " principal has no account, but was " + account);
        }
        if (arn.isEmpty()) {
          throw new IllegalArgumentException("principal name must not be empty");
        }
      }
      default -> {
        if (!ACCOUNT.matcher(account).matches()) {
          throw new IllegalArgumentException(
              "account must be 12 digits, but was '" + account + "'");
        }
        if (typeOf(arn) != type || !account.equals(accountOf(arn))) {
          throw new IllegalArgumentException(
              "'" + arn + "' is not the ARN of a " + type + " of account " + account);
        }
      }
    }
  }

  /** The root of an account. */
  public static Principal root(String account) {
    return new Principal(account, "arn:aws:iam::" + account + ":root", Type.ROOT);
  }

  /**
   * The principal an identity ARN names: an account root, user, role or assumed-role session.
   *
   * @throws IllegalArgumentException if the ARN is none of these
   */
  public static Principal ofArn(String arn) {
    Type type = typeOf(arn);
    if (type == null) {
      throw new IllegalArgumentException("'" + arn + "' is not a root, user, role or session ARN");
    }
    return new Principal(accountOf(arn), arn, type);
  }

  /** A service principal such as {@code events.amazonaws.com}. */
  public static Principal service(String name) {
    return new Principal("", name, Type.SERVICE);
  }

  /** The anonymous caller. */
  public static Principal anonymous() {
    return ANONYMOUS_PRINCIPAL;
  }

  /**
   * The role name of an {@link Type#ASSUMED_ROLE} session ARN ({@code
   * arn:aws:sts::<account>:assumed-role/<role>/<session>}), or of a {@link Type#ROLE} ARN (its last
   * path segment); empty for other principals.
   */
  public String roleName() {
    return switch (type) {
      case ASSUMED_ROLE -> {
        int start = arn.indexOf(":assumed-role/") + ":assumed-role/".length();
        yield arn.substring(start, arn.indexOf('/', start));
      }
      case ROLE -> arn.substring(arn.lastIndexOf('/') + 1);
      default -> "";
    };
  }

  /** The type an identity ARN names, or null. */
  static Type typeOf(String arn) {
    if (arn == null || !IDENTITY_ARN.matcher(arn).matches()) {
      return null;
    }
    if (arn.contains(":assumed-role/")) {
      return Type.ASSUMED_ROLE;
    }
    String resource = arn.substring(arn.indexOf(':', arn.indexOf("::") + 2) + 1);
    if (resource.equals("root")) {
      return Type.ROOT;
    }
    return resource.startsWith("user/") ? Type.USER : Type.ROLE;
  }

  /** The account of an identity ARN that {@link #typeOf} accepted. */
  static String accountOf(String arn) {
    Matcher m = IDENTITY_ARN.matcher(arn);
    if (!m.matches()) {
      return "";
    }
    return m.group(2) != null ? m.group(2) : m.group(3);
  }
}
