package dev.docket.states.asl;

import java.util.Objects;

/**
 * What every state has.
 *
 * @param name the state's name
 * @param type the {@code Type} as written ({@code Pass}, {@code Task}, ...)
 * @param queryLanguage the language its fields are in (its own or inherited)
 * @param comment the {@code Comment}, or null
 * @param next the {@code Next} state, or null (End, Choice, Succeed, Fail)
 * @param end whether {@code End} is true
 * @param io its data-flow fields
 */
public record Common(
    String name,
    String type,
    QueryLanguage queryLanguage,
    String comment,
    String next,
    boolean end,
    DataFlow io) {

  public Common {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(queryLanguage, "queryLanguage");
    Objects.requireNonNull(io, "io");
  }

  /** Whether the state's fields are JSONata. */
  public boolean jsonata() {
    return queryLanguage == QueryLanguage.JSONATA;
  }
}
