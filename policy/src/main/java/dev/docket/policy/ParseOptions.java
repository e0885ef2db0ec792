package dev.docket.policy;

/**
 * How strictly {@link PolicyDocument#parse(String, ParseOptions)} checks a document, and its limits
 * against hostile input. Services pass their own quotas (SQS, for example, allows 20 statements in
 * 8,192 bytes); the defaults are generous for any real resource policy and still refuse a 1 MB or
 * deeply nested document before building anything from it.
 *
 * @param requirePrincipal whether each statement must have {@code Principal} or {@code
 *     NotPrincipal} (true for resource-based policies)
 * @param requireResource whether each statement must have {@code Resource} or {@code NotResource};
 *     a service whose policies are attached to one resource may relax it, and a statement without
 *     either then applies to any resource
 * @param maxLength the most characters a document may have
 * @param maxDepth the deepest nesting of JSON objects and arrays (a policy needs 6)
 * @param maxStatements the most statements a document may have
 * @param maxValues the most values (actions, resources, principals, condition values) in all
 */
public record ParseOptions(
    boolean requirePrincipal,
    boolean requireResource,
    int maxLength,
    int maxDepth,
    int maxStatements,
    int maxValues) {

  private static final ParseOptions DEFAULTS = new ParseOptions(true, true, 65_536, 16, 512, 8_192);

  /** Validates that the limits are positive. */
  public ParseOptions {
    if (maxLength < 1 || maxDepth < 6 || maxStatements < 1 || maxValues < 1) {
      throw new IllegalArgumentException(
          "limits must be positive (and maxDepth at least 6), but were maxLength=%d maxDepth=%d maxStatements=%d maxValues=%d"
              .formatted(maxLength, maxDepth, maxStatements, maxValues));
    }
  }

  /**
   * Resource-based policy rules: {@code Principal} and {@code Resource} required; at most 65,536
   * characters, depth 16, 512 statements and 8,192 values.
   */
  public static ParseOptions defaults() {
    return DEFAULTS;
  }

  /** These options with {@code Resource} / {@code NotResource} optional. */
  public ParseOptions withResourceOptional() {
    return new ParseOptions(requirePrincipal, false, maxLength, maxDepth, maxStatements, maxValues);
  }

  /** These options with {@code Principal} / {@code NotPrincipal} optional. */
  public ParseOptions withPrincipalOptional() {
    return new ParseOptions(false, requireResource, maxLength, maxDepth, maxStatements, maxValues);
  }

  /** These options with other size limits. */
  public ParseOptions withLimits(int maxLength, int maxStatements, int maxValues) {
    return new ParseOptions(
        requirePrincipal, requireResource, maxLength, maxDepth, maxStatements, maxValues);
  }
}
