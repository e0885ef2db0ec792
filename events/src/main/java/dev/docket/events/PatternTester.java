package dev.docket.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.ServiceException;
import dev.docket.patterns.EventPattern;
import dev.docket.patterns.InvalidEventPatternException;
import dev.docket.patterns.InvalidTestEventException;
import dev.docket.patterns.PatternLimits;
import dev.docket.patterns.TestEvent;

/**
 * TestEventPattern: validates the pattern as EventBridge does ({@code
 * InvalidEventPatternException}; up to the API's 4,096 characters, where PutRule keeps to the
 * default 2,048-character quota), then the event ({@link TestEvent}: {@code ValidationException}),
 * then matches. Stateless and thread-safe.
 */
final class PatternTester {

  ObjectNode test(ObjectNode input) {
    EventPattern pattern;
    try {
      pattern =
          EventPattern.parse(Inputs.required(input, "EventPattern"), PatternLimits.apiMaximum());
    } catch (InvalidEventPatternException e) {
      throw new ServiceException(EventsError.INVALID_EVENT_PATTERN, e.getMessage());
    }
    JsonNode event;
    try {
      event = TestEvent.parse(Inputs.required(input, "Event"));
    } catch (InvalidTestEventException e) {
      throw Failures.validation(e.getMessage());
    }
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("Result", pattern.matches(event));
    return output;
  }
}
