package dev.docket.patterns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * The {@code Event} parameter of TestEventPattern, validated as AWS validates it.
 *
 * <p>AWS requires a JSON object with the fields {@code id}, {@code account}, {@code source}, {@code
 * time}, {@code region} and {@code detail-type} (the API reference also lists {@code resources},
 * but AWS matches events without it: every recorded case omits it). Text that is not JSON, JSON
 * that is not an object (a string, an array) and an object missing a required field are refused
 * with {@code ValidationException: Parameter Event is not valid.} Field values are not checked
 * further, and any other field is allowed.
 *
 * <p>Stateless and thread-safe.
 */
public final class TestEvent {

  /** The fields AWS requires in a TestEventPattern event. */
  public static final List<String> REQUIRED_FIELDS =
      List.of("id", "account", "source", "time", "region", "detail-type");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestEvent() {}

  /**
   * Parses and validates a TestEventPattern event.
   *
   * @return the event, ready for {@link EventPattern#matches(JsonNode)}
   * @throws InvalidTestEventException with AWS's message when AWS would refuse the event
   */
  public static ObjectNode parse(String event) {
    Objects.requireNonNull(event, "event");
    JsonNode root;
    try {
      root = MAPPER.readTree(event);
    } catch (JsonProcessingException e) {
      throw new InvalidTestEventException(PatternMessages.EVENT_NOT_VALID);
    }
    validate(root);
    return (ObjectNode) root;
  }

  /**
   * Validates an already-parsed TestEventPattern event.
   *
   * @throws InvalidTestEventException with AWS's message when AWS would refuse the event
   */
  public static void validate(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new InvalidTestEventException(PatternMessages.EVENT_NOT_VALID);
    }
    for (String field : REQUIRED_FIELDS) {
      if (!event.has(field)) {
        throw new InvalidTestEventException(PatternMessages.EVENT_NOT_VALID);
      }
    }
  }
}
