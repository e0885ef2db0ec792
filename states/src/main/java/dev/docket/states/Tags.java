package dev.docket.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.ServiceException;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.util.Optional;

/** Tags of state machines and activities (TagResource, UntagResource, ListTagsForResource). */
final class Tags {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_TAGS = 50;

  private final ResourceStore resources;

  Tags(ResourceStore resources) {
    this.resources = resources;
  }

  ObjectNode tag(JsonNode input) {
    String arn = Inputs.required(input, "resourceArn");
    update(arn, tags -> Inputs.tags(input, "tags").forEach(tags::put));
    return JSON.createObjectNode();
  }

  ObjectNode untag(JsonNode input) {
    String arn = Inputs.required(input, "resourceArn");
    update(arn, tags -> input.path("tagKeys").forEach(key -> tags.remove(key.asText())));
    return JSON.createObjectNode();
  }

  ObjectNode list(JsonNode input) {
    String arn = Inputs.required(input, "resourceArn");
    ObjectNode document = Machines.read(record(arn));
    ObjectNode output = JSON.createObjectNode();
    ArrayNode tags = output.putArray("tags");
    document
        .path("tags")
        .properties()
        .forEach(e -> tags.addObject().put("key", e.getKey()).put("value", e.getValue().asText()));
    return output;
  }

  private void update(String arn, java.util.function.Consumer<ObjectNode> change) {
    while (true) {
      ResourceRecord record = record(arn);
      ObjectNode document = Machines.read(record);
      ObjectNode tags =
          document.has("tags") ? (ObjectNode) document.get("tags") : document.putObject("tags");
      change.accept(tags);
      if (tags.size() > MAX_TAGS) {
        throw new ServiceException(
            StatesError.TOO_MANY_TAGS, "Too many tags: a resource can have at most 50 tags.");
      }
      if (resources.replace(record.next(document.toString()))) {
        return;
      }
    }
  }

  private ResourceRecord record(String arn) {
    String kind = arn.contains(":activity:") ? Activities.ACTIVITY : Machines.MACHINE;
    Optional<ResourceRecord> record = resources.get(kind, arn);
    return record.orElseThrow(
        () ->
            new ServiceException(
                StatesError.RESOURCE_NOT_FOUND, "Resource not found: '" + arn + "'"));
  }
}
