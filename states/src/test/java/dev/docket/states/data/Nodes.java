package dev.docket.states.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Test helpers: JSON text to nodes, and scopes. */
final class Nodes {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Nodes() {}

  /** Parses JSON written with single quotes for readability. */
  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Parses JSON text as is. */
  static JsonNode raw(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Scope scope(String input) {
    return new Scope(
        json(input), json("{'Execution': {'Name': 'exec-1'}}"), Variables.root(), null, null);
  }

  static Scope scope(JsonNode input, Variables variables) {
    return new Scope(input, json("{'Execution': {'Name': 'exec-1'}}"), variables, null, null);
  }
}
