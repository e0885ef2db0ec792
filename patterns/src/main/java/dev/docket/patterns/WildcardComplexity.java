package dev.docket.patterns;

import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.MachineComplexityEvaluator;
import software.amazon.event.ruler.MatchType;
import software.amazon.event.ruler.Patterns;

/**
 * EventBridge's limit on wildcard patterns: the sub-rules of one pattern that use {@code wildcard}
 * (or {@code anything-but} with a wildcard) are put in a machine of their own, and its complexity
 * (how many wildcard prefixes a worst-case event can match at once, as event-ruler's {@link
 * MachineComplexityEvaluator} measures it) must not exceed {@link #MAX_COMPLEXITY}. This is the
 * per-rule strategy event-ruler's README describes for services that accept rules one at a time.
 *
 * <p>Stateless and thread-safe.
 */
final class WildcardComplexity {

  /**
   * The highest complexity accepted. AWS refused {@code "*:*:*:*:*:event-bus/*"} as too complex and
   * accepted the documented examples; 10 is the per-rule limit event-ruler's README suggests.
   */
  static final int MAX_COMPLEXITY = 10;

  private WildcardComplexity() {}

  /** Throws InvalidEventPatternException when the pattern's wildcards are too complex. */
  static void check(List<Map<String, List<Patterns>>> subRules) {
    Machine machine = null;
    int index = 0;
    for (Map<String, List<Patterns>> subRule : subRules) {
      if (usesWildcard(subRule)) {
        if (machine == null) {
          machine = Machine.builder().build();
        }
        machine.addPatternRule(Integer.toString(index++), subRule);
      }
    }
    if (machine != null && complexity(machine) > MAX_COMPLEXITY) {
      throw InvalidEventPatternException.because(PatternMessages.TOO_COMPLEX);
    }
  }

  /**
   * The complexity of {@code machine}, evaluated only up to one above the limit (the evaluation is
   * exponential in the number of wildcards, so it must stop early).
   */
  static int complexity(Machine machine) {
    return machine.evaluateComplexity(new MachineComplexityEvaluator(MAX_COMPLEXITY + 1));
  }

  /** Whether any value pattern of {@code subRule} is a wildcard. */
  static boolean usesWildcard(Map<String, List<Patterns>> subRule) {
    for (List<Patterns> patterns : subRule.values()) {
      for (Patterns pattern : patterns) {
        if (pattern.type() == MatchType.WILDCARD
            || pattern.type() == MatchType.ANYTHING_BUT_WILDCARD) {
          return true;
        }
      }
    }
    return false;
  }
}
