package dev.docket.patterns;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.event.ruler.GenericMachine;
import software.amazon.event.ruler.Patterns;

/**
 * One validated EventBridge event pattern.
 *
 * <p>{@link #parse(String)} accepts exactly what EventBridge accepts: event-ruler's grammar (every
 * operator EventBridge documents: exact values, {@code prefix}, {@code suffix}, {@code
 * equals-ignore-case} and its prefix/suffix forms, {@code anything-but} with values, lists, {@code
 * prefix}, {@code suffix}, {@code equals-ignore-case} and {@code wildcard}, {@code numeric}, {@code
 * exists}, {@code cidr}, {@code wildcard}, {@code $or}) plus EventBridge's own limits (size,
 * numeric range and precision, wildcard complexity), and refuses the rest with EventBridge's
 * message.
 *
 * <p>{@link #matches(JsonNode)} matches array-consistently, on the already-parsed event, as
 * EventBridge does. To match one event against many patterns use {@link RuleMatcher}, which does it
 * in one pass.
 *
 * <p>Immutable and thread-safe: the compiled form is never changed after construction, and
 * event-ruler's machine supports concurrent matching.
 */
public final class EventPattern {

  private final String json;
  private final List<Map<String, List<Patterns>>> subRules;
  private final boolean usesWildcard;
  private final GenericMachine<Boolean> machine;

  private EventPattern(String json, List<Map<String, List<Patterns>>> subRules) {
    this.json = json;
    this.subRules = subRules;
    this.usesWildcard = subRules.stream().anyMatch(WildcardComplexity::usesWildcard);
    GenericMachine<Boolean> single = GenericMachine.<Boolean>builder().build();
    for (Map<String, List<Patterns>> subRule : subRules) {
      single.addPatternRule(Boolean.TRUE, subRule);
    }
    this.machine = single;
  }

  /**
   * Parses and validates a pattern as EventBridge does, with EventBridge's default limits ({@link
   * PatternLimits#defaults()}).
   *
   * @throws InvalidEventPatternException with EventBridge's message when it would refuse it
   */
  public static EventPattern parse(String json) {
    return parse(json, PatternLimits.defaults());
  }

  /**
   * Parses and validates a pattern as EventBridge does, with the given limits.
   *
   * @throws InvalidEventPatternException with EventBridge's message when it would refuse it
   */
  public static EventPattern parse(String json, PatternLimits limits) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(limits, "limits");
    return new EventPattern(json, PatternCompiler.compile(json, limits));
  }

  /** The pattern's JSON text as given. */
  public String json() {
    return json;
  }

  /**
   * Whether the pattern uses {@code wildcard} (directly or in {@code anything-but}). EventBridge
   * limits how many such rules an event bus may have.
   */
  public boolean usesWildcard() {
    return usesWildcard;
  }

  /**
   * Whether {@code event} (a whole EventBridge event, as parsed JSON) matches this pattern. Fields
   * inside arrays are matched array-consistently: two fields of a pattern match only values from
   * the same element of an array.
   */
  public boolean matches(JsonNode event) {
    Objects.requireNonNull(event, "event");
    return !machine.rulesForJSONEvent(event).isEmpty();
  }

  /** The compiled sub-rules, one per {@code $or} branch; immutable. */
  List<Map<String, List<Patterns>>> subRules() {
    return subRules;
  }

  /** Equal when the JSON text is equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof EventPattern that && json.equals(that.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "EventPattern" + json;
  }
}
