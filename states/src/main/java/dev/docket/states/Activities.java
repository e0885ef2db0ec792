package dev.docket.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.states.engine.Engine;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import dev.docket.store.TaskToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Activities and task tokens: CreateActivity and friends, GetActivityTask (a long poll of up to 60
 * seconds, as AWS's), SendTaskSuccess / Failure / Heartbeat. Thread-safe.
 */
final class Activities {

  static final String ACTIVITY = "states.activity";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_OUTPUT = 262_144;

  private final ResourceStore resources;
  private final Engine engine;
  private final Clock clock;
  private final Duration pollWait;

  Activities(ResourceStore resources, Engine engine, Clock clock, Duration pollWait) {
    this.resources = resources;
    this.engine = engine;
    this.clock = clock;
    this.pollWait = pollWait;
  }

  ObjectNode create(JsonNode input, RequestContext context) {
    String name = Names.check(Inputs.required(input, "name"));
    String arn = Arns.activity(context.region(), context.accountId(), name);
    Optional<ResourceRecord> existing = resources.get(ACTIVITY, arn);
    Instant now = clock.instant();
    ObjectNode activity = JSON.createObjectNode();
    activity.put("name", name);
    activity.put("creationDate", Inputs.seconds(now));
    ObjectNode tags = activity.putObject("tags");
    Inputs.tags(input, "tags").forEach(tags::put);
    if (existing.isEmpty()
        && resources.create(
            new ResourceRecord(
                ACTIVITY, arn, Machines.parent(context), name, 1, activity.toString()))) {
      return created(arn, Inputs.seconds(now));
    }
    ObjectNode old = Machines.read(resources.get(ACTIVITY, arn).orElseThrow());
    return created(arn, old.path("creationDate").asDouble());
  }

  private static ObjectNode created(String arn, double creationDate) {
    ObjectNode output = JSON.createObjectNode();
    output.put("activityArn", arn);
    output.put("creationDate", creationDate);
    return output;
  }

  ObjectNode describe(JsonNode input) {
    String arn = Arns.checkActivity(Inputs.required(input, "activityArn"));
    ObjectNode activity = Machines.read(activity(arn));
    ObjectNode output = JSON.createObjectNode();
    output.put("activityArn", arn);
    output.put("name", activity.path("name").asText());
    output.put("creationDate", activity.path("creationDate").asDouble());
    return output;
  }

  ObjectNode list(JsonNode input, RequestContext context) {
    int limit = Inputs.integer(input, "maxResults").filter(n -> n > 0).orElse(100);
    String after = Pages.position("activities", Inputs.text(input, "nextToken"));
    List<ResourceRecord> page =
        resources.list(ACTIVITY, Machines.parent(context), "", after, limit + 1);
    ObjectNode output = JSON.createObjectNode();
    ArrayNode items = output.putArray("activities");
    for (int i = 0; i < Math.min(limit, page.size()); i++) {
      ObjectNode activity = Machines.read(page.get(i));
      ObjectNode item = items.addObject();
      item.put("activityArn", page.get(i).id());
      item.put("name", activity.path("name").asText());
      item.put("creationDate", activity.path("creationDate").asDouble());
    }
    if (page.size() > limit) {
      output.put("nextToken", Pages.token("activities", page.get(limit - 1).name()));
    }
    return output;
  }

  ObjectNode delete(JsonNode input) {
    String arn = Arns.checkActivity(Inputs.required(input, "activityArn"));
    resources.get(ACTIVITY, arn).ifPresent(r -> resources.delete(ACTIVITY, arn, r.version()));
    return JSON.createObjectNode();
  }

  ObjectNode getTask(JsonNode input) {
    String arn = Arns.checkActivity(Inputs.required(input, "activityArn"));
    activity(arn);
    String worker = Inputs.text(input, "workerName").orElse("");
    Optional<TaskToken> task;
    try {
      task = engine.pollActivity(arn, worker, pollWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task = Optional.empty();
    }
    ObjectNode output = JSON.createObjectNode();
    task.ifPresent(
        t -> {
          output.put("taskToken", t.token());
          output.put("input", t.input());
        });
    return output;
  }

  // ------------------------------------------------------------------ tokens

  ObjectNode success(JsonNode input) {
    String token = Inputs.required(input, "taskToken");
    String output = Inputs.required(input, "output");
    try {
      JsonNode parsed = JSON.readTree(output);
      if (parsed == null || parsed.isMissingNode()) {
        throw invalidOutput();
      }
      output = parsed.toString();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw invalidOutput();
    }
    if (output.length() > MAX_OUTPUT) {
      throw new ServiceException(
          StatesError.VALIDATION,
          "1 validation error detected: Value at 'output' failed to satisfy constraint: Member"
              + " must have length less than or equal to 262144");
    }
    ObjectNode outcome = JSON.createObjectNode();
    outcome.put("output", output);
    return complete(token, outcome);
  }

  ObjectNode failure(JsonNode input) {
    String token = Inputs.required(input, "taskToken");
    ObjectNode outcome = JSON.createObjectNode();
    outcome.put("error", Inputs.text(input, "error").orElse(""));
    Inputs.text(input, "cause")
        .ifPresentOrElse(c -> outcome.put("cause", c), () -> outcome.putNull("cause"));
    return complete(token, outcome);
  }

  ObjectNode heartbeat(JsonNode input) {
    String token = Inputs.required(input, "taskToken");
    checkToken(token);
    if (!engine.heartbeat(token)) {
      throw timedOut();
    }
    return JSON.createObjectNode();
  }

  private ObjectNode complete(String token, ObjectNode outcome) {
    checkToken(token);
    switch (engine.complete(token, outcome.toString())) {
      case ACCEPTED -> {
        return JSON.createObjectNode();
      }
      case ALREADY_COMPLETED, UNKNOWN -> throw timedOut();
    }
    throw new IllegalStateException();
  }

  /**
   * Checks a token handed in: a malformed one is {@code InvalidToken}; one of an execution that
   * exists but whose task is over (answered, timed out) is {@code TaskTimedOut}, as AWS answers;
   * any other {@code TaskDoesNotExist}.
   */
  private void checkToken(String token) {
    if (engine.token(token).isPresent()) {
      return;
    }
    if (!token.matches("[A-Za-z0-9_-]{43,}")) {
      throw new ServiceException(
          StatesError.INVALID_TOKEN, StatesError.INVALID_TOKEN.quoting(token));
    }
    if (executionOf(token).filter(engine::executionExists).isPresent()) {
      throw timedOut();
    }
    throw new ServiceException(
        StatesError.TASK_DOES_NOT_EXIST, StatesError.TASK_DOES_NOT_EXIST.quoting(token));
  }

  /** The execution ARN a token carries after its 43-character digest (see the engine). */
  static Optional<String> executionOf(String token) {
    if (token.length() <= 43) {
      return Optional.empty();
    }
    try {
      String arn =
          new String(
              java.util.Base64.getUrlDecoder().decode(token.substring(43)),
              java.nio.charset.StandardCharsets.UTF_8);
      return arn.startsWith("arn:") ? Optional.of(arn) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static ServiceException timedOut() {
    return new ServiceException(
        StatesError.TASK_TIMED_OUT, "Task Timed Out: 'Provided task does not exist anymore'");
  }

  private static ServiceException invalidOutput() {
    return new ServiceException(
        StatesError.INVALID_OUTPUT, "Invalid Output: 'Output is not valid JSON'");
  }

  private ResourceRecord activity(String arn) {
    return resources
        .get(ACTIVITY, arn)
        .orElseThrow(
            () ->
                new ServiceException(
                    StatesError.ACTIVITY_DOES_NOT_EXIST,
                    StatesError.ACTIVITY_DOES_NOT_EXIST.quoting(arn)));
  }
}
