package dev.docket.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.patterns.EventPattern;
import dev.docket.patterns.InvalidEventPatternException;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PutRule, DescribeRule, ListRules, DeleteRule, EnableRule and DisableRule. Every write tells the
 * {@link RuleBook}, so the bus's router rebuilds its matcher. Thread-safe: all state is in the
 * store.
 */
final class RuleOperations {

  private static final String LISTING = "rules";

  private final ResourceStore store;
  private final BusDirectory buses;
  private final RuleBook rules;
  private final ScheduledRules schedules;
  private final Clock clock;

  RuleOperations(
      ResourceStore store,
      BusDirectory buses,
      RuleBook rules,
      ScheduledRules schedules,
      Clock clock) {
    this.store = store;
    this.buses = buses;
    this.rules = rules;
    this.schedules = schedules;
    this.clock = clock;
  }

  /** The ARN of rule {@code name} on the bus with ARN {@code busArn}. */
  static String ruleArn(Bus bus, String name) {
    return Arns.rule(bus.region(), bus.account(), bus.name(), name);
  }

  ObjectNode put(ObjectNode input, RequestContext context) {
    String name = Inputs.required(input, "Name");
    Names.check(name, "name");
    Bus bus = buses.resolve(Inputs.text(input, "EventBusName"), context);
    Optional<String> pattern = Inputs.text(input, "EventPattern");
    Optional<String> schedule = Inputs.text(input, "ScheduleExpression");
    if (pattern.isEmpty() && schedule.isEmpty()) {
      throw Failures.validation(
          "Parameter(s) EventPattern or ScheduleExpression must be specified.");
    }
    if (schedule.isPresent()) {
      if (!bus.isDefault()) {
        throw Failures.validation("ScheduleExpression is supported only on the default event bus.");
      }
      ScheduledRules.parse(schedule.get());
    }
    pattern.ifPresent(RuleOperations::checkPattern);
    RuleState state = Inputs.text(input, "State").map(RuleState::valueOf).orElse(RuleState.ENABLED);
    String arn = ruleArn(bus, name);
    Map<String, String> tags = Inputs.tags(input, "Tags");
    Rule fresh =
        new Rule(
            name,
            arn,
            bus.name(),
            bus.arn(),
            pattern,
            schedule,
            state,
            Inputs.text(input, "Description"),
            Inputs.text(input, "RoleArn"),
            Optional.empty(),
            context.accountId(),
            clock.instant(),
            tags,
            List.of());
    Optional<Rule> existing =
        store.get(Documents.RULE, arn).map(r -> Documents.readRule(r.document()));
    schedules.beforeWrite(existing, fresh);
    if (!store.create(Documents.newRecord(fresh))) {
      // PutRule on an existing rule replaces its settings and keeps its targets and tags
      BusDirectory.update(
          store,
          Documents.RULE,
          arn,
          current -> {
            Rule old = Documents.readRule(current.document());
            Map<String, String> merged = new LinkedHashMap<>(old.tags());
            merged.putAll(tags);
            Rule changed =
                new Rule(
                    name,
                    arn,
                    bus.name(),
                    bus.arn(),
                    pattern,
                    schedule,
                    state,
                    fresh.description(),
                    fresh.roleArn(),
                    old.managedBy(),
                    old.createdBy(),
                    old.createdAt(),
                    merged,
                    old.targets());
            return current.next(Documents.write(changed));
          },
          () -> Failures.concurrentModification());
    }
    schedules.afterWrite(existing, fresh);
    rules.changed(bus.arn());
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("RuleArn", arn);
    return output;
  }

  ObjectNode describe(ObjectNode input, RequestContext context) {
    Rule rule = resolve(input, "Name", context);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    writeRule(rule, output);
    output.put("CreatedBy", rule.createdBy());
    return output;
  }

  ObjectNode list(ObjectNode input, RequestContext context) {
    Bus bus = buses.resolve(Inputs.text(input, "EventBusName"), context);
    int limit = Inputs.integer(input, "Limit").orElse(Pages.DEFAULT_LIMIT);
    String after = Pages.position(LISTING, Inputs.text(input, "NextToken"));
    List<ResourceRecord> page =
        store.list(
            Documents.RULE,
            bus.arn(),
            Inputs.text(input, "NamePrefix").orElse(""),
            after,
            limit + 1);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    var entries = output.putArray("Rules");
    for (ResourceRecord record : page.subList(0, Math.min(limit, page.size()))) {
      writeRule(Documents.readRule(record.document()), entries.addObject());
    }
    if (page.size() > limit) {
      output.put("NextToken", Pages.token(LISTING, page.get(limit - 1).name()));
    }
    return output;
  }

  ObjectNode delete(ObjectNode input, RequestContext context) {
    String name = Inputs.required(input, "Name");
    Bus bus = buses.resolve(Inputs.text(input, "EventBusName"), context);
    Optional<ResourceRecord> record = store.get(Documents.RULE, ruleArn(bus, name));
    // AWS answers success for a rule that does not exist
    if (record.isPresent()) {
      Rule rule = Documents.readRule(record.get().document());
      if (!rule.targets().isEmpty()) {
        throw Failures.ruleHasTargets();
      }
      if (!store.delete(Documents.RULE, rule.arn(), record.get().version())) {
        throw Failures.concurrentModification();
      }
      if (rule.scheduleExpression().isPresent()) {
        schedules.afterDelete(rule.arn());
      }
      rules.changed(bus.arn());
    }
    return JsonNodeFactory.instance.objectNode();
  }

  ObjectNode setState(ObjectNode input, RequestContext context, RuleState state) {
    String name = Inputs.required(input, "Name");
    Bus bus = buses.resolve(Inputs.text(input, "EventBusName"), context);
    String arn = ruleArn(bus, name);
    Optional<Rule> before =
        store.get(Documents.RULE, arn).map(r -> Documents.readRule(r.document()));
    before.ifPresent(rule -> schedules.beforeWrite(before, rule.withState(state)));
    BusDirectory.update(
        store,
        Documents.RULE,
        arn,
        current -> {
          Rule rule = Documents.readRule(current.document());
          return rule.state() == state
              ? current
              : current.next(Documents.write(rule.withState(state)));
        },
        () -> Failures.ruleNotFound(name, bus.name()));
    before.ifPresent(rule -> schedules.afterWrite(before, rule.withState(state)));
    rules.changed(bus.arn());
    return JsonNodeFactory.instance.objectNode();
  }

  /** The rule a request's {@code member} and {@code EventBusName} name; not found otherwise. */
  Rule resolve(ObjectNode input, String member, RequestContext context) {
    String name = Inputs.required(input, member);
    Bus bus = buses.resolve(Inputs.text(input, "EventBusName"), context);
    return store
        .get(Documents.RULE, ruleArn(bus, name))
        .map(r -> Documents.readRule(r.document()))
        .orElseThrow(() -> Failures.ruleNotFound(name, bus.name()));
  }

  static void checkPattern(String pattern) {
    try {
      EventPattern.parse(pattern);
    } catch (InvalidEventPatternException e) {
      throw new ServiceException(EventsError.INVALID_EVENT_PATTERN, e.getMessage());
    }
  }

  private static void writeRule(Rule rule, ObjectNode output) {
    output.put("Name", rule.name());
    output.put("Arn", rule.arn());
    rule.eventPattern().ifPresent(p -> output.put("EventPattern", p));
    rule.scheduleExpression().ifPresent(s -> output.put("ScheduleExpression", s));
    output.put("State", rule.state().name());
    rule.description().ifPresent(d -> output.put("Description", d));
    rule.roleArn().ifPresent(r -> output.put("RoleArn", r));
    rule.managedBy().ifPresent(m -> output.put("ManagedBy", m));
    output.put("EventBusName", rule.busName());
  }
}
