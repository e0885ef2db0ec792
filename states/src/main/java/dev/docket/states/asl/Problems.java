package dev.docket.states.asl;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found while reading a definition, in the order AWS reports them: schema problems (in
 * document order) first, then the transition graph's (missing targets, no terminal state,
 * unreachable states), block by block. Not thread-safe: one per read.
 */
final class Problems {

  static final String SCHEMA = "SCHEMA_VALIDATION_FAILED";
  static final String INVALID_JSON = "INVALID_JSON_DESCRIPTION";
  static final String MISSING_TARGET = "MISSING_TRANSITION_TARGET";
  static final String MISSING_END = "MISSING_END_STATE";
  static final String DUPLICATE_NAME = "DUPLICATE_STATE_NAME";
  static final String INVALID_JSONATA = "INVALID_JSONATA_EXPRESSION";

  private final List<Diagnostic> schema = new ArrayList<>();
  private final List<Diagnostic> graph = new ArrayList<>();

  /** A {@code SCHEMA_VALIDATION_FAILED} error. */
  void schema(String message, String location) {
    schema.add(Diagnostic.error(SCHEMA, message, location));
  }

  /** An error of another code found while reading the states. */
  void add(String code, String message, String location) {
    schema.add(Diagnostic.error(code, message, location));
  }

  /** An error of the transition graph. */
  void graph(String code, String message, String location) {
    graph.add(Diagnostic.error(code, message, location));
  }

  /** How many problems so far. */
  int count() {
    return schema.size() + graph.size();
  }

  /** Every problem, in AWS's order. */
  List<Diagnostic> all() {
    List<Diagnostic> all = new ArrayList<>(schema);
    all.addAll(graph);
    return List.copyOf(all);
  }
}
