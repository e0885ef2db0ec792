package dev.docket.patterns;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.event.ruler.GenericMachine;
import software.amazon.event.ruler.Patterns;

/**
 * Many patterns compiled together into one event-ruler machine, each under a key (a rule): matching
 * an event once yields every key whose pattern matches, in one pass over the event whatever the
 * number of rules.
 *
 * <p>Matching is event-ruler's {@code rulesForJSONEvent} on the already-parsed {@link JsonNode}
 * (array-consistent; the event is neither re-serialised nor flattened by Docket). Beyond what
 * event-ruler allocates, a match allocates only the returned set, and nothing when no rule matches.
 *
 * <p>Immutable and thread-safe: the machine is filled in the constructor and only read afterwards
 * (event-ruler's machine supports concurrent readers), so one instance can serve every thread. When
 * the rules change, build a new matcher and publish it (for example through a volatile field); the
 * old one keeps working for matches in flight.
 *
 * @param <K> the key type; keys must be immutable and have value equality (they are event-ruler
 *     rule names)
 */
public final class RuleMatcher<K> {

  private final GenericMachine<K> machine;
  private final int size;

  private RuleMatcher(GenericMachine<K> machine, int size) {
    this.machine = machine;
    this.size = size;
  }

  /** Compiles {@code patterns} (already validated) into one matcher. */
  public static <K> RuleMatcher<K> of(Map<K, EventPattern> patterns) {
    Objects.requireNonNull(patterns, "patterns");
    GenericMachine<K> machine = GenericMachine.<K>builder().build();
    for (Map.Entry<K, EventPattern> entry : patterns.entrySet()) {
      K key = Objects.requireNonNull(entry.getKey(), "key");
      for (Map<String, List<Patterns>> subRule : entry.getValue().subRules()) {
        machine.addPatternRule(key, subRule);
      }
    }
    return new RuleMatcher<>(machine, patterns.size());
  }

  /** The keys whose pattern matches {@code event} (a whole EventBridge event); immutable. */
  public Set<K> matches(JsonNode event) {
    Objects.requireNonNull(event, "event");
    if (size == 0) {
      return Set.of();
    }
    List<K> matched = machine.rulesForJSONEvent(event);
    return switch (matched.size()) {
      case 0 -> Set.of();
      case 1 -> Set.of(matched.get(0));
      default -> Set.copyOf(matched);
    };
  }

  /** How many keys (rules) the matcher holds. */
  public int size() {
    return size;
  }

  /** Whether the matcher holds no rule (and so matches nothing). */
  public boolean isEmpty() {
    return size == 0;
  }
}
