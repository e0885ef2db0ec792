package dev.docket.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a target receives of each event: the whole event, a constant ({@code Input}), the part a
 * JSONPath selects ({@code InputPath}) or an input transformer ({@code InputTransformer}). Each
 * factory validates as EventBridge does at PutTargets and throws {@link InvalidInputException}; use
 * {@link InvalidInputException#messageFor(String)} to answer with EventBridge's message for the
 * target. Everything a variant needs per event (paths, the template's pieces) is compiled by its
 * factory, so {@link #render} parses nothing it can avoid.
 *
 * <p>Instances are immutable and thread-safe: one instance renders every event of its target, on
 * any number of threads at once.
 */
public sealed interface TargetInput
    permits TargetInput.Whole,
        TargetInput.Input,
        TargetInput.InputPath,
        TargetInput.InputTransformer {

  /** At most this many characters in {@code Input} (AWS's model). */
  int MAX_INPUT_LENGTH = 8192;

  /** At most this many characters in {@code InputPath} (AWS's model). */
  int MAX_INPUT_PATH_LENGTH = 256;

  /** The whole event (no {@code Input}, {@code InputPath} or {@code InputTransformer}). */
  static TargetInput whole() {
    return new Whole();
  }

  /**
   * {@code Input}: the same JSON text for every event.
   *
   * @throws InvalidInputException when {@code json} is not valid JSON or is too long
   */
  static TargetInput constant(String json) {
    return new Input(json);
  }

  /**
   * {@code InputPath}: the part of the event a JSONPath selects.
   *
   * @throws InvalidInputException when {@code jsonPath} is not a JSONPath starting with {@code $}
   */
  static TargetInput path(String jsonPath) {
    if (jsonPath == null || jsonPath.length() > MAX_INPUT_PATH_LENGTH) {
      throw invalidPath(jsonPath);
    }
    return new InputPath(EventPath.parse(jsonPath).orElseThrow(() -> invalidPath(jsonPath)));
  }

  /**
   * {@code InputTransformer}: {@code InputPathsMap} values filled into {@code InputTemplate}.
   *
   * @param inputPathsMap placeholder names to JSONPaths; {@code null} for none
   * @throws InvalidInputException as PutTargets refuses the transformer
   */
  static TargetInput transformer(Map<String, String> inputPathsMap, String inputTemplate) {
    return new InputTransformer(InputTemplate.of(inputPathsMap, inputTemplate));
  }

  /**
   * The body for {@code event} (the whole parsed event); empty when EventBridge would deliver
   * nothing: a transformer's filled template that is not valid JSON where JSON was required, or an
   * {@code InputPath} that selects nothing.
   */
  Optional<String> render(JsonNode event, TransformContext context);

  /** The whole event, as compact JSON. */
  record Whole() implements TargetInput {
    @Override
    public Optional<String> render(JsonNode event, TransformContext context) {
      return Optional.of(event.toString());
    }
  }

  /**
   * {@code Input}: delivered exactly as given.
   *
   * @param json valid JSON text of at most {@value TargetInput#MAX_INPUT_LENGTH} characters
   */
  record Input(String json) implements TargetInput {
    /** Validates as PutTargets does. */
    public Input {
      if (json == null || !JsonText.isValid(json)) {
        throw new InvalidInputException("Input", "must be valid JSON text, but was '" + json + "'");
      }
      int length = json.codePointCount(0, json.length());
      if (length > MAX_INPUT_LENGTH) {
        throw new InvalidInputException(
            "Input",
            "must have length less than or equal to " + MAX_INPUT_LENGTH + ", but was " + length);
      }
    }

    @Override
    public Optional<String> render(JsonNode event, TransformContext context) {
      return Optional.of(json);
    }
  }

  /**
   * {@code InputPath}: the selected JSON (a string selected is delivered with its quotes, as AWS
   * recorded {@code "baz"}); nothing when the path selects nothing.
   *
   * @param path the compiled path
   */
  record InputPath(EventPath path) implements TargetInput {
    /** Checks the component. */
    public InputPath {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public Optional<String> render(JsonNode event, TransformContext context) {
      return path.select(event).map(JsonNode::toString);
    }
  }

  /**
   * {@code InputTransformer}.
   *
   * @param template the compiled {@code InputPathsMap} and {@code InputTemplate}
   */
  record InputTransformer(InputTemplate template) implements TargetInput {
    /** Checks the component. */
    public InputTransformer {
      Objects.requireNonNull(template, "template");
    }

    @Override
    public Optional<String> render(JsonNode event, TransformContext context) {
      return template.render(event, context);
    }
  }

  private static InvalidInputException invalidPath(String jsonPath) {
    return new InvalidInputException(
        "InputPath",
        "must be a JSONPath of at most "
            + MAX_INPUT_PATH_LENGTH
            + " characters starting with '$', but was '"
            + jsonPath
            + "'");
  }
}
