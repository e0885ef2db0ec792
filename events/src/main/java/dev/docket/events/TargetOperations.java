package dev.docket.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.ResourceStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PutTargets, RemoveTargets, ListTargetsByRule and ListRuleNamesByTarget. A rule and its targets
 * are one document, so PutTargets and RemoveTargets are read-modify-writes of the rule under
 * optimistic concurrency. Thread-safe: all state is in the store.
 */
final class TargetOperations {

  private static final String TARGET_LISTING = "targets";
  private static final String NAME_LISTING = "rule-names";

  private final ResourceStore store;
  private final BusDirectory buses;
  private final RuleBook rules;

  TargetOperations(ResourceStore store, BusDirectory buses, RuleBook rules) {
    this.store = store;
    this.buses = buses;
    this.rules = rules;
  }

  ObjectNode put(ObjectNode input, RequestContext context) {
    String ruleName = Inputs.required(input, "Rule");
    Bus bus = buses.resolve(Inputs.text(input, "EventBusName"), context);
    Map<String, RuleTarget> given = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode json : input.path("Targets")) {
      index++;
      Names.check(json.path("Id").asText(), "targets." + index + ".member.id");
      RuleTarget target = TargetChecks.check(json);
      given.put(target.id(), target);
    }
    String arn = RuleOperations.ruleArn(bus, ruleName);
    try {
      BusDirectory.update(
          store,
          Documents.RULE,
          arn,
          current -> {
            Rule rule = Documents.readRule(current.document());
            Map<String, RuleTarget> merged = new LinkedHashMap<>();
            rule.targets().forEach(t -> merged.put(t.id(), t));
            merged.putAll(given);
            if (merged.size() > Rule.MAX_TARGETS) {
              throw Failures.tooManyTargets();
            }
            return current.next(
                Documents.write(rule.withTargets(new ArrayList<>(merged.values()))));
          },
          () -> Failures.ruleNotFound(ruleName, bus.name()));
    } catch (ServiceException e) {
      if (e.code() != EventsError.CONCURRENT_MODIFICATION) {
        throw e;
      }
      return failedEntries(given.keySet(), e);
    }
    rules.changed(bus.arn());
    return failedEntries(Set.of(), null);
  }

  ObjectNode remove(ObjectNode input, RequestContext context) {
    String ruleName = Inputs.required(input, "Rule");
    Bus bus = buses.resolve(Inputs.text(input, "EventBusName"), context);
    List<String> ids = new ArrayList<>();
    input.path("Ids").forEach(id -> ids.add(id.asText()));
    try {
      BusDirectory.update(
          store,
          Documents.RULE,
          RuleOperations.ruleArn(bus, ruleName),
          current -> {
            Rule rule = Documents.readRule(current.document());
            List<RuleTarget> kept =
                rule.targets().stream().filter(t -> !ids.contains(t.id())).toList();
            // AWS ignores ids the rule does not have
            return kept.size() == rule.targets().size()
                ? current
                : current.next(Documents.write(rule.withTargets(kept)));
          },
          () -> Failures.ruleNotFound(ruleName, bus.name()));
    } catch (ServiceException e) {
      if (e.code() != EventsError.CONCURRENT_MODIFICATION) {
        throw e;
      }
      return failedEntries(ids, e);
    }
    rules.changed(bus.arn());
    return failedEntries(Set.of(), null);
  }

  ObjectNode listByRule(ObjectNode input, RequestContext context, RuleOperations ruleOperations) {
    Rule rule = ruleOperations.resolve(input, "Rule", context);
    int limit = Inputs.integer(input, "Limit").orElse(Pages.DEFAULT_LIMIT);
    String position = Pages.position(TARGET_LISTING, Inputs.text(input, "NextToken"));
    int from = position.isEmpty() ? 0 : index(position);
    List<RuleTarget> targets = rule.targets();
    int to = Math.min(targets.size(), from + limit);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    ArrayNode entries = output.putArray("Targets");
    for (int i = Math.min(from, to); i < to; i++) {
      entries.add(targets.get(i).json());
    }
    if (to < targets.size()) {
      output.put("NextToken", Pages.token(TARGET_LISTING, Integer.toString(to)));
    }
    return output;
  }

  ObjectNode listRuleNames(ObjectNode input, RequestContext context) {
    String targetArn = Inputs.required(input, "TargetArn");
    Bus bus = buses.resolve(Inputs.text(input, "EventBusName"), context);
    int limit = Inputs.integer(input, "Limit").orElse(Pages.DEFAULT_LIMIT);
    String after = Pages.position(NAME_LISTING, Inputs.text(input, "NextToken"));
    List<String> names =
        rules.rules(bus.arn()).stream()
            .filter(r -> r.name().compareTo(after) > 0)
            .filter(r -> r.targets().stream().anyMatch(t -> t.arn().equals(targetArn)))
            .map(Rule::name)
            .toList();
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    ArrayNode entries = output.putArray("RuleNames");
    names.stream().limit(limit).forEach(entries::add);
    if (names.size() > limit) {
      output.put("NextToken", Pages.token(NAME_LISTING, names.get(limit - 1)));
    }
    return output;
  }

  private static int index(String position) {
    try {
      int index = Integer.parseInt(position);
      if (index < 0) {
        throw Failures.invalidNextToken();
      }
      return index;
    } catch (NumberFormatException e) {
      throw Failures.invalidNextToken();
    }
  }

  /** PutTargets' and RemoveTargets' answer: each id in {@code failed} failed with {@code error}. */
  private static ObjectNode failedEntries(Iterable<String> failed, ServiceException error) {
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    ArrayNode entries = output.putArray("FailedEntries");
    for (String id : failed) {
      entries
          .addObject()
          .put("TargetId", id)
          .put("ErrorCode", error.code().type())
          .put("ErrorMessage", error.getMessage());
    }
    output.put("FailedEntryCount", entries.size());
    return output;
  }
}
