package dev.docket.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.store.ResourceRecord;
import dev.docket.store.StoreException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An EventBridge archive: which events of a bus it keeps ({@code eventPattern}, all when empty) and
 * for how long ({@code retentionDays}, 0 = forever). The events themselves are in the store's
 * {@link dev.docket.store.ArchiveStore}; this is the resource document (kind {@value #KIND}, id =
 * ARN, parent = {@code account/region}, name = archive name), whose field names are Docket's own.
 *
 * @param name the archive name, unique in its account and region
 * @param arn {@code arn:aws:events:<region>:<account>:archive/<name>}
 * @param account the owning account
 * @param region the region
 * @param sourceArn the ARN of the bus whose events it keeps
 * @param eventPattern the pattern events must match to be kept
 * @param description the description
 * @param retentionDays how many days events are kept; 0 keeps them forever
 * @param createdAt the creation time: events appended earlier are not archived
 */
record Archive(
    String name,
    String arn,
    String account,
    String region,
    String sourceArn,
    Optional<String> eventPattern,
    Optional<String> description,
    int retentionDays,
    Instant createdAt) {

  /** The resource kind of archives. */
  static final String KIND = "events.archive";

  /** An archive is ENABLED as soon as it is created (Docket has nothing to set up). */
  static final String STATE = "ENABLED";

  private static final ObjectMapper JSON = new ObjectMapper();

  Archive {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(sourceArn, "sourceArn");
    Objects.requireNonNull(eventPattern, "eventPattern");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(createdAt, "createdAt");
    if (retentionDays < 0) {
      throw new IllegalArgumentException("retentionDays must not be negative: " + retentionDays);
    }
  }

  /** The ARN of archive {@code name}. */
  static String arnOf(String region, String account, String name) {
    return "arn:aws:events:" + region + ":" + account + ":archive/" + name;
  }

  /** The archive name an archive ARN ends with (the whole text if it is not an ARN). */
  static String nameOf(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  /** A new (version 1) record of this archive. */
  ResourceRecord newRecord() {
    return new ResourceRecord(KIND, arn, Bus.parentOf(account, region), name, 1, document());
  }

  /** The stored document. */
  String document() {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", name);
    node.put("arn", arn);
    node.put("account", account);
    node.put("region", region);
    node.put("sourceArn", sourceArn);
    eventPattern.ifPresent(p -> node.put("eventPattern", p));
    description.ifPresent(d -> node.put("description", d));
    node.put("retentionDays", retentionDays);
    node.put("createdAt", createdAt.toEpochMilli());
    return node.toString();
  }

  /** The archive a document holds. */
  static Archive read(String document) {
    JsonNode node;
    try {
      node = JSON.readTree(document);
    } catch (JsonProcessingException e) {
      throw new StoreException("corrupt archive document: " + e.getOriginalMessage(), e);
    }
    return new Archive(
        node.get("name").asText(),
        node.get("arn").asText(),
        node.get("account").asText(),
        node.get("region").asText(),
        node.get("sourceArn").asText(),
        text(node, "eventPattern"),
        text(node, "description"),
        node.get("retentionDays").asInt(),
        Instant.ofEpochMilli(node.get("createdAt").asLong()));
  }

  /** This archive with the members UpdateArchive gave replaced. */
  Archive updated(
      Optional<String> newPattern,
      Optional<String> newDescription,
      Optional<Integer> newRetention) {
    return new Archive(
        name,
        arn,
        account,
        region,
        sourceArn,
        newPattern.or(this::eventPattern),
        newDescription.or(this::description),
        newRetention.orElse(retentionDays),
        createdAt);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
