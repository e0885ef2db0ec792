package dev.docket.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.states.asl.Definitions;
import dev.docket.states.asl.InvalidDefinitionException;
import dev.docket.states.asl.StateMachineDefinition;
import dev.docket.states.engine.Engine;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * State machines, their revisions, versions and aliases, as {@link ResourceStore} documents.
 *
 * <p>Every definition / role a machine ever had is an immutable <em>revision</em> ({@code
 * states.revision}); a machine points at its current one, a version at the one it froze, an
 * execution at the one it started with, so no update changes what runs. Parsed definitions are
 * cached per revision. Thread-safe.
 */
final class Machines {

  static final String MACHINE = "states.machine";
  static final String REVISION = "states.revision";
  static final String VERSION = "states.version";
  static final String ALIAS = "states.alias";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ResourceStore resources;
  private final Clock clock;
  private final Map<String, StateMachineDefinition> parsed = new ConcurrentHashMap<>();
  private final Map<String, Engine.Machine> engineMachines = new ConcurrentHashMap<>();

  Machines(ResourceStore resources, Clock clock) {
    this.resources = resources;
    this.clock = clock;
  }

  /** A machine as an execution starts it: the revision and where it was reached through. */
  record Target(
      ObjectNode machine, String revision, Optional<String> versionArn, Optional<String> aliasArn) {
    String arn() {
      return machine.path("stateMachineArn").asText();
    }

    String name() {
      return machine.path("name").asText();
    }

    String type() {
      return machine.path("type").asText();
    }
  }

  // ------------------------------------------------------------------ create / update / delete

  ObjectNode create(JsonNode input, RequestContext context) {
    String name = Names.check(Inputs.required(input, "name"));
    String type = Inputs.text(input, "type").orElse("STANDARD");
    String definitionText = Inputs.required(input, "definition");
    String roleArn = Inputs.required(input, "roleArn");
    checkDefinition(definitionText, type);
    String arn = Arns.machine(context.region(), context.accountId(), name);
    Optional<ResourceRecord> existing = resources.get(MACHINE, arn);
    if (existing.isPresent()) {
      ObjectNode machine = read(existing.get());
      ObjectNode revision = revisionDocument(machine.path("revisionId").asText());
      if (revision.path("definition").asText().equals(definitionText)
          && revision.path("roleArn").asText().equals(roleArn)
          && machine.path("type").asText().equals(type)) {
        ObjectNode output = JSON.createObjectNode();
        output.put("stateMachineArn", arn);
        output.put("creationDate", machine.path("creationDate").asDouble());
        return output;
      }
      throw new ServiceException(
          StatesError.STATE_MACHINE_ALREADY_EXISTS,
          StatesError.STATE_MACHINE_ALREADY_EXISTS.quoting(arn));
    }
    Instant now = clock.instant();
    String revisionId = newRevision(arn, name, definitionText, roleArn);
    ObjectNode machine = JSON.createObjectNode();
    machine.put("stateMachineArn", arn);
    machine.put("name", name);
    machine.put("type", type);
    machine.put("revisionId", revisionId);
    machine.put("creationDate", Inputs.seconds(now));
    machine.set(
        "loggingConfiguration",
        input.has("loggingConfiguration") ? input.get("loggingConfiguration") : defaultLogging());
    machine.set(
        "tracingConfiguration",
        input.has("tracingConfiguration")
            ? input.get("tracingConfiguration")
            : JSON.createObjectNode().put("enabled", false));
    ObjectNode tags = machine.putObject("tags");
    Inputs.tags(input, "tags").forEach(tags::put);
    machine.put("nextVersion", 1);
    if (!resources.create(
        new ResourceRecord(MACHINE, arn, parent(context), name, 1, machine.toString()))) {
      throw new ServiceException(
          StatesError.STATE_MACHINE_ALREADY_EXISTS,
          StatesError.STATE_MACHINE_ALREADY_EXISTS.quoting(arn));
    }
    ObjectNode output = JSON.createObjectNode();
    output.put("stateMachineArn", arn);
    output.put("creationDate", Inputs.seconds(now));
    if (Inputs.flag(input, "publish")) {
      output.put(
          "stateMachineVersionArn",
          publish(arn, Inputs.text(input, "versionDescription"), Optional.empty()));
    } else if (Inputs.text(input, "versionDescription").isPresent()) {
      throw new ServiceException(
          StatesError.VALIDATION, "Version description can only be set when publish is true");
    }
    return output;
  }

  ObjectNode update(JsonNode input) {
    String arn = Inputs.required(input, "stateMachineArn");
    Arns.MachineRef ref = Arns.parseMachine(arn);
    if (ref.qualifier().isPresent()) {
      throw new ServiceException(
          StatesError.VALIDATION, "Cannot update a state machine version or alias: '" + arn + "'");
    }
    Optional<String> definitionText = Inputs.text(input, "definition");
    Optional<String> roleArn = Inputs.text(input, "roleArn");
    if (definitionText.isEmpty()
        && roleArn.isEmpty()
        && !input.has("loggingConfiguration")
        && !input.has("tracingConfiguration")) {
      throw new ServiceException(
          StatesError.VALIDATION,
          "Either the definition, the role ARN, the LoggingConfiguration, or the"
              + " TracingConfiguration must be specified");
    }
    boolean publish = Inputs.flag(input, "publish");
    if (!publish && Inputs.text(input, "versionDescription").isPresent()) {
      throw new ServiceException(
          StatesError.VALIDATION, "Version description can only be set when publish is true");
    }
    while (true) {
      ResourceRecord record = machineRecord(arn);
      ObjectNode machine = read(record);
      ObjectNode revision = revisionDocument(machine.path("revisionId").asText());
      definitionText.ifPresent(text -> checkDefinition(text, machine.path("type").asText()));
      String newDefinition = definitionText.orElse(revision.path("definition").asText());
      String newRole = roleArn.orElse(revision.path("roleArn").asText());
      boolean changed =
          !newDefinition.equals(revision.path("definition").asText())
              || !newRole.equals(revision.path("roleArn").asText());
      Instant now = clock.instant();
      if (changed) {
        machine.put(
            "revisionId", newRevision(arn, machine.path("name").asText(), newDefinition, newRole));
      }
      if (input.has("loggingConfiguration")) {
        machine.set("loggingConfiguration", input.get("loggingConfiguration"));
      }
      if (input.has("tracingConfiguration")) {
        machine.set("tracingConfiguration", input.get("tracingConfiguration"));
      }
      machine.put("updateDate", Inputs.seconds(now));
      if (!resources.replace(record.next(machine.toString()))) {
        continue;
      }
      ObjectNode output = JSON.createObjectNode();
      output.put("updateDate", Inputs.seconds(now));
      output.put("revisionId", machine.path("revisionId").asText());
      if (publish) {
        output.put(
            "stateMachineVersionArn",
            publish(arn, Inputs.text(input, "versionDescription"), Optional.empty()));
      }
      return output;
    }
  }

  ObjectNode delete(JsonNode input) {
    String arn = Inputs.required(input, "stateMachineArn");
    Arns.MachineRef ref = Arns.parseMachine(arn);
    if (ref.version()) {
      resources.get(VERSION, arn).ifPresent(r -> resources.delete(VERSION, arn, r.version()));
      return JSON.createObjectNode();
    }
    if (ref.alias()) {
      resources.get(ALIAS, arn).ifPresent(r -> resources.delete(ALIAS, arn, r.version()));
      return JSON.createObjectNode();
    }
    Optional<ResourceRecord> record = resources.get(MACHINE, arn);
    if (record.isPresent()) {
      for (String kind : List.of(ALIAS, VERSION)) {
        for (ResourceRecord child : resources.list(kind, arn, "", "", 10_000)) {
          resources.delete(kind, child.id(), child.version());
        }
      }
      resources.delete(MACHINE, arn, record.get().version());
    }
    return JSON.createObjectNode();
  }

  // ------------------------------------------------------------------ read

  ObjectNode describe(JsonNode input) {
    String arn = Inputs.required(input, "stateMachineArn");
    Arns.MachineRef ref = Arns.parseMachine(arn);
    if (ref.alias()) {
      throw new ServiceException(
          StatesError.VALIDATION,
          "Use DescribeStateMachineAlias to describe an alias: '" + arn + "'");
    }
    ObjectNode machine = read(machineRecord(ref.machineArn()));
    String revisionId = machine.path("revisionId").asText();
    ObjectNode output = JSON.createObjectNode();
    if (ref.version()) {
      ResourceRecord version = resources.get(VERSION, arn).orElseThrow(() -> machineMissing(arn));
      ObjectNode versionDoc = read(version);
      revisionId = versionDoc.path("revisionId").asText();
      output.put("stateMachineArn", arn);
      versionDoc.path("description").isTextual();
      if (versionDoc.hasNonNull("description")) {
        output.put("description", versionDoc.get("description").asText());
      }
      output.put("creationDate", versionDoc.path("creationDate").asDouble());
    } else {
      output.put("stateMachineArn", arn);
      output.put("creationDate", machine.path("creationDate").asDouble());
    }
    ObjectNode revision = revisionDocument(revisionId);
    output.put("name", machine.path("name").asText());
    output.put("status", "ACTIVE");
    output.put("definition", revision.path("definition").asText());
    output.put("roleArn", revision.path("roleArn").asText());
    output.put("type", machine.path("type").asText());
    output.set("loggingConfiguration", machine.path("loggingConfiguration"));
    output.set("tracingConfiguration", machine.path("tracingConfiguration"));
    output.put("revisionId", revisionId);
    return output;
  }

  ObjectNode list(JsonNode input, RequestContext context) {
    int limit = Inputs.integer(input, "maxResults").filter(n -> n > 0).orElse(100);
    String after = Pages.position("machines", Inputs.text(input, "nextToken"));
    List<ResourceRecord> page = resources.list(MACHINE, parent(context), "", after, limit + 1);
    ObjectNode output = JSON.createObjectNode();
    ArrayNode machines = output.putArray("stateMachines");
    for (int i = 0; i < Math.min(limit, page.size()); i++) {
      ObjectNode machine = read(page.get(i));
      ObjectNode item = machines.addObject();
      item.put("stateMachineArn", machine.path("stateMachineArn").asText());
      item.put("name", machine.path("name").asText());
      item.put("type", machine.path("type").asText());
      item.put("creationDate", machine.path("creationDate").asDouble());
    }
    if (page.size() > limit) {
      output.put("nextToken", Pages.token("machines", page.get(limit - 1).name()));
    }
    return output;
  }

  // ------------------------------------------------------------------ versions

  ObjectNode publishVersion(JsonNode input) {
    String arn = Inputs.required(input, "stateMachineArn");
    ObjectNode machine = read(machineRecord(arn));
    Optional<String> expectedRevision = Inputs.text(input, "revisionId");
    if (expectedRevision.isPresent()
        && !expectedRevision.get().equals(machine.path("revisionId").asText())) {
      throw new ServiceException(
          StatesError.CONFLICT,
          "Failed to publish the State Machine version for revision "
              + expectedRevision.get()
              + ". The current State Machine revision is "
              + machine.path("revisionId").asText()
              + ".");
    }
    String versionArn = publish(arn, Inputs.text(input, "description"), expectedRevision);
    ObjectNode output = JSON.createObjectNode();
    output.put(
        "creationDate",
        read(resources.get(VERSION, versionArn).orElseThrow()).path("creationDate").asDouble());
    output.put("stateMachineVersionArn", versionArn);
    return output;
  }

  /** Publishes the machine's current revision as a version (the latest one if it is the same). */
  private String publish(String arn, Optional<String> description, Optional<String> revisionId) {
    while (true) {
      ResourceRecord record = machineRecord(arn);
      ObjectNode machine = read(record);
      String revision = machine.path("revisionId").asText();
      List<ResourceRecord> versions = resources.list(VERSION, arn, "", "", 100_000);
      if (!versions.isEmpty()) {
        ResourceRecord latest = versions.get(versions.size() - 1);
        if (read(latest).path("revisionId").asText().equals(revision)) {
          return latest.id();
        }
      }
      int number = machine.path("nextVersion").asInt(1);
      machine.put("nextVersion", number + 1);
      if (!resources.replace(record.next(machine.toString()))) {
        continue;
      }
      String versionArn = arn + ":" + number;
      ObjectNode version = JSON.createObjectNode();
      version.put("revisionId", revision);
      version.put("creationDate", Inputs.seconds(clock.instant()));
      description.ifPresent(d -> version.put("description", d));
      resources.create(
          new ResourceRecord(
              VERSION, versionArn, arn, String.format("%010d", number), 1, version.toString()));
      return versionArn;
    }
  }

  ObjectNode listVersions(JsonNode input) {
    String arn = Inputs.required(input, "stateMachineArn");
    machineRecord(arn);
    List<ResourceRecord> versions = resources.list(VERSION, arn, "", "", 100_000);
    ObjectNode output = JSON.createObjectNode();
    ArrayNode items = output.putArray("stateMachineVersions");
    for (int i = versions.size() - 1; i >= 0; i--) {
      ObjectNode item = items.addObject();
      item.put("stateMachineVersionArn", versions.get(i).id());
      item.put("creationDate", read(versions.get(i)).path("creationDate").asDouble());
    }
    return output;
  }

  // ------------------------------------------------------------------ aliases

  ObjectNode createAlias(JsonNode input) {
    String name = Names.check(Inputs.required(input, "name"));
    JsonNode routing = input.path("routingConfiguration");
    String machineArn = checkRouting(routing);
    String aliasArn = machineArn + ":" + name;
    Instant now = clock.instant();
    ObjectNode alias = JSON.createObjectNode();
    alias.put("name", name);
    Inputs.text(input, "description").ifPresent(d -> alias.put("description", d));
    alias.set("routingConfiguration", routing);
    alias.put("creationDate", Inputs.seconds(now));
    Optional<ResourceRecord> existing = resources.get(ALIAS, aliasArn);
    if (existing.isPresent()) {
      ObjectNode old = read(existing.get());
      if (!old.path("routingConfiguration").equals(routing)) {
        throw new ServiceException(
            StatesError.CONFLICT,
            "Failed to create alias because an alias with the same name and a different routing configuration already exists.");
      }
      alias.put("creationDate", old.path("creationDate").asDouble());
    } else {
      resources.create(new ResourceRecord(ALIAS, aliasArn, machineArn, name, 1, alias.toString()));
    }
    ObjectNode output = JSON.createObjectNode();
    output.put("stateMachineAliasArn", aliasArn);
    output.put("creationDate", alias.path("creationDate").asDouble());
    return output;
  }

  private String checkRouting(JsonNode routing) {
    if (!routing.isArray() || routing.isEmpty() || routing.size() > 2) {
      throw new ServiceException(
          StatesError.VALIDATION, "Routing configuration must contain one or two versions.");
    }
    String machineArn = null;
    int total = 0;
    for (JsonNode route : routing) {
      String versionArn = route.path("stateMachineVersionArn").asText();
      Arns.MachineRef ref = Arns.parseMachine(versionArn);
      if (!ref.version() || resources.get(VERSION, versionArn).isEmpty()) {
        throw machineMissing(versionArn);
      }
      if (machineArn != null && !machineArn.equals(ref.machineArn())) {
        throw new ServiceException(
            StatesError.VALIDATION,
            "Routing configuration versions must belong to one state machine.");
      }
      machineArn = ref.machineArn();
      total += route.path("weight").asInt();
    }
    if (total != 100) {
      throw new ServiceException(
          StatesError.VALIDATION, "Sum of routing configuration weights must equal 100.");
    }
    return machineArn;
  }

  ObjectNode describeAlias(JsonNode input) {
    String arn = Inputs.required(input, "stateMachineAliasArn");
    ObjectNode alias = read(resources.get(ALIAS, arn).orElseThrow(() -> aliasMissing(arn)));
    ObjectNode output = JSON.createObjectNode();
    output.put("stateMachineAliasArn", arn);
    output.put("name", alias.path("name").asText());
    if (alias.hasNonNull("description")) {
      output.put("description", alias.get("description").asText());
    }
    output.set("routingConfiguration", alias.path("routingConfiguration"));
    output.put("creationDate", alias.path("creationDate").asDouble());
    if (alias.has("updateDate")) {
      output.put("updateDate", alias.path("updateDate").asDouble());
    }
    return output;
  }

  ObjectNode updateAlias(JsonNode input) {
    String arn = Inputs.required(input, "stateMachineAliasArn");
    while (true) {
      ResourceRecord record = resources.get(ALIAS, arn).orElseThrow(() -> aliasMissing(arn));
      ObjectNode alias = read(record);
      if (input.has("routingConfiguration")) {
        checkRouting(input.get("routingConfiguration"));
        alias.set("routingConfiguration", input.get("routingConfiguration"));
      }
      Inputs.text(input, "description").ifPresent(d -> alias.put("description", d));
      Instant now = clock.instant();
      alias.put("updateDate", Inputs.seconds(now));
      if (resources.replace(record.next(alias.toString()))) {
        ObjectNode output = JSON.createObjectNode();
        output.put("updateDate", Inputs.seconds(now));
        return output;
      }
    }
  }

  ObjectNode deleteAlias(JsonNode input) {
    String arn = Inputs.required(input, "stateMachineAliasArn");
    resources.get(ALIAS, arn).ifPresent(r -> resources.delete(ALIAS, arn, r.version()));
    return JSON.createObjectNode();
  }

  ObjectNode listAliases(JsonNode input) {
    String arn = Inputs.required(input, "stateMachineArn");
    machineRecord(arn);
    ObjectNode output = JSON.createObjectNode();
    ArrayNode items = output.putArray("stateMachineAliases");
    for (ResourceRecord record : resources.list(ALIAS, arn, "", "", 10_000)) {
      ObjectNode item = items.addObject();
      item.put("stateMachineAliasArn", record.id());
      item.put("creationDate", read(record).path("creationDate").asDouble());
    }
    return output;
  }

  // ------------------------------------------------------------------ what executions need

  /** Resolves the ARN StartExecution names (machine, version or alias) to a revision. */
  Target target(String arn) {
    Arns.MachineRef ref = Arns.parseMachine(arn);
    ObjectNode machine = read(machineRecord(ref.machineArn(), arn));
    if (ref.version()) {
      ObjectNode version = read(resources.get(VERSION, arn).orElseThrow(() -> machineMissing(arn)));
      return new Target(
          machine, version.path("revisionId").asText(), Optional.of(arn), Optional.empty());
    }
    if (ref.alias()) {
      ObjectNode alias = read(resources.get(ALIAS, arn).orElseThrow(() -> aliasMissing(arn)));
      JsonNode routes = alias.path("routingConfiguration");
      int pick = ThreadLocalRandom.current().nextInt(100);
      String versionArn = routes.get(0).path("stateMachineVersionArn").asText();
      int sum = 0;
      for (JsonNode route : routes) {
        sum += route.path("weight").asInt();
        if (pick < sum) {
          versionArn = route.path("stateMachineVersionArn").asText();
          break;
        }
      }
      ObjectNode version =
          read(resources.get(VERSION, versionArn).orElseThrow(() -> machineMissing(arn)));
      return new Target(
          machine, version.path("revisionId").asText(), Optional.of(versionArn), Optional.of(arn));
    }
    return new Target(
        machine, machine.path("revisionId").asText(), Optional.empty(), Optional.empty());
  }

  /** The engine's view of a revision. */
  Optional<Engine.Machine> revision(String revisionId) {
    Engine.Machine cached = engineMachines.get(revisionId);
    if (cached != null) {
      return Optional.of(cached);
    }
    return resources
        .get(REVISION, revisionId)
        .map(
            record -> {
              ObjectNode revision = read(record);
              String text = revision.path("definition").asText();
              Engine.Machine machine =
                  new Engine.Machine(
                      definition(revisionId, text),
                      revision.path("machineArn").asText(),
                      revision.path("name").asText(),
                      revision.path("roleArn").asText(),
                      text.contains("$$") || text.contains("$states"));
              engineMachines.putIfAbsent(revisionId, machine);
              return machine;
            });
  }

  /** The engine's view of a revision that exists. */
  Engine.Machine engineMachine(String revisionId) {
    return revision(revisionId)
        .orElseThrow(() -> new IllegalStateException("revision " + revisionId + " is gone"));
  }

  /** A revision's document: definition, roleArn, machineArn, name. */
  ObjectNode revisionDocument(String revisionId) {
    return read(
        resources
            .get(REVISION, revisionId)
            .orElseThrow(() -> new IllegalStateException("revision " + revisionId + " is gone")));
  }

  /** The parsed definition of a revision (cached). */
  StateMachineDefinition definition(String revisionId, String text) {
    return parsed.computeIfAbsent(revisionId, id -> Definitions.parse(text));
  }

  // ------------------------------------------------------------------ helpers

  private String newRevision(String machineArn, String name, String definition, String roleArn) {
    String revisionId = UUID.randomUUID().toString();
    ObjectNode revision = JSON.createObjectNode();
    revision.put("definition", definition);
    revision.put("roleArn", roleArn);
    revision.put("machineArn", machineArn);
    revision.put("name", name);
    resources.create(
        new ResourceRecord(REVISION, revisionId, machineArn, revisionId, 1, revision.toString()));
    return revisionId;
  }

  /**
   * Parses and checks a definition for a machine type.
   *
   * @throws ServiceException {@code InvalidDefinition} with AWS's message
   */
  static StateMachineDefinition checkDefinition(String text, String type) {
    StateMachineDefinition definition;
    try {
      definition = Definitions.parse(text, type.equals("EXPRESS"));
    } catch (InvalidDefinitionException e) {
      throw new ServiceException(StatesError.INVALID_DEFINITION, e.getMessage());
    }
    return definition;
  }

  ResourceRecord machineRecord(String arn) {
    return machineRecord(arn, arn);
  }

  private ResourceRecord machineRecord(String machineArn, String asked) {
    return resources.get(MACHINE, machineArn).orElseThrow(() -> machineMissing(asked));
  }

  static ServiceException machineMissing(String arn) {
    return new ServiceException(
        StatesError.STATE_MACHINE_DOES_NOT_EXIST,
        StatesError.STATE_MACHINE_DOES_NOT_EXIST.quoting(arn));
  }

  private static ServiceException aliasMissing(String arn) {
    return new ServiceException(
        StatesError.RESOURCE_NOT_FOUND, "Resource not found: '" + arn + "'");
  }

  static ObjectNode read(ResourceRecord record) {
    try {
      return (ObjectNode) JSON.readTree(record.document());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String parent(RequestContext context) {
    return context.accountId() + "/" + context.region();
  }

  private static ObjectNode defaultLogging() {
    ObjectNode logging = JSON.createObjectNode();
    logging.put("level", "OFF");
    logging.put("includeExecutionData", false);
    return logging;
  }
}
