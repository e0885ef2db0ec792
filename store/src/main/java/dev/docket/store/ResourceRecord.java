package dev.docket.store;

import java.util.Objects;

/**
 * A named resource a service keeps as one JSON document with an optimistic version: an event bus, a
 * rule with its targets, a connection, an API destination (and later state machines, schedules,
 * pipes). The store never looks inside {@code document}.
 *
 * @param kind what the resource is, e.g. {@code events.rule}; the namespace of {@code id}
 * @param id unique within {@code kind}, usually the ARN
 * @param parent what the resource is listed under: for a rule its bus ARN, for a bus {@code
 *     account/region}
 * @param name the name listings order by and filter by prefix, unique within {@code (kind, parent)}
 * @param version 1 when created, one more at each replace
 * @param document the service's JSON document
 */
public record ResourceRecord(
    String kind, String id, String parent, String name, long version, String document) {

  /** Checks required components and that {@code version} is positive. */
  public ResourceRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(document, "document");
    if (version < 1) {
      throw new IllegalArgumentException("version must be positive, but was " + version);
    }
  }

  /** The same resource with a new document and the next version. */
  public ResourceRecord next(String newDocument) {
    return new ResourceRecord(kind, id, parent, name, version + 1, newDocument);
  }
}
