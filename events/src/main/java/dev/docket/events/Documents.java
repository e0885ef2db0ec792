package dev.docket.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.store.ResourceRecord;
import dev.docket.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON documents buses and rules are stored as ({@link ResourceRecord#document()}), and the
 * resource kinds, ids and parents they are stored under:
 *
 * <ul>
 *   <li>{@value #BUS}: id = bus ARN, parent = {@code account/region}, name = bus name
 *   <li>{@value #RULE}: id = rule ARN, parent = bus ARN, name = rule name; the document holds the
 *       rule's targets
 * </ul>
 *
 * <p>Field names are Docket's own (camelCase), so the stored format does not change with the wire.
 * Times are epoch milliseconds. Stateless and thread-safe.
 */
public final class Documents {

  /** The resource kind of event buses. */
  public static final String BUS = "events.bus";

  /** The resource kind of rules (with their targets). */
  public static final String RULE = "events.rule";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Documents() {}

  /** A new (version 1) record for {@code bus}. */
  public static ResourceRecord newRecord(Bus bus) {
    return new ResourceRecord(
        BUS, bus.arn(), Bus.parentOf(bus.account(), bus.region()), bus.name(), 1, write(bus));
  }

  /** A new (version 1) record for {@code rule}. */
  public static ResourceRecord newRecord(Rule rule) {
    return new ResourceRecord(RULE, rule.arn(), rule.busArn(), rule.name(), 1, write(rule));
  }

  /** The document of {@code bus}. */
  public static String write(Bus bus) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", bus.name());
    node.put("arn", bus.arn());
    node.put("account", bus.account());
    node.put("region", bus.region());
    bus.description().ifPresent(v -> node.put("description", v));
    bus.kmsKeyIdentifier().ifPresent(v -> node.put("kmsKeyIdentifier", v));
    bus.deadLetterArn().ifPresent(v -> node.put("deadLetterArn", v));
    bus.logConfig().ifPresent(v -> node.set("logConfig", v));
    bus.policy().ifPresent(v -> node.put("policy", v));
    node.put("createdAt", bus.createdAt().toEpochMilli());
    node.put("lastModifiedAt", bus.lastModifiedAt().toEpochMilli());
    node.set("tags", tags(bus.tags()));
    return text(node);
  }

  /** The bus a document holds. */
  public static Bus readBus(String document) {
    JsonNode node = parse(document);
    return new Bus(
        node.get("name").asText(),
        node.get("arn").asText(),
        node.get("account").asText(),
        node.get("region").asText(),
        optional(node, "description"),
        optional(node, "kmsKeyIdentifier"),
        optional(node, "deadLetterArn"),
        Optional.ofNullable(node.get("logConfig")),
        optional(node, "policy"),
        Instant.ofEpochMilli(node.get("createdAt").asLong()),
        Instant.ofEpochMilli(node.get("lastModifiedAt").asLong()),
        tags(node.get("tags")));
  }

  /** The document of {@code rule}, targets included. */
  public static String write(Rule rule) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", rule.name());
    node.put("arn", rule.arn());
    node.put("busName", rule.busName());
    node.put("busArn", rule.busArn());
    rule.eventPattern().ifPresent(v -> node.put("eventPattern", v));
    rule.scheduleExpression().ifPresent(v -> node.put("scheduleExpression", v));
    node.put("state", rule.state().name());
    rule.description().ifPresent(v -> node.put("description", v));
    rule.roleArn().ifPresent(v -> node.put("roleArn", v));
    rule.managedBy().ifPresent(v -> node.put("managedBy", v));
    node.put("createdBy", rule.createdBy());
    node.put("createdAt", rule.createdAt().toEpochMilli());
    node.set("tags", tags(rule.tags()));
    ArrayNode targets = node.putArray("targets");
    rule.targets().forEach(t -> targets.add(t.json()));
    return text(node);
  }

  /** The rule a document holds. */
  public static Rule readRule(String document) {
    JsonNode node = parse(document);
    List<RuleTarget> targets = new ArrayList<>();
    node.path("targets").forEach(t -> targets.add(new RuleTarget((ObjectNode) t)));
    return new Rule(
        node.get("name").asText(),
        node.get("arn").asText(),
        node.get("busName").asText(),
        node.get("busArn").asText(),
        optional(node, "eventPattern"),
        optional(node, "scheduleExpression"),
        RuleState.valueOf(node.get("state").asText()),
        optional(node, "description"),
        optional(node, "roleArn"),
        optional(node, "managedBy"),
        node.get("createdBy").asText(),
        Instant.ofEpochMilli(node.get("createdAt").asLong()),
        tags(node.get("tags")),
        targets);
  }

  private static ArrayNode tags(Map<String, String> tags) {
    ArrayNode array = JSON.createArrayNode();
    tags.forEach((k, v) -> array.addObject().put("key", k).put("value", v));
    return array;
  }

  private static Map<String, String> tags(JsonNode array) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (array != null) {
      array.forEach(t -> tags.put(t.get("key").asText(), t.get("value").asText()));
    }
    return tags;
  }

  private static Optional<String> optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static JsonNode parse(String document) {
    try {
      return JSON.readTree(document);
    } catch (JsonProcessingException e) {
      throw new StoreException("corrupt events document: " + e.getOriginalMessage(), e);
    }
  }

  private static String text(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
