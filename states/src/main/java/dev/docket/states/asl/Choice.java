package dev.docket.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One top-level entry of a Choice state's {@code Choices}.
 *
 * @param rule what must hold
 * @param next the state to go to when it does
 * @param assign {@code Assign}, or null
 * @param output {@code Output} (JSONata), or null
 */
public record Choice(ChoiceRule rule, String next, JsonNode assign, JsonNode output) {}
