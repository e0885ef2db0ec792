package dev.docket.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Schedule groups: CreateScheduleGroup, GetScheduleGroup, DeleteScheduleGroup (with the group's
 * schedules), ListScheduleGroups, and the {@code default} group every account and region has,
 * created in the store on first use. Thread-safe: state is in the store, plus a set of the accounts
 * whose default group is known to exist.
 */
final class Groups {

  /** AWS's quota of schedule groups per account and region. */
  static final int MAX_GROUPS = 500;

  private final ResourceStore store;
  private final Clock clock;
  private final Set<String> defaultsKnown = ConcurrentHashMap.newKeySet();

  Groups(ResourceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  ObjectNode create(ObjectNode input, RequestContext context) {
    ensureDefault(context);
    String name = input.get("Name").asText();
    String arn = Arns.group(context.region(), context.accountId(), name);
    Optional<String> token = Optional.ofNullable(input.get("ClientToken")).map(JsonNode::asText);
    Map<String, String> tags = Tags.read(input.get("Tags"));
    String parent = Arns.parent(context.accountId(), context.region());
    if (store.list(Documents.GROUP, parent, "", "", MAX_GROUPS).size() >= MAX_GROUPS) {
      // ours
      throw new ServiceException(
          SchedulerError.SERVICE_QUOTA_EXCEEDED,
          "The account has reached its quota of " + MAX_GROUPS + " schedule groups.");
    }
    Instant now = clock.instant();
    ScheduleGroup group = new ScheduleGroup(name, arn, now, now, tags, token);
    if (!store.create(Documents.newRecord(group, context.accountId(), context.region()))) {
      Optional<ScheduleGroup> existing =
          store.get(Documents.GROUP, arn).map(r -> Documents.readGroup(r.document()));
      if (token.isEmpty() || existing.isEmpty() || !existing.get().clientToken().equals(token)) {
        throw Failures.groupExists(name);
      }
      // the same request again (same client token): answered as the first time
    }
    return JsonNodeFactory.instance.objectNode().put("ScheduleGroupArn", arn);
  }

  ObjectNode get(ObjectNode input, RequestContext context) {
    ensureDefault(context);
    return summary(require(input.get("Name").asText(), context));
  }

  ObjectNode list(ObjectNode input, RequestContext context) {
    ensureDefault(context);
    String prefix = input.path("NamePrefix").asText("");
    int max = input.path("MaxResults").asInt(Pages.DEFAULT_MAX_RESULTS);
    String after =
        Pages.position("groups", Optional.ofNullable(input.get("NextToken")).map(JsonNode::asText));
    List<ResourceRecord> records =
        store.list(
            Documents.GROUP,
            Arns.parent(context.accountId(), context.region()),
            prefix,
            after,
            max + 1);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    ArrayNode groups = output.putArray("ScheduleGroups");
    records.stream()
        .limit(max)
        .forEach(r -> groups.add(summary(Documents.readGroup(r.document()))));
    if (records.size() > max) {
      output.put("NextToken", Pages.token("groups", records.get(max - 1).name()));
    }
    return output;
  }

  /** The group, or {@code ResourceNotFoundException}. */
  ScheduleGroup require(String name, RequestContext context) {
    return store
        .get(Documents.GROUP, Arns.group(context.region(), context.accountId(), name))
        .map(r -> Documents.readGroup(r.document()))
        .orElseThrow(() -> Failures.groupNotFound(name));
  }

  /** Makes sure the account's {@code default} group exists in the store. */
  void ensureDefault(RequestContext context) {
    String parent = Arns.parent(context.accountId(), context.region());
    if (defaultsKnown.contains(parent)) {
      return;
    }
    String arn = Arns.group(context.region(), context.accountId(), Arns.DEFAULT_GROUP);
    if (store.get(Documents.GROUP, arn).isEmpty()) {
      Instant now = clock.instant();
      store.create(
          Documents.newRecord(
              new ScheduleGroup(
                  Arns.DEFAULT_GROUP, arn, now, now, new LinkedHashMap<>(), Optional.empty()),
              context.accountId(),
              context.region()));
    }
    defaultsKnown.add(parent);
  }

  /** Deletes the group's record, after its schedules are gone; false if it changed meanwhile. */
  boolean deleteRecord(String arn) {
    return store
        .get(Documents.GROUP, arn)
        .map(r -> store.delete(Documents.GROUP, arn, r.version()))
        .orElse(true);
  }

  static ObjectNode summary(ScheduleGroup group) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("Arn", group.arn());
    node.put("CreationDate", Outputs.seconds(group.createdAt()));
    node.put("LastModificationDate", Outputs.seconds(group.lastModifiedAt()));
    node.put("Name", group.name());
    node.put("State", "ACTIVE");
    return node;
  }
}
