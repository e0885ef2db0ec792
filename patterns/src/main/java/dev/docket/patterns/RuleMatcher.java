package dev.docket.patterns;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * Many patterns compiled together, each under a key (a rule): matching an event once yields every
 * key whose pattern matches. Immutable and thread-safe; build a new one when the rules change.
 *
 * <p>TODO(patterns helper): implement; this skeleton fixes the entry points others code against.
 *
 * @param <K> the key type
 */
public final class RuleMatcher<K> {

  private RuleMatcher() {}

  /** Compiles {@code patterns} (already validated) into one matcher. */
  public static <K> RuleMatcher<K> of(Map<K, EventPattern> patterns) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The keys whose pattern matches {@code event}. */
  public Set<K> matches(JsonNode event) {
    throw new UnsupportedOperationException("not yet");
  }
}
