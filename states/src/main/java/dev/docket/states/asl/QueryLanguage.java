package dev.docket.states.asl;

/** The language a state's fields are written in ({@code QueryLanguage}). */
public enum QueryLanguage {
  JSONPATH,
  JSONATA;

  /** Parses AWS's spelling ({@code JSONPath}, {@code JSONata}); null if unknown. */
  public static QueryLanguage of(String name) {
    return switch (name) {
      case "JSONPath" -> JSONPATH;
      case "JSONata" -> JSONATA;
      default -> null;
    };
  }

  /** AWS's spelling. */
  public String awsName() {
    return this == JSONPATH ? "JSONPath" : "JSONata";
  }
}
