package dev.docket.store;

import java.util.List;
import java.util.Optional;

/**
 * Versioned resource documents (see {@link ResourceRecord}). Writers use optimistic concurrency: a
 * replace or delete names the version it read and fails if another writer got there first, so two
 * nodes sharing one database never lose each other's change. Thread-safe; writes durable on return.
 */
public interface ResourceStore {

  /**
   * Creates {@code record}; false if {@code (kind, id)} exists or {@code (kind, parent, name)} is
   * taken by another resource.
   *
   * @throws IllegalArgumentException if {@code record.version()} is not 1
   */
  boolean create(ResourceRecord record);

  /** The resource, if it exists. */
  Optional<ResourceRecord> get(String kind, String id);

  /**
   * Resources of {@code kind} under {@code parent}, ordered by name, whose name starts with {@code
   * namePrefix} (empty: all) and comes strictly after {@code afterName} (empty: from the start), at
   * most {@code limit}.
   */
  List<ResourceRecord> list(
      String kind, String parent, String namePrefix, String afterName, int limit);

  /**
   * Replaces the document of {@code record.id()} if its stored version is {@code record.version() -
   * 1}; false otherwise (gone, or changed by someone else).
   */
  boolean replace(ResourceRecord record);

  /** Deletes the resource if its stored version is {@code expectedVersion}; false otherwise. */
  boolean delete(String kind, String id, long expectedVersion);
}
