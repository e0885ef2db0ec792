package dev.docket.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.store.ResourceRecord;
import dev.docket.store.StoreException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON documents schedules and groups are stored as, and their resource kinds, ids and parents:
 *
 * <ul>
 *   <li>{@value #GROUP}: id = group ARN, parent = {@code account/region}, name = group name
 *   <li>{@value #SCHEDULE}: id = schedule ARN, parent = {@code account/region}, name = {@code
 *       <group>/<name>}, so one listing walks an account's schedules group by group and a group's
 *       schedules are one name prefix
 * </ul>
 *
 * <p>Field names are Docket's own (camelCase), except the target, kept as AWS's {@code Target}
 * structure. Times are epoch milliseconds. Stateless and thread-safe.
 */
final class Documents {

  /** The resource kind of schedule groups. */
  static final String GROUP = "scheduler.group";

  /** The resource kind of schedules. */
  static final String SCHEDULE = "scheduler.schedule";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Documents() {}

  /** The listing name of a schedule: its group, a slash, its name. */
  static String scheduleKey(String group, String name) {
    return group + "/" + name;
  }

  static ResourceRecord newRecord(Schedule s) {
    return new ResourceRecord(
        SCHEDULE,
        s.arn(),
        Arns.parent(s.account(), s.region()),
        scheduleKey(s.group(), s.name()),
        1,
        write(s));
  }

  static ResourceRecord newRecord(ScheduleGroup g, String account, String region) {
    return new ResourceRecord(GROUP, g.arn(), Arns.parent(account, region), g.name(), 1, write(g));
  }

  static String write(Schedule s) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", s.name());
    node.put("group", s.group());
    node.put("arn", s.arn());
    node.put("account", s.account());
    node.put("region", s.region());
    s.description().ifPresent(v -> node.put("description", v));
    node.put("expression", s.expression());
    node.put("timezone", s.timezone());
    s.startDate().ifPresent(v -> node.put("startDate", v.toEpochMilli()));
    s.endDate().ifPresent(v -> node.put("endDate", v.toEpochMilli()));
    node.put("windowMode", s.windowMode());
    s.maximumWindowMinutes().ifPresent(v -> node.put("maximumWindowMinutes", v));
    node.put("state", s.state());
    node.put("actionAfterCompletion", s.actionAfterCompletion());
    s.kmsKeyArn().ifPresent(v -> node.put("kmsKeyArn", v));
    node.set("target", s.target());
    node.put("createdAt", s.createdAt().toEpochMilli());
    node.put("lastModifiedAt", s.lastModifiedAt().toEpochMilli());
    s.clientToken().ifPresent(v -> node.put("clientToken", v));
    return text(node);
  }

  static Schedule readSchedule(String document) {
    JsonNode n = parse(document);
    return new Schedule(
        n.get("name").asText(),
        n.get("group").asText(),
        n.get("arn").asText(),
        n.get("account").asText(),
        n.get("region").asText(),
        optional(n, "description"),
        n.get("expression").asText(),
        n.get("timezone").asText(),
        instant(n, "startDate"),
        instant(n, "endDate"),
        n.get("windowMode").asText(),
        n.has("maximumWindowMinutes")
            ? Optional.of(n.get("maximumWindowMinutes").asInt())
            : Optional.empty(),
        n.get("state").asText(),
        n.get("actionAfterCompletion").asText(),
        optional(n, "kmsKeyArn"),
        (ObjectNode) n.get("target"),
        Instant.ofEpochMilli(n.get("createdAt").asLong()),
        Instant.ofEpochMilli(n.get("lastModifiedAt").asLong()),
        optional(n, "clientToken"));
  }

  static String write(ScheduleGroup g) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", g.name());
    node.put("arn", g.arn());
    node.put("createdAt", g.createdAt().toEpochMilli());
    node.put("lastModifiedAt", g.lastModifiedAt().toEpochMilli());
    ObjectNode tags = node.putObject("tags");
    g.tags().forEach(tags::put);
    g.clientToken().ifPresent(v -> node.put("clientToken", v));
    return text(node);
  }

  static ScheduleGroup readGroup(String document) {
    JsonNode n = parse(document);
    Map<String, String> tags = new LinkedHashMap<>();
    n.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    return new ScheduleGroup(
        n.get("name").asText(),
        n.get("arn").asText(),
        Instant.ofEpochMilli(n.get("createdAt").asLong()),
        Instant.ofEpochMilli(n.get("lastModifiedAt").asLong()),
        tags,
        optional(n, "clientToken"));
  }

  private static Optional<String> optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static Optional<Instant> instant(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull()
        ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(value.asLong()));
  }

  private static JsonNode parse(String document) {
    try {
      return JSON.readTree(document);
    } catch (JsonProcessingException e) {
      throw new StoreException("corrupt scheduler document: " + e.getOriginalMessage(), e);
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
