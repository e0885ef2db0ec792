package dev.docket.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A state's data-flow fields. Path fields hold the path as written, {@code "$"} when the field is
 * absent (AWS's default), and Java null when the definition sets it to JSON null. Template and
 * expression fields are null when absent.
 *
 * @param inputPath {@code InputPath} (JSONPath mode)
 * @param parameters {@code Parameters}, or a Map's {@code ItemSelector} / {@code Parameters}
 *     (JSONPath mode)
 * @param resultSelector {@code ResultSelector} (JSONPath mode)
 * @param resultPath {@code ResultPath} (JSONPath mode)
 * @param outputPath {@code OutputPath} (JSONPath mode)
 * @param result a Pass state's {@code Result} (JSONPath mode)
 * @param arguments {@code Arguments}, or a Map's {@code ItemSelector} (JSONata mode)
 * @param output {@code Output} (JSONata mode; a Pass state's {@code Output})
 * @param assign {@code Assign} (both modes)
 */
public record DataFlow(
    String inputPath,
    JsonNode parameters,
    JsonNode resultSelector,
    String resultPath,
    String outputPath,
    JsonNode result,
    JsonNode arguments,
    JsonNode output,
    JsonNode assign) {

  /** The defaults: every path {@code "$"}, nothing else. */
  public static final DataFlow DEFAULT =
      new DataFlow("$", null, null, "$", "$", null, null, null, null);
}
