package dev.docket.states;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.states.data.StatesFailure;
import dev.docket.states.engine.Engine;
import dev.docket.states.engine.ExecutionDocument;
import dev.docket.states.engine.ExecutionInfo;
import dev.docket.states.engine.RunEnd;
import dev.docket.store.ExecutionRecord;
import dev.docket.store.ExecutionStore;
import dev.docket.store.HistoryRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Executions: start (Standard, Express, synchronous Express), stop, describe, list, history.
 * Thread-safe.
 */
final class Executions {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_HISTORY_PAGE = 1000;

  private final ExecutionStore store;
  private final Machines machines;
  private final Engine engine;
  private final Clock clock;

  Executions(ExecutionStore store, Machines machines, Engine engine, Clock clock) {
    this.store = store;
    this.machines = machines;
    this.engine = engine;
    this.clock = clock;
  }

  // ------------------------------------------------------------------ start

  ObjectNode start(JsonNode input, RequestContext context) {
    Started started =
        start(
            Inputs.required(input, "stateMachineArn"),
            Inputs.text(input, "name"),
            input.hasNonNull("input") ? Optional.of(input.get("input").asText()) : Optional.empty(),
            Inputs.text(input, "traceHeader").or(context::traceHeader));
    ObjectNode output = JSON.createObjectNode();
    output.put("executionArn", started.arn());
    output.put("startDate", Inputs.seconds(started.startDate()));
    return output;
  }

  /** What a start produced. */
  record Started(String arn, Instant startDate) {}

  /** Starts an execution of a machine, version or alias (StartExecution, and child executions). */
  Started start(
      String machineArn,
      Optional<String> name,
      Optional<String> input,
      Optional<String> traceHeader) {
    Machines.Target target = machines.target(machineArn);
    String executionName = Names.check(name.orElseGet(Ids::uuid));
    String inputText = input.orElse("{}");
    JsonNode inputNode = parseInput(inputText);
    boolean express = target.type().equals("EXPRESS");
    String arn = Arns.execution(target.arn(), executionName, express);
    Instant now = clock.instant();
    Engine.Machine machine = machines.engineMachine(target.revision());
    ExecutionDocument document =
        new ExecutionDocument(
            target.type(),
            inputNode.toString(),
            target.revision(),
            machine.roleArn(),
            Ids.salt(),
            target.versionArn().orElse(null),
            target.aliasArn().orElse(null),
            traceHeader.orElse(null),
            0,
            null,
            null,
            null);
    if (express) {
      ExecutionInfo info =
          new ExecutionInfo(
              arn,
              executionName,
              target.arn(),
              target.name(),
              document.roleArn(),
              now,
              inputNode,
              true,
              0,
              document.salt());
      engine.startExpress(info, machine);
      return new Started(arn, now);
    }
    ExecutionRecord record =
        new ExecutionRecord(
            arn,
            target.arn(),
            executionName,
            "RUNNING",
            now,
            Optional.empty(),
            0,
            document.toJson());
    if (!engine.startStandard(record, document, machine)) {
      ExecutionRecord existing = store.get(arn).orElseThrow();
      ExecutionDocument existingDocument = ExecutionDocument.fromJson(existing.document());
      if (existing.status().equals("RUNNING")
          && existingDocument.input().equals(document.input())) {
        return new Started(arn, existing.startDate());
      }
      throw new ServiceException(
          StatesError.EXECUTION_ALREADY_EXISTS, StatesError.EXECUTION_ALREADY_EXISTS.quoting(arn));
    }
    return new Started(arn, now);
  }

  private static JsonNode parseInput(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new ServiceException(
            StatesError.INVALID_EXECUTION_INPUT,
            StatesError.INVALID_EXECUTION_INPUT.quoting("Invalid execution input."));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ServiceException(
          StatesError.INVALID_EXECUTION_INPUT,
          StatesError.INVALID_EXECUTION_INPUT.quoting(e.getOriginalMessage()));
    }
  }

  /** The engine's child starter: {@code states:startExecution} from inside an execution. */
  String startChild(JsonNode parameters, ExecutionInfo parent) {
    String machineArn = parameters.path("StateMachineArn").asText();
    JsonNode input = parameters.get("Input");
    Optional<String> inputText =
        input == null || input.isNull()
            ? Optional.empty()
            : Optional.of(input.isTextual() ? input.asText() : input.toString());
    Optional<String> name =
        parameters.hasNonNull("Name")
            ? Optional.of(parameters.get("Name").asText())
            : Optional.empty();
    try {
      return start(machineArn, name, inputText, Optional.empty()).arn();
    } catch (ServiceException e) {
      throw new StatesFailure("StepFunctions." + e.code().type() + "Exception", e.getMessage());
    }
  }

  ObjectNode startSync(JsonNode input, RequestContext context) {
    String machineArn = Inputs.required(input, "stateMachineArn");
    Machines.Target target = machines.target(machineArn);
    if (!target.type().equals("EXPRESS")) {
      throw new ServiceException(StatesError.STATE_MACHINE_TYPE_NOT_SUPPORTED);
    }
    String name = Names.check(Inputs.text(input, "name").orElseGet(Ids::uuid));
    String inputText = input.hasNonNull("input") ? input.get("input").asText() : "{}";
    JsonNode inputNode = parseInput(inputText);
    String arn = Arns.execution(target.arn(), name, true);
    Instant start = clock.instant();
    Engine.Machine machine = machines.engineMachine(target.revision());
    ExecutionInfo info =
        new ExecutionInfo(
            arn,
            name,
            target.arn(),
            target.name(),
            machine.roleArn(),
            start,
            inputNode,
            true,
            0,
            Ids.salt());
    RunEnd end = engine.runExpress(info, machine);
    Instant stop = clock.instant();
    ObjectNode output = JSON.createObjectNode();
    output.put("executionArn", arn);
    output.put("stateMachineArn", target.arn());
    output.put("name", name);
    output.put("startDate", Inputs.seconds(start));
    output.put("stopDate", Inputs.seconds(stop));
    output.put("input", inputNode.toString());
    output.putObject("inputDetails").put("included", true);
    switch (end) {
      case RunEnd.Succeeded succeeded -> {
        output.put("status", "SUCCEEDED");
        output.put("output", succeeded.output().toString());
        output.putObject("outputDetails").put("included", true);
      }
      case RunEnd.Failed failed -> {
        output.put("status", "FAILED");
        if (failed.error() != null && !failed.error().isEmpty()) {
          output.put("error", failed.error());
        }
        if (failed.cause() != null) {
          output.put("cause", failed.cause());
        }
      }
      case RunEnd.Terminated terminated -> {
        output.put("status", terminated.termination().status());
        if (terminated.termination().error() != null) {
          output.put("error", terminated.termination().error());
        }
        if (terminated.termination().cause() != null) {
          output.put("cause", terminated.termination().cause());
        }
      }
      case RunEnd.Parked parked -> throw new IllegalStateException("express parked");
    }
    Inputs.text(input, "traceHeader").ifPresent(t -> output.put("traceHeader", t));
    ObjectNode billing = output.putObject("billingDetails");
    billing.put("billedMemoryUsedInMB", 64);
    billing.put(
        "billedDurationInMilliseconds", Math.max(100, stop.toEpochMilli() - start.toEpochMilli()));
    return output;
  }

  // ------------------------------------------------------------------ stop

  ObjectNode stop(JsonNode input) {
    String arn = Inputs.required(input, "executionArn");
    ExecutionRecord record = existing(arn);
    Instant stopDate =
        record.status().equals("RUNNING")
            ? engine.stop(
                arn,
                Inputs.text(input, "error").orElse(null),
                Inputs.text(input, "cause").orElse(null))
            : record.stopDate().orElse(clock.instant());
    ObjectNode output = JSON.createObjectNode();
    output.put("stopDate", Inputs.seconds(stopDate));
    return output;
  }

  // ------------------------------------------------------------------ redrive

  ObjectNode redrive(JsonNode input) {
    String arn = Inputs.required(input, "executionArn");
    ExecutionRecord record = existing(arn);
    switch (engine.redrive(arn)) {
      case REDRIVEN -> {
        ObjectNode output = JSON.createObjectNode();
        output.put("redriveDate", Inputs.seconds(clock.instant()));
        return output;
      }
      case UNKNOWN ->
          throw new ServiceException(
              StatesError.EXECUTION_DOES_NOT_EXIST,
              StatesError.EXECUTION_DOES_NOT_EXIST.quoting(arn));
      default ->
          throw new ServiceException(
              StatesError.EXECUTION_NOT_REDRIVABLE,
              "Execution is "
                  + store.get(arn).map(ExecutionRecord::status).orElse(record.status())
                  + ", which cannot be redriven: '"
                  + arn
                  + "'");
    }
  }

  // ------------------------------------------------------------------ read

  ObjectNode describe(JsonNode input) {
    ExecutionRecord record = existing(Inputs.required(input, "executionArn"));
    ExecutionDocument document = ExecutionDocument.fromJson(record.document());
    ObjectNode output = JSON.createObjectNode();
    output.put("executionArn", record.arn());
    output.put("stateMachineArn", record.stateMachineArn());
    output.put("name", record.name());
    output.put("status", record.status());
    output.put("startDate", Inputs.seconds(record.startDate()));
    if (!record.status().equals("RUNNING")) {
      record.stopDate().ifPresent(stop -> output.put("stopDate", Inputs.seconds(stop)));
    }
    output.put("input", document.input());
    output.putObject("inputDetails").put("included", true);
    if (document.output() != null) {
      output.put("output", document.output());
      output.putObject("outputDetails").put("included", true);
    }
    if (document.error() != null) {
      output.put("error", document.error());
    }
    if (document.cause() != null) {
      output.put("cause", document.cause());
    }
    if (document.traceHeader() != null) {
      output.put("traceHeader", document.traceHeader());
    }
    if (document.versionArn() != null) {
      output.put("stateMachineVersionArn", document.versionArn());
    }
    if (document.aliasArn() != null) {
      output.put("stateMachineAliasArn", document.aliasArn());
    }
    output.put("redriveCount", document.redriveCount());
    output.put("redriveStatus", redriveStatus(record));
    if (!redriveStatus(record).equals("REDRIVABLE")) {
      output.put(
          "redriveStatusReason", "Execution is " + record.status() + ", which cannot be redriven");
    }
    return output;
  }

  private static String redriveStatus(ExecutionRecord record) {
    return switch (record.status()) {
      case "FAILED", "ABORTED", "TIMED_OUT" -> "REDRIVABLE";
      default -> "NOT_REDRIVABLE";
    };
  }

  ObjectNode describeMachineFor(JsonNode input) {
    ExecutionRecord record = existing(Inputs.required(input, "executionArn"));
    ExecutionDocument document = ExecutionDocument.fromJson(record.document());
    ObjectNode revision = machines.revisionDocument(document.revision());
    ObjectNode output = JSON.createObjectNode();
    output.put("stateMachineArn", record.stateMachineArn());
    output.put("name", revision.path("name").asText());
    output.put("definition", revision.path("definition").asText());
    output.put("roleArn", revision.path("roleArn").asText());
    output.put("updateDate", Inputs.seconds(record.startDate()));
    ObjectNode logging = output.putObject("loggingConfiguration");
    logging.put("level", "OFF");
    logging.put("includeExecutionData", false);
    output.putObject("tracingConfiguration").put("enabled", false);
    output.put("revisionId", document.revision());
    return output;
  }

  ObjectNode list(JsonNode input) {
    Optional<String> machineArn = Inputs.text(input, "stateMachineArn");
    if (machineArn.isEmpty()) {
      throw new ServiceException(
          StatesError.VALIDATION, "Must provide a StateMachine ARN or MapRun ARN");
    }
    Arns.MachineRef ref = Arns.parseMachine(machineArn.get());
    ObjectNode machine = Machines.read(machines.machineRecord(ref.machineArn()));
    if (machine.path("type").asText().equals("EXPRESS")) {
      throw new ServiceException(StatesError.STATE_MACHINE_TYPE_NOT_SUPPORTED);
    }
    int limit = Inputs.integer(input, "maxResults").filter(n -> n > 0).orElse(100);
    String after = Pages.position("executions", Inputs.text(input, "nextToken"));
    Optional<String> status = Inputs.text(input, "statusFilter");
    List<ExecutionRecord> page =
        store.list(ref.machineArn(), status, after.isEmpty() ? null : after, limit + 1);
    ObjectNode output = JSON.createObjectNode();
    ArrayNode items = output.putArray("executions");
    for (int i = 0; i < Math.min(limit, page.size()); i++) {
      ExecutionRecord record = page.get(i);
      // most documents name no version or alias: a listing does not parse them for nothing
      ExecutionDocument document =
          record.document().contains("\"versionArn\"") || record.document().contains("\"aliasArn\"")
              ? ExecutionDocument.fromJson(record.document())
              : null;
      ObjectNode item = items.addObject();
      item.put("executionArn", record.arn());
      item.put("stateMachineArn", record.stateMachineArn());
      item.put("name", record.name());
      item.put("status", record.status());
      item.put("startDate", Inputs.seconds(record.startDate()));
      if (!record.status().equals("RUNNING")) {
        record.stopDate().ifPresent(stop -> item.put("stopDate", Inputs.seconds(stop)));
      }
      if (document != null && document.versionArn() != null) {
        item.put("stateMachineVersionArn", document.versionArn());
      }
      if (document != null && document.aliasArn() != null) {
        item.put("stateMachineAliasArn", document.aliasArn());
      }
      item.put(
          "redriveCount",
          document == null ? redriveCountOf(record.document()) : document.redriveCount());
    }
    if (page.size() > limit) {
      output.put("nextToken", Pages.token("executions", page.get(limit - 1).arn()));
    }
    return output;
  }

  ObjectNode history(JsonNode input) {
    String arn = Inputs.required(input, "executionArn");
    existing(arn);
    int limit =
        Math.min(
            MAX_HISTORY_PAGE, Inputs.integer(input, "maxResults").filter(n -> n > 0).orElse(100));
    boolean reverse = Inputs.flag(input, "reverseOrder");
    boolean includeData =
        !input.has("includeExecutionData") || input.path("includeExecutionData").asBoolean(true);
    String position = Pages.position("history", Inputs.text(input, "nextToken"));
    long from = position.isEmpty() ? (reverse ? Long.MAX_VALUE : 0) : Long.parseLong(position);
    List<HistoryRecord> page =
        reverse ? store.historyReversed(arn, from, limit + 1) : store.history(arn, from, limit + 1);
    ObjectNode output = JSON.createObjectNode();
    ArrayNode events = output.putArray("events");
    for (int i = 0; i < Math.min(limit, page.size()); i++) {
      events.add(event(page.get(i), includeData));
    }
    if (page.size() > limit) {
      output.put("nextToken", Pages.token("history", Long.toString(page.get(limit - 1).id())));
    }
    return output;
  }

  private static ObjectNode event(HistoryRecord record, boolean includeData) {
    ObjectNode event = JSON.createObjectNode();
    event.put("timestamp", Inputs.seconds(record.timestamp()));
    event.put("type", record.type());
    event.put("id", record.id());
    event.put("previousEventId", record.previousEventId());
    ObjectNode details;
    try {
      details = (ObjectNode) JSON.readTree(record.details());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    if (!details.isEmpty()) {
      // the store keeps payloads as JSON values; AWS's API shows them as JSON texts
      for (String field : List.of("input", "output", "parameters")) {
        JsonNode payload = details.get(field);
        if (payload != null) {
          if (includeData) {
            details.put(field, payload.toString());
          } else {
            details.remove(field);
          }
        }
      }
      if (details.get("assignedVariables") instanceof ObjectNode variables) {
        variables
            .properties()
            .forEach(e -> e.setValue(JSON.getNodeFactory().textNode(e.getValue().toString())));
      }
      event.set(detailsKey(record.type()), details);
    }
    return event;
  }

  private static int redriveCountOf(String document) {
    return document.contains("\"redriveCount\":0")
        ? 0
        : ExecutionDocument.fromJson(document).redriveCount();
  }

  /** The member of a history event that holds its details, by event type. */
  static String detailsKey(String type) {
    if (type.endsWith("StateEntered")) {
      return "stateEnteredEventDetails";
    }
    if (type.endsWith("StateExited")) {
      return "stateExitedEventDetails";
    }
    return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
  }

  private ExecutionRecord existing(String arn) {
    Arns.machineOfExecution(arn);
    if (arn.split(":")[5].equals("express")) {
      throw new ServiceException(
          StatesError.INVALID_ARN,
          StatesError.INVALID_ARN.quoting("Resource type not valid in this context: express"));
    }
    return store
        .get(arn)
        .orElseThrow(
            () ->
                new ServiceException(
                    StatesError.EXECUTION_DOES_NOT_EXIST,
                    StatesError.EXECUTION_DOES_NOT_EXIST.quoting(arn)));
  }
}
