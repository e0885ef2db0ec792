package dev.docket.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * CreateEventBus, DeleteEventBus, DescribeEventBus, ListEventBuses and UpdateEventBus. Thread-safe:
 * all state is in the store.
 */
final class BusOperations {

  private static final String LISTING = "buses";

  private final ResourceStore store;
  private final BusDirectory buses;
  private final RuleBook rules;
  private final Clock clock;

  BusOperations(ResourceStore store, BusDirectory buses, RuleBook rules, Clock clock) {
    this.store = store;
    this.buses = buses;
    this.rules = rules;
    this.clock = clock;
  }

  ObjectNode create(ObjectNode input, RequestContext context) {
    String name = Inputs.required(input, "Name");
    Names.checkBusName(name);
    if (Inputs.text(input, "EventSourceName").isPresent()) {
      throw new ServiceException(
          EventsError.UNSUPPORTED_OPERATION,
          "Partner event sources are not supported by Docket: EventSourceName was given.");
    }
    if (name.contains("/")) {
      throw Failures.validation("Event bus name must not contain '/', but was '" + name + "'");
    }
    Optional<String> deadLetterArn = deadLetterArn(input);
    buses.ensureDefault(context);
    Instant now = clock.instant();
    Bus bus =
        new Bus(
            name,
            Arns.bus(context.region(), context.accountId(), name),
            context.accountId(),
            context.region(),
            Inputs.text(input, "Description"),
            Inputs.text(input, "KmsKeyIdentifier"),
            deadLetterArn,
            Optional.ofNullable(input.get("LogConfig")),
            Optional.empty(),
            now,
            now,
            Inputs.tags(input, "Tags"));
    if (!store.create(Documents.newRecord(bus))) {
      throw Failures.busExists(name);
    }
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("EventBusArn", bus.arn());
    writeSettings(bus, output);
    return output;
  }

  ObjectNode delete(ObjectNode input, RequestContext context) {
    String name = Inputs.required(input, "Name");
    if (Arns.DEFAULT_BUS.equals(name)) {
      throw Failures.cannotDeleteDefaultBus();
    }
    ResourceRecord record = buses.resolveRecord(Optional.of(name), context);
    // AWS deletes a bus with its rules; the bus's rules go first so none is left orphaned
    List<ResourceRecord> ruleRecords;
    do {
      ruleRecords = store.list(Documents.RULE, record.id(), "", "", Pages.DEFAULT_LIMIT);
      for (ResourceRecord rule : ruleRecords) {
        store.delete(Documents.RULE, rule.id(), rule.version());
      }
    } while (!ruleRecords.isEmpty());
    if (!store.delete(Documents.BUS, record.id(), record.version())) {
      throw Failures.concurrentModification();
    }
    rules.changed(record.id());
    return JsonNodeFactory.instance.objectNode();
  }

  ObjectNode describe(ObjectNode input, RequestContext context) {
    Bus bus = buses.resolve(Inputs.text(input, "Name"), context);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("Name", bus.name());
    output.put("Arn", bus.arn());
    writeSettings(bus, output);
    bus.policy().ifPresent(p -> output.put("Policy", p));
    writeTimes(bus, output);
    return output;
  }

  ObjectNode list(ObjectNode input, RequestContext context) {
    buses.ensureDefault(context);
    int limit = Inputs.integer(input, "Limit").orElse(Pages.DEFAULT_LIMIT);
    String after = Pages.position(LISTING, Inputs.text(input, "NextToken"));
    List<ResourceRecord> page =
        store.list(
            Documents.BUS,
            Bus.parentOf(context.accountId(), context.region()),
            Inputs.text(input, "NamePrefix").orElse(""),
            after,
            limit + 1);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    var entries = output.putArray("EventBuses");
    for (ResourceRecord record : page.subList(0, Math.min(limit, page.size()))) {
      Bus bus = Documents.readBus(record.document());
      ObjectNode entry = entries.addObject();
      entry.put("Name", bus.name());
      entry.put("Arn", bus.arn());
      bus.description().ifPresent(d -> entry.put("Description", d));
      bus.policy().ifPresent(p -> entry.put("Policy", p));
      writeTimes(bus, entry);
    }
    if (page.size() > limit) {
      output.put("NextToken", Pages.token(LISTING, page.get(limit - 1).name()));
    }
    return output;
  }

  ObjectNode update(ObjectNode input, RequestContext context) {
    Optional<String> name = Inputs.text(input, "Name");
    Optional<String> deadLetterArn = deadLetterArn(input);
    ResourceRecord found = buses.resolveRecord(name, context);
    ResourceRecord written =
        BusDirectory.update(
            store,
            Documents.BUS,
            found.id(),
            current -> {
              Bus bus = Documents.readBus(current.document());
              Bus changed =
                  new Bus(
                      bus.name(),
                      bus.arn(),
                      bus.account(),
                      bus.region(),
                      Inputs.text(input, "Description").or(bus::description),
                      Inputs.text(input, "KmsKeyIdentifier").or(bus::kmsKeyIdentifier),
                      deadLetterArn.or(bus::deadLetterArn),
                      Optional.ofNullable(input.get("LogConfig")).or(bus::logConfig),
                      bus.policy(),
                      bus.createdAt(),
                      clock.instant(),
                      bus.tags());
              return current.next(Documents.write(changed));
            },
            () -> Failures.busNotFound(BusDirectory.nameOf(name)));
    Bus bus = Documents.readBus(written.document());
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("Arn", bus.arn());
    output.put("Name", bus.name());
    writeSettings(bus, output);
    return output;
  }

  private static Optional<String> deadLetterArn(JsonNode input) {
    Optional<String> arn = Inputs.text(input.path("DeadLetterConfig"), "Arn");
    arn.ifPresent(a -> TargetChecks.checkDeadLetterArn(a));
    return arn;
  }

  /** Description, KmsKeyIdentifier, DeadLetterConfig and LogConfig, where set. */
  private static void writeSettings(Bus bus, ObjectNode output) {
    bus.description().ifPresent(d -> output.put("Description", d));
    bus.kmsKeyIdentifier().ifPresent(k -> output.put("KmsKeyIdentifier", k));
    bus.deadLetterArn().ifPresent(a -> output.putObject("DeadLetterConfig").put("Arn", a));
    bus.logConfig().ifPresent(l -> output.set("LogConfig", l));
  }

  private static void writeTimes(Bus bus, ObjectNode output) {
    output.put("CreationTime", seconds(bus.createdAt()));
    output.put("LastModifiedTime", seconds(bus.lastModifiedAt()));
  }

  /** A timestamp as awsJson sends it: epoch seconds with milliseconds. */
  static double seconds(Instant instant) {
    return instant.toEpochMilli() / 1000.0;
  }
}
