package dev.docket.policy;

/**
 * The reasons {@link MalformedPolicyException} gives. Those marked IAM are the texts of IAM's
 * {@code MalformedPolicyDocument} errors as AWS sends them; the others are ours, written in the
 * same style and quoting the bad value.
 */
final class Reasons {

  /** IAM: a document that is not JSON, or JSON of the wrong shape. */
  static final String SYNTAX = "Syntax errors in policy.";

  /** IAM: a statement without {@code Action} or {@code NotAction}. */
  static final String NO_ACTIONS = "Policy statement must contain actions.";

  /** IAM: a statement without {@code Resource} or {@code NotResource}. */
  static final String NO_RESOURCES = "Policy statement must contain resources.";

  /** IAM: two statements with one {@code Sid}. */
  static final String DUPLICATE_SID = "Statement IDs (SID) in a single policy must be unique.";

  /** IAM: a resource-policy statement without {@code Principal} or {@code NotPrincipal}. */
  static final String NO_PRINCIPAL = "Missing required field Principal";

  /** IAM: an action without a {@code vendor:} prefix. */
  static final String ACTION_VENDOR =
      "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";

  /** IAM: an unsupported {@code Version}. */
  static final String VERSION = "The policy failed legacy parsing";

  private Reasons() {}

  /** IAM: a principal that is not an account, an identity ARN or {@code *}. */
  static String invalidPrincipal(String type, String value) {
    return "Invalid principal in policy: \"" + type + "\":\"" + value + "\"";
  }

  /** IAM: a resource that is neither an ARN nor {@code *}. */
  static String resourceFormat(String resource) {
    return "Resource " + resource + " must be in ARN format or \"*\".";
  }

  /** Ours: the document is longer than the limit. */
  static String tooLong(int length, int max) {
    return "Policy document must be at most " + max + " characters, but was " + length;
  }
}
