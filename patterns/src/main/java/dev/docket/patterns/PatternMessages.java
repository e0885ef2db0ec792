package dev.docket.patterns;

/**
 * The messages of {@link InvalidEventPatternException} and {@link InvalidTestEventException}, and
 * where each comes from.
 *
 * <p>AWS's own, word for word (recorded against AWS, see the conformance cases):
 *
 * <ul>
 *   <li>every reason event-ruler gives while compiling a pattern ({@code "Empty arrays are not
 *       allowed"}, {@code "\"int\" must be an object or an array"}, {@code "Unrecognized match type
 *       EXISTS"}, {@code "Bad numeric range operator: >"}, {@code "Nonstandard IP address: ..."},
 *       {@code "Consecutive wildcard characters at pos 26"}, ...) and Jackson's reason for text
 *       that is not JSON, after {@link #PREFIX};
 *   <li>{@link #TOO_COMPLEX}, for wildcard patterns above EventBridge's complexity limit;
 *   <li>{@link #EVENT_NOT_VALID}, for a TestEventPattern event that is not a JSON object with the
 *       fields AWS requires.
 * </ul>
 *
 * <p>Inferred from the event-ruler versions that enforced EventBridge's numeric limits (AWS's exact
 * text is not recorded): {@link #NUMERIC_RANGE} and {@link #NUMERIC_DECIMALS}.
 *
 * <p>Docket's own, in AWS's style: {@link #tooLong(int, int)}.
 *
 * <p>AWS's full message also carries Jackson's location on further lines ({@code "\n at [Source:
 * (String)\"...\"; line: 1, column: 17]"}); Docket's messages are the first line only, which is
 * what the recorded cases compare.
 */
public final class PatternMessages {

  /** What every InvalidEventPatternException message starts with. */
  public static final String PREFIX = "Event pattern is not valid. Reason: ";

  /** A wildcard pattern above EventBridge's complexity limit. AWS's text. */
  public static final String TOO_COMPLEX =
      "Rule is too complex - try using fewer wildcard characters or fewer repeating character"
          + " sequences after a wildcard character";

  /** A number in a numeric comparison outside +/-5.0e9. event-ruler 1.x's text. */
  public static final String NUMERIC_RANGE = "Value must be between -5.0E9 and 5.0E9, inclusive";

  /** A number in a numeric comparison with more than six decimals. event-ruler 1.7's text. */
  public static final String NUMERIC_DECIMALS = "Only values upto 6 decimals are supported";

  /** A TestEventPattern event AWS refuses (a ValidationException). AWS's text. */
  public static final String EVENT_NOT_VALID = "Parameter Event is not valid.";

  private PatternMessages() {}

  /** A pattern longer than the size quota. Docket's text. */
  public static String tooLong(int length, int maxLength) {
    return "Event pattern is too long: " + length + " characters, the maximum is " + maxLength;
  }
}
