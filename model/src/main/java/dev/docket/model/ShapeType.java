package dev.docket.model;

import java.util.Locale;

/** The type of a model shape, as the AWS model spells it in lower case ({@code structure}). */
public enum ShapeType {
  STRUCTURE,
  LIST,
  MAP,
  STRING,
  BOOLEAN,
  BYTE,
  SHORT,
  INTEGER,
  LONG,
  BIG_INTEGER,
  FLOAT,
  DOUBLE,
  BIG_DECIMAL,
  BLOB,
  TIMESTAMP,
  DOCUMENT;

  /** Parses the model's spelling, e.g. {@code "structure"} or {@code "bigdecimal"}. */
  public static ShapeType of(String modelType) {
    return switch (modelType.toLowerCase(Locale.ROOT)) {
      case "structure", "union" -> STRUCTURE;
      case "list", "set" -> LIST;
      case "map" -> MAP;
      case "string", "enum" -> STRING;
      case "boolean" -> BOOLEAN;
      case "byte" -> BYTE;
      case "short" -> SHORT;
      case "integer", "intenum" -> INTEGER;
      case "long" -> LONG;
      case "biginteger" -> BIG_INTEGER;
      case "float" -> FLOAT;
      case "double" -> DOUBLE;
      case "bigdecimal" -> BIG_DECIMAL;
      case "blob" -> BLOB;
      case "timestamp" -> TIMESTAMP;
      case "document" -> DOCUMENT;
      default -> throw new IllegalArgumentException("Unknown shape type '" + modelType + "'");
    };
  }

  /** Whether values of this type are whole numbers (JSON integral numbers). */
  public boolean integral() {
    return this == BYTE || this == SHORT || this == INTEGER || this == LONG || this == BIG_INTEGER;
  }

  /** Whether values of this type are numbers of any kind. */
  public boolean numeric() {
    return integral() || this == FLOAT || this == DOUBLE || this == BIG_DECIMAL;
  }

  /** The lower-case name used in messages, e.g. {@code integer}. */
  public String modelName() {
    return name().toLowerCase(Locale.ROOT).replace("_", "");
  }
}
