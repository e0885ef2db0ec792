package dev.docket.model;

import java.util.Objects;

/**
 * A reference from a structure, list or map to a shape, with its serialization traits.
 *
 * @param name the member name as in the model ({@code QueueUrl}); for a list's element or a map's
 *     key or value, {@code member}, {@code key} or {@code value}
 * @param target the name of the shape the member refers to
 * @param location where a REST protocol binds it ({@code header}, {@code uri}, {@code querystring},
 *     {@code headers}, {@code statusCode}), or {@code null} for the body
 * @param locationName the wire name the model gives it, or {@code null}
 * @param queryName the awsQuery name: Docket's override if any, else {@code locationName}, else
 *     {@code name}
 * @param flattened whether the member itself is marked flattened (the target shape may be too)
 * @param idempotencyToken whether the member is an idempotency token
 * @param jsonValue whether a string member carries a JSON document
 * @param timestampFormat the member's timestamp format, or {@code null}
 */
public record Member(
    String name,
    String target,
    String location,
    String locationName,
    String queryName,
    boolean flattened,
    boolean idempotencyToken,
    boolean jsonValue,
    String timestampFormat) {

  /** Validates the required components. */
  public Member {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(queryName, "queryName");
  }
}
