package dev.docket.states.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The JSON document the store keeps with an execution ({@code ExecutionRecord.document}).
 *
 * @param type {@code STANDARD} or {@code EXPRESS}
 * @param input the input as JSON text
 * @param revision the state machine revision it runs (definitions never change under it)
 * @param roleArn the state machine's role ARN at start
 * @param salt a random value its task tokens derive from
 * @param versionArn the version it was started through, or null
 * @param aliasArn the alias it was started through, or null
 * @param traceHeader the trace header, or null
 * @param redriveCount how many times it was redriven
 * @param output the output as JSON text once it succeeded, else null
 * @param error the error once it failed, else null
 * @param cause the cause once it failed, else null
 */
public record ExecutionDocument(
    String type,
    String input,
    String revision,
    String roleArn,
    String salt,
    String versionArn,
    String aliasArn,
    String traceHeader,
    int redriveCount,
    String output,
    String error,
    String cause) {

  public ExecutionDocument {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(roleArn, "roleArn");
    Objects.requireNonNull(salt, "salt");
  }

  /** This document with the execution's end. */
  public ExecutionDocument ended(String newOutput, String newError, String newCause) {
    return new ExecutionDocument(
        type,
        input,
        revision,
        roleArn,
        salt,
        versionArn,
        aliasArn,
        traceHeader,
        redriveCount,
        newOutput,
        newError,
        newCause);
  }

  /** As JSON text. */
  public String toJson() {
    ObjectNode node = Json.object();
    node.put("type", type);
    node.put("input", input);
    node.put("revision", revision);
    node.put("roleArn", roleArn);
    node.put("salt", salt);
    putIf(node, "versionArn", versionArn);
    putIf(node, "aliasArn", aliasArn);
    putIf(node, "traceHeader", traceHeader);
    node.put("redriveCount", redriveCount);
    putIf(node, "output", output);
    putIf(node, "error", error);
    putIf(node, "cause", cause);
    return node.toString();
  }

  /** Reads a document. */
  public static ExecutionDocument fromJson(String json) {
    JsonNode node = Json.parse(json);
    return new ExecutionDocument(
        node.path("type").asText("STANDARD"),
        node.path("input").asText("{}"),
        node.path("revision").asText(),
        node.path("roleArn").asText(),
        node.path("salt").asText(),
        text(node, "versionArn"),
        text(node, "aliasArn"),
        text(node, "traceHeader"),
        node.path("redriveCount").asInt(0),
        text(node, "output"),
        text(node, "error"),
        text(node, "cause"));
  }

  private static void putIf(ObjectNode node, String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }
}
