package dev.docket.model;

import java.util.Objects;
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

  /** Twelve digits: an account id. */
  public static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

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
  public static Type typeOf(String arn) {
    return arn == null || !identityArn(arn) ? null : parsedType(arn);
  }

  /** The account of an identity ARN that {@link #typeOf} accepted, or empty. */
  public static String accountOf(String arn) {
    return arn != null && identityArn(arn)
        ? arn.substring(accountStart(arn), accountStart(arn) + 12)
        : "";
  }

  /**
   * Whether the text is {@code arn:<aws partition>:iam::<account>:(root|user/...|role/...)} or
   * {@code arn:<aws partition>:sts::<account>:assumed-role/<role>/<session>}. Parsed by hand: every
   * request builds a principal, and this is several times cheaper than a regular expression.
   */
  private static boolean identityArn(String arn) {
    int start = accountStart(arn);
    if (start < 0 || arn.length() < start + 13 || arn.charAt(start + 12) != ':') {
      return false;
    }
    for (int i = start; i < start + 12; i++) {
      if (arn.charAt(i) < '0' || arn.charAt(i) > '9') {
        return false;
      }
    }
    return parsedType(arn) != null;
  }

  /** Where the account starts in {@code arn:aws...:(iam|sts)::}, or -1. */
  private static int accountStart(String arn) {
    if (!arn.startsWith("arn:aws")) {
      return -1;
    }
    int colon = arn.indexOf(':', 7);
    if (colon < 0) {
      return -1;
    }
    for (int i = 7; i < colon; i++) {
      char c = arn.charAt(i);
      if (!(c >= 'a' && c <= 'z') && c != '-') {
        return -1;
      }
    }
    return arn.startsWith("iam::", colon + 1) || arn.startsWith("sts::", colon + 1)
        ? colon + 6
        : -1;
  }

  /** The type of an ARN whose prefix and account {@link #identityArn} checked, or null. */
  private static Type parsedType(String arn) {
    int start = accountStart(arn);
    String resource = arn.substring(start + 13);
    if (arn.startsWith("sts::", start - 5)) {
      if (!resource.startsWith("assumed-role/")) {
        return null;
      }
      int slash = resource.indexOf('/', 13);
      return slash > 13 && slash < resource.length() - 1 ? Type.ASSUMED_ROLE : null;
    }
    if (resource.equals("root")) {
      return Type.ROOT;
    }
    if (resource.startsWith("user/") && resource.length() > 5) {
      return Type.USER;
    }
    return resource.startsWith("role/") && resource.length() > 5 ? Type.ROLE : null;
  }
}
