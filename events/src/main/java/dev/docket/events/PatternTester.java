package dev.docket.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.ServiceException;
import dev.docket.patterns.EventPattern;
import dev.docket.patterns.InvalidEventPatternException;
import java.util.List;

/**
 * TestEventPattern: validates the pattern as PutRule does and the event as EventBridge does (a JSON
 * object with the envelope fields every event has), then matches. Stateless and thread-safe.
 */
final class PatternTester {

  /** The fields EventBridge requires of a test event. */
  private static final List<String> ENVELOPE =
      List.of("id", "account", "source", "time", "region", "detail-type");

  private static final ObjectMapper JSON = new ObjectMapper();

  ObjectNode test(ObjectNode input) {
    JsonNode event = event(Inputs.required(input, "Event"));
    EventPattern pattern;
    try {
      pattern = EventPattern.parse(Inputs.required(input, "EventPattern"));
    } catch (InvalidEventPatternException e) {
      throw new ServiceException(EventsError.INVALID_EVENT_PATTERN, e.getMessage());
    }
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("Result", pattern.matches(event));
    return output;
  }

  private static JsonNode event(String text) {
    JsonNode event;
    try {
      event = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw invalidEvent();
    }
    if (event == null || !event.isObject()) {
      throw invalidEvent();
    }
    for (String field : ENVELOPE) {
      if (!event.has(field)) {
        throw invalidEvent();
      }
    }
    return event;
  }

  /** AWS's message for an event it refuses. */
  private static ServiceException invalidEvent() {
    return Failures.validation("Parameter Event is not valid.");
  }
}
