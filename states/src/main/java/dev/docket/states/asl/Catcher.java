package dev.docket.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One {@code Catch} entry.
 *
 * @param errorEquals the errors it matches
 * @param next the state to go to
 * @param resultPath {@code ResultPath} ({@code "$"} if absent, null if JSON null; JSONPath mode)
 * @param output {@code Output} (JSONata mode), or null
 * @param assign {@code Assign}, or null
 */
public record Catcher(
    List<String> errorEquals, String next, String resultPath, JsonNode output, JsonNode assign) {

  public Catcher {
    errorEquals = List.copyOf(errorEquals);
  }
}
