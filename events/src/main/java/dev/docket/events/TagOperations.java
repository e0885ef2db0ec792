package dev.docket.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * TagResource, UntagResource and ListTagsForResource for buses and rules (addressed by ARN).
 * Thread-safe: all state is in the store.
 */
final class TagOperations {

  private final ResourceStore store;
  private final BusDirectory buses;
  private final RuleBook rules;

  TagOperations(ResourceStore store, BusDirectory buses, RuleBook rules) {
    this.store = store;
    this.buses = buses;
    this.rules = rules;
  }

  /** What a resource ARN addresses: the store kind and id, and the error when it is missing. */
  private record Address(
      String kind, String id, String busArn, Supplier<ServiceException> missing) {}

  ObjectNode tag(ObjectNode input, RequestContext context) {
    Map<String, String> added = Inputs.tags(input, "Tags");
    change(input, context, tags -> tags.putAll(added));
    return JsonNodeFactory.instance.objectNode();
  }

  ObjectNode untag(ObjectNode input, RequestContext context) {
    List<String> keys = new ArrayList<>();
    input.path("TagKeys").forEach(k -> keys.add(k.asText()));
    change(input, context, tags -> keys.forEach(tags::remove));
    return JsonNodeFactory.instance.objectNode();
  }

  ObjectNode list(ObjectNode input, RequestContext context) {
    Address address = address(Inputs.required(input, "ResourceARN"), context);
    ResourceRecord record = store.get(address.kind(), address.id()).orElseThrow(address.missing());
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    ArrayNode entries = output.putArray("Tags");
    tagsOf(record).forEach((k, v) -> entries.addObject().put("Key", k).put("Value", v));
    return output;
  }

  private void change(
      ObjectNode input,
      RequestContext context,
      java.util.function.Consumer<Map<String, String>> edit) {
    Address address = address(Inputs.required(input, "ResourceARN"), context);
    BusDirectory.update(
        store,
        address.kind(),
        address.id(),
        current -> {
          Map<String, String> tags = new LinkedHashMap<>(tagsOf(current));
          edit.accept(tags);
          String document =
              address.kind().equals(Documents.BUS)
                  ? Documents.write(Documents.readBus(current.document()).withTags(tags))
                  : Documents.write(Documents.readRule(current.document()).withTags(tags));
          return current.next(document);
        },
        address.missing());
    if (address.kind().equals(Documents.RULE)) {
      rules.changed(address.busArn());
    }
  }

  private static Map<String, String> tagsOf(ResourceRecord record) {
    return record.kind().equals(Documents.BUS)
        ? Documents.readBus(record.document()).tags()
        : Documents.readRule(record.document()).tags();
  }

  private Address address(String arn, RequestContext context) {
    buses.ensureDefault(context);
    Arns.Parsed parsed =
        Arns.parse(arn)
            .orElseThrow(() -> Failures.validation("Parameter ResourceARN is not valid."));
    switch (parsed.type()) {
      case "event-bus" -> {
        return new Address(Documents.BUS, arn, arn, () -> Failures.busNotFound(parsed.resource()));
      }
      case "rule" -> {
        String resource = parsed.resource();
        int slash = resource.lastIndexOf('/');
        String busName = slash < 0 ? Arns.DEFAULT_BUS : resource.substring(0, slash);
        String ruleName = resource.substring(slash + 1);
        return new Address(
            Documents.RULE,
            arn,
            Arns.bus(parsed.region(), parsed.account(), busName),
            () -> Failures.ruleNotFound(ruleName, busName));
      }
      default -> throw Failures.validation("Parameter ResourceARN is not valid.");
    }
  }
}
