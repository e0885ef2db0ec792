package dev.docket.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a parsed definition into its records and reports every problem: the top level, each block
 * of states (the machine, Parallel branches, Map item processors), and each block's transition
 * graph (targets that do not exist, no terminal state, states nothing names). State names are
 * unique across the whole machine. Not thread-safe: one per definition read.
 */
final class DefinitionReader {

  /** What a block of states is. */
  enum Kind {
    TOP,
    BRANCH,
    PROCESSOR
  }

  static final int MAX_NAME = 80;

  private final Problems problems;
  private final Set<String> names = new HashSet<>();
  private final boolean express;
  private StateReader states;
  private QueryLanguage top = QueryLanguage.JSONPATH;

  DefinitionReader(Problems problems, boolean express) {
    this.problems = problems;
    this.express = express;
  }

  /** The definition, or null if it is too broken to build (its problems are reported). */
  StateMachineDefinition read(ObjectNode root) {
    if (root.has("QueryLanguage")) {
      top = StateReader.languageOf(root.get("QueryLanguage"), "/QueryLanguage", problems);
    }
    states = new StateReader(this, problems, top, express);
    for (Map.Entry<String, JsonNode> member : root.properties()) {
      switch (member.getKey()) {
        case "StartAt", "States", "Comment", "TimeoutSeconds", "Version", "QueryLanguage" -> {}
        default -> problems.schema("Field '" + member.getKey() + "' is not supported", "/");
      }
    }
    StateFields fields = new StateFields(root, "", top, problems);
    JsonNode timeout = fields.integer("TimeoutSeconds", 1, ErrorHandling.MAX_INT);
    fields.text("Version");
    return block(
        root, "", Kind.TOP, timeout == null || !timeout.isNumber() ? null : timeout.asInt());
  }

  /** A Parallel branch or a Map's item processor. */
  StateMachineDefinition block(JsonNode raw, String base, Kind kind) {
    return block(raw, base, kind, null);
  }

  private StateMachineDefinition block(JsonNode raw, String base, Kind kind, Integer timeout) {
    String location = base.isEmpty() ? "/" : base;
    if (!(raw instanceof ObjectNode node)) {
      problems.schema("Value must be an object", location);
      return null;
    }
    if (kind != Kind.TOP) {
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        String field = member.getKey();
        boolean supported =
            field.equals("StartAt")
                || field.equals("States")
                || field.equals("Comment")
                || (kind == Kind.PROCESSOR && field.equals("ProcessorConfig"));
        if (!supported) {
          problems.schema("Field '" + field + "' is not supported", location);
        }
      }
    }
    Processor processor =
        kind != Kind.PROCESSOR
            ? new Processor(null, null)
            : node.has("ProcessorConfig")
                ? processorConfig(node.get("ProcessorConfig"), base + "/ProcessorConfig")
                : new Processor("INLINE", null);
    String missing =
        (node.has("States") ? "" : ", States") + (node.has("StartAt") ? "" : ", StartAt");
    if (!missing.isEmpty()) {
      problems.schema("These fields are required: [" + missing.substring(2) + "]", location);
    }
    StateFields fields = new StateFields(node, base, top, problems);
    String comment = fields.text("Comment");
    String startAt = fields.text("StartAt");
    JsonNode statesNode = node.get("States");
    if (statesNode == null) {
      return null;
    }
    if (!(statesNode instanceof ObjectNode stateNodes)) {
      problems.schema("The field 'States' must be an object", base + "/States");
      return null;
    }
    if (stateNodes.isEmpty()) {
      problems.schema("Value cannot be empty", base + "/States");
      return null;
    }
    Map<String, State> read = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> member : stateNodes.properties()) {
      String name = member.getKey();
      String stateLocation = base + "/States/" + name;
      if (name.length() > MAX_NAME) {
        problems.schema(
            "The state name must not be longer than " + MAX_NAME + " characters", stateLocation);
      }
      if (!names.add(name)) {
        problems.add(Problems.DUPLICATE_NAME, "Duplicate State name: " + name, stateLocation);
      }
      State state = states.read(name, member.getValue(), stateLocation);
      if (state != null) {
        read.put(name, state);
      }
    }
    new Transitions(base, stateNodes, problems).check(startAt);
    if (startAt == null) {
      return null;
    }
    return new StateMachineDefinition(
        comment, startAt, read, timeout, top, processor.mode(), processor.executionType());
  }

  /** A Map item processor's {@code ProcessorConfig}. */
  private record Processor(String mode, String executionType) {}

  private Processor processorConfig(JsonNode config, String location) {
    if (!(config instanceof ObjectNode node)) {
      problems.schema("Value must be an object", location);
      return new Processor("INLINE", null);
    }
    StateFields fields = new StateFields(node, location, top, problems);
    fields.checkSupported(
        field ->
            field.equals("Mode") || field.equals("ExecutionType") ? FieldRules.Allowed.BOTH : null);
    String mode = fields.text("Mode");
    if (mode == null) {
      mode = "INLINE";
    } else if (!mode.equals("INLINE") && !mode.equals("DISTRIBUTED")) {
      problems.schema(
          "The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]",
          fields.at("Mode"));
    }
    String executionType = fields.text("ExecutionType");
    if (executionType != null
        && !executionType.equals("STANDARD")
        && !executionType.equals("EXPRESS")) {
      problems.schema(
          "The field 'ExecutionType' should have one of these values: [STANDARD, EXPRESS]",
          fields.at("ExecutionType"));
    }
    if (mode.equals("DISTRIBUTED") && executionType == null) {
      problems.schema("These fields are required: [ExecutionType]", location);
    }
    return new Processor(mode, mode.equals("DISTRIBUTED") ? executionType : null);
  }

  /** One block's transition graph, read from the states as written. */
  private record Transitions(String base, ObjectNode states, Problems problems) {

    void check(String startAt) {
      Map<String, Set<String>> edges = new LinkedHashMap<>();
      boolean terminal = false;
      if (startAt != null && !states.has(startAt)) {
        problems.graph(
            Problems.MISSING_TARGET, "Missing 'Next' target: " + startAt, at("/StartAt"));
      }
      for (Map.Entry<String, JsonNode> member : states.properties()) {
        String name = member.getKey();
        JsonNode state = member.getValue();
        Set<String> targets = new HashSet<>();
        edges.put(name, targets);
        String location = at("/States/" + name);
        target(state.get("Next"), location + "/Next", targets);
        JsonNode choices = state.get("Choices");
        if (choices != null && choices.isArray()) {
          for (int i = 0; i < choices.size(); i++) {
            target(choices.get(i).get("Next"), location + "/Choices[" + i + "]/Next", targets);
          }
        }
        target(state.get("Default"), location + "/Default", targets);
        JsonNode catchers = state.get("Catch");
        if (catchers != null && catchers.isArray()) {
          for (int i = 0; i < catchers.size(); i++) {
            target(catchers.get(i).get("Next"), location + "/Catch[" + i + "]/Next", targets);
          }
        }
        String type = state.path("Type").asText("");
        terminal |=
            state.path("End").asBoolean(false) || type.equals("Succeed") || type.equals("Fail");
      }
      if (!terminal) {
        problems.graph(Problems.MISSING_END, "Workflow has no terminal state", null);
        return;
      }
      if (startAt == null) {
        return; // AWS reports the missing StartAt alone
      }
      // AWS's rule: a state is reachable when StartAt or another state names it (not a walk)
      Set<String> named = new HashSet<>();
      named.add(startAt);
      edges.forEach(
          (from, targets) ->
              targets.stream().filter(target -> !target.equals(from)).forEach(named::add));
      for (String name : edges.keySet()) {
        if (!named.contains(name)) {
          problems.graph(
              Problems.MISSING_TARGET,
              "State \"" + name + "\" is not reachable.",
              at("/States/" + name));
        }
      }
    }

    private void target(JsonNode next, String location, Set<String> targets) {
      if (next == null || !next.isTextual()) {
        return;
      }
      targets.add(next.textValue());
      if (!states.has(next.textValue())) {
        problems.graph(
            Problems.MISSING_TARGET, "Missing 'Next' target: " + next.textValue(), location);
      }
    }

    private String at(String path) {
      return base + path;
    }
  }
}
