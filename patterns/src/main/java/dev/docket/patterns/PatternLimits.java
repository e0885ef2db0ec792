package dev.docket.patterns;

/**
 * The limits EventBridge puts on an event pattern beyond its grammar.
 *
 * <p>Numeric matching is limited by EventBridge to values between -5.0e9 and +5.0e9 inclusive, with
 * at most six digits after the decimal point; those are fixed ({@link #NUMERIC_MAGNITUDE}, {@link
 * #NUMERIC_DECIMALS}). The size of a pattern is a quota: 2,048 characters by default, adjustable up
 * to 4,096 (the API's own maximum for {@code EventPattern}). Immutable and thread-safe.
 *
 * @param maxLength the longest pattern accepted, in characters (Unicode code points)
 */
public record PatternLimits(int maxLength) {

  /** The largest magnitude a number in a numeric comparison may have. */
  public static final double NUMERIC_MAGNITUDE = 5.0e9;

  /** The most digits after the decimal point a number in a numeric comparison may have. */
  public static final int NUMERIC_DECIMALS = 6;

  /** EventBridge's default "Event pattern size" quota, in characters. */
  public static final int DEFAULT_MAX_LENGTH = 2048;

  /**
   * The API's maximum length of {@code EventPattern} (PutRule, TestEventPattern), in characters.
   */
  public static final int API_MAX_LENGTH = 4096;

  /** Validates the limits. */
  public PatternLimits {
    if (maxLength < 1 || maxLength > API_MAX_LENGTH) {
      throw new IllegalArgumentException(
          "maxLength must be between 1 and " + API_MAX_LENGTH + ", but was " + maxLength);
    }
  }

  /** EventBridge's defaults: patterns up to 2,048 characters. */
  public static PatternLimits defaults() {
    return new PatternLimits(DEFAULT_MAX_LENGTH);
  }

  /** The API's maximum: patterns up to 4,096 characters (what TestEventPattern accepts). */
  public static PatternLimits apiMaximum() {
    return new PatternLimits(API_MAX_LENGTH);
  }
}
