package dev.docket.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * CreateSchedule, GetSchedule, UpdateSchedule, DeleteSchedule, ListSchedules and the deletion of a
 * group's schedules. Each write sets or cancels the schedule's timer ({@link ScheduleTimers}) in
 * the order that never leaves a schedule without its timer. A repeated create or update with the
 * same {@code ClientToken} answers as the first did. Thread-safe: state is in the store.
 */
final class Schedules {

  private static final int ATTEMPTS = 8;
  private static final int SCAN_BATCH = 200;

  private final ResourceStore store;
  private final Groups groups;
  private final ScheduleTimers timers;
  private final Clock clock;

  Schedules(ResourceStore store, Groups groups, ScheduleTimers timers, Clock clock) {
    this.store = store;
    this.groups = groups;
    this.timers = timers;
    this.clock = clock;
  }

  ObjectNode create(ObjectNode input, RequestContext context) {
    String group = groupOf(input, context);
    Instant now = clock.instant();
    Schedule schedule =
        ScheduleChecks.schedule(input, group, context.accountId(), context.region(), now);
    Optional<Schedule> existing = read(schedule.arn());
    if (existing.isPresent()) {
      return replayOrConflict(existing.get(), schedule);
    }
    timers.set(schedule, now);
    if (!store.create(Documents.newRecord(schedule))) {
      return replayOrConflict(read(schedule.arn()).orElseThrow(), schedule);
    }
    return arnOutput(schedule.arn());
  }

  private static ObjectNode replayOrConflict(Schedule existing, Schedule wanted) {
    if (wanted.clientToken().isPresent() && existing.clientToken().equals(wanted.clientToken())) {
      return arnOutput(existing.arn());
    }
    throw Failures.scheduleExists(wanted.name());
  }

  ObjectNode get(ObjectNode input, RequestContext context) {
    String group = groupOf(input, context);
    String name = input.get("Name").asText();
    Schedule schedule =
        read(Arns.schedule(context.region(), context.accountId(), group, name))
            .orElseThrow(() -> Failures.scheduleNotFound(name));
    return describe(schedule);
  }

  ObjectNode update(ObjectNode input, RequestContext context) {
    String group = groupOf(input, context);
    String name = input.get("Name").asText();
    String arn = Arns.schedule(context.region(), context.accountId(), group, name);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      ResourceRecord record =
          store.get(Documents.SCHEDULE, arn).orElseThrow(() -> Failures.scheduleNotFound(name));
      Schedule current = Documents.readSchedule(record.document());
      Instant now = clock.instant();
      Schedule updated =
          ScheduleChecks.schedule(input, group, context.accountId(), context.region(), now)
              .createdAt(current.createdAt());
      if (updated.clientToken().isPresent()
          && updated.clientToken().equals(current.clientToken())) {
        return arnOutput(arn);
      }
      timers.set(updated, now);
      if (store.replace(record.next(Documents.write(updated)))) {
        return arnOutput(arn);
      }
    }
    throw Failures.concurrentModification("The schedule");
  }

  ObjectNode delete(ObjectNode input, RequestContext context) {
    String group = groupOf(input, context);
    String name = input.get("Name").asText();
    String arn = Arns.schedule(context.region(), context.accountId(), group, name);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      ResourceRecord record =
          store.get(Documents.SCHEDULE, arn).orElseThrow(() -> Failures.scheduleNotFound(name));
      if (store.delete(Documents.SCHEDULE, arn, record.version())) {
        timers.cancel(arn);
        return JsonNodeFactory.instance.objectNode();
      }
    }
    throw Failures.concurrentModification("The schedule");
  }

  ObjectNode list(ObjectNode input, RequestContext context) {
    groups.ensureDefault(context);
    Optional<String> group = Optional.ofNullable(input.get("GroupName")).map(JsonNode::asText);
    group.ifPresent(g -> groups.require(g, context));
    String namePrefix = input.path("NamePrefix").asText("");
    Optional<String> state = Optional.ofNullable(input.get("State")).map(JsonNode::asText);
    int max = input.path("MaxResults").asInt(Pages.DEFAULT_MAX_RESULTS);
    String after =
        Pages.position(
            "schedules", Optional.ofNullable(input.get("NextToken")).map(JsonNode::asText));
    String parent = Arns.parent(context.accountId(), context.region());
    String storePrefix = group.map(g -> Documents.scheduleKey(g, namePrefix)).orElse("");
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    ArrayNode page = output.putArray("Schedules");
    String position = after;
    String lastTaken = null;
    boolean more = false;
    scan:
    while (true) {
      List<ResourceRecord> batch =
          store.list(Documents.SCHEDULE, parent, storePrefix, position, SCAN_BATCH);
      for (ResourceRecord record : batch) {
        position = record.name();
        Schedule schedule = Documents.readSchedule(record.document());
        if (!schedule.name().startsWith(namePrefix)
            || state.map(s -> !s.equals(schedule.state())).orElse(false)) {
          continue;
        }
        if (page.size() == max) {
          more = true;
          break scan;
        }
        page.add(summary(schedule));
        lastTaken = record.name();
      }
      if (batch.size() < SCAN_BATCH) {
        break;
      }
    }
    if (more) {
      output.put("NextToken", Pages.token("schedules", lastTaken));
    }
    return output;
  }

  /** Deletes every schedule of a group (DeleteScheduleGroup), cancelling their timers. */
  void deleteAllOf(String group, RequestContext context) {
    String parent = Arns.parent(context.accountId(), context.region());
    String prefix = Documents.scheduleKey(group, "");
    while (true) {
      List<ResourceRecord> batch = store.list(Documents.SCHEDULE, parent, prefix, "", SCAN_BATCH);
      if (batch.isEmpty()) {
        return;
      }
      for (ResourceRecord record : batch) {
        if (store.delete(Documents.SCHEDULE, record.id(), record.version())) {
          timers.cancel(record.id());
        }
      }
    }
  }

  /** The schedule stored under {@code arn}, if any. */
  Optional<Schedule> read(String arn) {
    return store.get(Documents.SCHEDULE, arn).map(r -> Documents.readSchedule(r.document()));
  }

  private String groupOf(ObjectNode input, RequestContext context) {
    groups.ensureDefault(context);
    String group = input.path("GroupName").asText(Arns.DEFAULT_GROUP);
    if (!Arns.DEFAULT_GROUP.equals(group)) {
      groups.require(group, context);
    }
    return group;
  }

  private static ObjectNode arnOutput(String arn) {
    return JsonNodeFactory.instance.objectNode().put("ScheduleArn", arn);
  }

  static ObjectNode describe(Schedule s) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("ActionAfterCompletion", s.actionAfterCompletion());
    node.put("Arn", s.arn());
    node.put("CreationDate", Outputs.seconds(s.createdAt()));
    s.description().ifPresent(v -> node.put("Description", v));
    s.endDate().ifPresent(v -> node.put("EndDate", Outputs.seconds(v)));
    ObjectNode window = node.putObject("FlexibleTimeWindow");
    s.maximumWindowMinutes().ifPresent(v -> window.put("MaximumWindowInMinutes", v));
    window.put("Mode", s.windowMode());
    node.put("GroupName", s.group());
    s.kmsKeyArn().ifPresent(v -> node.put("KmsKeyArn", v));
    node.put("LastModificationDate", Outputs.seconds(s.lastModifiedAt()));
    node.put("Name", s.name());
    node.put("ScheduleExpression", s.expression());
    node.put("ScheduleExpressionTimezone", s.timezone());
    s.startDate().ifPresent(v -> node.put("StartDate", Outputs.seconds(v)));
    node.put("State", s.state());
    node.set("Target", s.target());
    return node;
  }

  private static ObjectNode summary(Schedule s) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("Arn", s.arn());
    node.put("CreationDate", Outputs.seconds(s.createdAt()));
    node.put("GroupName", s.group());
    node.put("LastModificationDate", Outputs.seconds(s.lastModifiedAt()));
    node.put("Name", s.name());
    node.put("State", s.state());
    node.putObject("Target").put("Arn", s.targetArn());
    return node;
  }
}
