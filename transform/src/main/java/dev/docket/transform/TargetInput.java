package dev.docket.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * What a target receives of each event: the whole event, a constant, a JSONPath selection or an
 * input transformer. Each factory validates as EventBridge does at PutTargets and throws {@link
 * InvalidInputException} with EventBridge's message. Instances are immutable and thread-safe.
 *
 * <p>TODO(transform helper): implement; this skeleton fixes the entry points others code against.
 */
public interface TargetInput {

  /** The whole event (no {@code Input}, {@code InputPath} or {@code InputTransformer}). */
  static TargetInput whole() {
    throw new UnsupportedOperationException("not yet");
  }

  /** {@code Input}: the same JSON text for every event. */
  static TargetInput constant(String json) {
    throw new UnsupportedOperationException("not yet");
  }

  /** {@code InputPath}: the part of the event a JSONPath selects. */
  static TargetInput path(String jsonPath) {
    throw new UnsupportedOperationException("not yet");
  }

  /** {@code InputTransformer}: {@code InputPathsMap} values filled into {@code InputTemplate}. */
  static TargetInput transformer(Map<String, String> inputPathsMap, String inputTemplate) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * The body for {@code event} (the whole parsed event); empty when EventBridge would deliver
   * nothing (a filled template that is not valid JSON where JSON was required).
   */
  Optional<String> render(JsonNode event, TransformContext context);
}
