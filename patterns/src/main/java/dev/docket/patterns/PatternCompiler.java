package dev.docket.patterns;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Patterns;

/**
 * Compiles a pattern's text into event-ruler's sub-rules and applies EventBridge's validation on
 * top of event-ruler's: first event-ruler's own grammar (whose messages are AWS's, since
 * EventBridge runs event-ruler), then EventBridge's limits ({@link PatternChecks}).
 *
 * <p>Stateless and thread-safe.
 */
final class PatternCompiler {

  private PatternCompiler() {}

  /** The sub-rules of {@code json} (one per {@code $or} branch), immutable. */
  static List<Map<String, List<Patterns>>> compile(String json, PatternLimits limits) {
    int length = json.codePointCount(0, json.length());
    if (length > limits.maxLength()) {
      throw InvalidEventPatternException.because(
          PatternMessages.tooLong(length, limits.maxLength()));
    }
    List<Map<String, List<Patterns>>> subRules;
    try {
      // Rule overriding (a repeated key replaces the earlier one) is what EventBridge does: AWS
      // matched {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}
      // against "eu-central-1".
      subRules = JsonRuleCompiler.compile(json, true);
    } catch (JacksonException e) {
      throw InvalidEventPatternException.because(firstLine(e.getOriginalMessage()));
    } catch (IOException | IllegalArgumentException e) {
      throw InvalidEventPatternException.because(firstLine(e.getMessage()));
    }
    PatternChecks.check(json);
    WildcardComplexity.check(subRules);
    List<Map<String, List<Patterns>>> frozen = new ArrayList<>(subRules.size());
    for (Map<String, List<Patterns>> subRule : subRules) {
      Map<String, List<Patterns>> copy = new HashMap<>();
      subRule.forEach((field, patterns) -> copy.put(field, List.copyOf(patterns)));
      frozen.add(Collections.unmodifiableMap(copy));
    }
    return List.copyOf(frozen);
  }

  /**
   * The first line of a message: event-ruler re-throws some nested errors with the inner location
   * appended, and Jackson appends the source location; AWS's message is the first line.
   */
  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
