package dev.docket.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One shape of a service model: its type, members and constraints.
 *
 * <p>Immutable and thread-safe. Optional facts are {@code null} when the model does not state them;
 * the {@code has...} methods say which are present.
 *
 * @param name the shape name, e.g. {@code SendMessageRequest}
 * @param type the shape type
 * @param members a structure's members in model order (empty for other types)
 * @param required the names of a structure's required members
 * @param listMember a list's element reference, or {@code null}
 * @param mapKey a map's key reference, or {@code null}
 * @param mapValue a map's value reference, or {@code null}
 * @param min the minimum length (strings, in code points; lists and maps, in entries; blobs, in
 *     bytes) or value (numbers), or {@code null}
 * @param max the maximum length or value, or {@code null}
 * @param pattern the compiled pattern a string must contain a match of, or {@code null}
 * @param enumValues the values a string may take; empty when unconstrained
 * @param flattened whether a list or map is flattened in awsQuery and XML
 * @param error the error traits when this shape is an exception, or {@code null}
 * @param queryKeyName a map's awsQuery key name ({@code key} unless overridden)
 * @param queryValueName a map's awsQuery value name ({@code value} unless overridden)
 */
public record Shape(
    String name,
    ShapeType type,
    Map<String, Member> members,
    Set<String> required,
    Member listMember,
    Member mapKey,
    Member mapValue,
    Long min,
    Long max,
    Pattern pattern,
    List<String> enumValues,
    boolean flattened,
    ErrorTraits error,
    String queryKeyName,
    String queryValueName) {

  /** Validates the required components; {@code members} keeps its (model) iteration order. */
  public Shape {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    required = Set.copyOf(required);
    enumValues = List.copyOf(enumValues);
    Objects.requireNonNull(queryKeyName, "queryKeyName");
    Objects.requireNonNull(queryValueName, "queryValueName");
  }

  /** Whether this shape is an exception (an error response shape). */
  public boolean isError() {
    return error != null;
  }

  /**
   * The error traits of an exception shape.
   *
   * @param httpStatusCode the modelled HTTP status, or 0 when unstated
   * @param queryCode the awsQuery error code, or {@code null} when unstated
   * @param senderFault whether the model says the client is at fault
   */
  public record ErrorTraits(int httpStatusCode, String queryCode, boolean senderFault) {}
}
