package dev.docket.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * TagResource, UntagResource and ListTagsForResource. Only schedule groups carry tags, as in AWS
 * (the model's {@code TagResourceArn} pattern admits group ARNs alone, so the wire layer refuses a
 * schedule's ARN). Thread-safe: state is in the store.
 */
final class Tags {

  /** AWS's quota of tags per resource (also the model's list maximum). */
  static final int MAX_TAGS = 200;

  private static final int ATTEMPTS = 8;

  private final ResourceStore store;
  private final Groups groups;
  private final Clock clock;

  Tags(ResourceStore store, Groups groups, Clock clock) {
    this.store = store;
    this.groups = groups;
    this.clock = clock;
  }

  ObjectNode tag(ObjectNode input, RequestContext context) {
    Map<String, String> added = read(input.get("Tags"));
    change(input, context, tags -> tags.putAll(added));
    return JsonNodeFactory.instance.objectNode();
  }

  ObjectNode untag(ObjectNode input, RequestContext context) {
    change(input, context, tags -> input.path("TagKeys").forEach(k -> tags.remove(k.asText())));
    return JsonNodeFactory.instance.objectNode();
  }

  ObjectNode list(ObjectNode input, RequestContext context) {
    ScheduleGroup group = Documents.readGroup(record(input, context).document());
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    ArrayNode tags = output.putArray("Tags");
    group.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
    return output;
  }

  private void change(
      ObjectNode input, RequestContext context, Consumer<Map<String, String>> edit) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      ResourceRecord record = record(input, context);
      ScheduleGroup group = Documents.readGroup(record.document());
      Map<String, String> tags = new LinkedHashMap<>(group.tags());
      edit.accept(tags);
      if (tags.size() > MAX_TAGS) {
        // ours
        throw Failures.validation(
            "A schedule group can have at most "
                + MAX_TAGS
                + " tags, but would have "
                + tags.size()
                + ".");
      }
      if (store.replace(record.next(Documents.write(group.withTags(tags, clock.instant()))))) {
        return;
      }
    }
    throw Failures.concurrentModification("The schedule group");
  }

  private ResourceRecord record(ObjectNode input, RequestContext context) {
    groups.ensureDefault(context);
    String arn = input.get("ResourceArn").asText();
    Arns.GroupArn parsed =
        Arns.parseGroup(arn)
            .orElseThrow(() -> Failures.validation("Invalid ResourceArn " + arn + "."));
    return store.get(Documents.GROUP, arn).orElseThrow(() -> Failures.groupNotFound(parsed.name()));
  }

  /** A {@code Tags} list member as an ordered map (a later duplicate key wins). */
  static Map<String, String> read(JsonNode list) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (list != null) {
      list.forEach(t -> tags.put(t.get("Key").asText(), t.get("Value").asText()));
    }
    return tags;
  }
}
