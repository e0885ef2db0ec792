package dev.docket.patterns;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One validated event pattern. Immutable and thread-safe.
 *
 * <p>TODO(patterns helper): implement; this skeleton fixes the entry points others code against.
 */
public final class EventPattern {

  private final String json;

  private EventPattern(String json) {
    this.json = json;
  }

  /**
   * Parses and validates a pattern as EventBridge does.
   *
   * @throws InvalidEventPatternException with EventBridge's message when it would refuse it
   */
  public static EventPattern parse(String json) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The pattern's JSON text as given. */
  public String json() {
    return json;
  }

  /** Whether {@code event} (a whole EventBridge event) matches this pattern. */
  public boolean matches(JsonNode event) {
    throw new UnsupportedOperationException("not yet");
  }
}
