package dev.docket.states.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.states.asl.Catcher;
import dev.docket.states.asl.Choice;
import dev.docket.states.asl.Common;
import dev.docket.states.asl.DataFlow;
import dev.docket.states.asl.Retrier;
import dev.docket.states.asl.State;
import dev.docket.states.asl.StateMachineDefinition;
import dev.docket.states.data.JsonPathMode;
import dev.docket.states.data.JsonataMode;
import dev.docket.states.data.Scope;
import dev.docket.states.data.StatesErrors;
import dev.docket.states.data.StatesFailure;
import dev.docket.states.data.Variables;
import dev.docket.store.TaskToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one execution's states: plain recursive code over the definition, one (virtual) thread per
 * strand, every step recorded through the {@link Recorder} so that a replay over the stored history
 * reaches the same point (see docs/design/0003-state-machines.md).
 */
final class Interpreter {

  private static final String PREFIX = "An error occurred while executing the state '";

  /** The error of a state output over 256 KiB; no Retry or Catch handles it. */
  static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";

  private static final Set<String> DATA_ERRORS =
      Set.of(
          StatesErrors.RUNTIME,
          StatesErrors.QUERY_EVALUATION_ERROR,
          StatesErrors.RESULT_PATH_MATCH_FAILURE,
          StatesErrors.PARAMETER_PATH_FAILURE,
          StatesErrors.INTRINSIC_FAILURE);

  private final ExecutionInfo info;
  private final StateMachineDefinition definition;
  private final Recorder recorder;
  private final RunServices services;
  private final ObjectNode executionContext;
  private final ObjectNode machineContext;
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger strands = new AtomicInteger(1);
  private volatile Termination termination;
  private final boolean readsContext;

  /** The context object of a definition that never reads it ({@code $$}, {@code $states}). */
  private static final ObjectNode NO_CONTEXT = Json.object();

  Interpreter(
      ExecutionInfo info,
      StateMachineDefinition definition,
      Recorder recorder,
      RunServices services,
      boolean readsContext) {
    this.readsContext = readsContext;
    this.info = info;
    this.definition = definition;
    this.recorder = recorder;
    this.services = services;
    this.executionContext = Json.object();
    executionContext.put("Id", info.arn());
    executionContext.set("Input", info.input());
    executionContext.put("Name", info.name());
    executionContext.put("RoleArn", info.roleArn());
    executionContext.put("StartTime", Json.contextTime(info.startTime()));
    executionContext.put("RedriveCount", info.redriveCount());
    this.machineContext = Json.object();
    machineContext.put("Id", info.stateMachineArn());
    machineContext.put("Name", info.stateMachineName());
  }

  /**
   * Runs (or replays, then runs) the execution from its start to its end or to a long wait.
   * ExecutionStarted must be recorded already (key {@code 0#0} of the root strand).
   *
   * @param root the root strand, positioned after ExecutionStarted
   */
  RunEnd run(Branch root) {
    threads.add(Thread.currentThread());
    try {
      JsonNode output = runBlock(definition, info.input(), new Frame(root, Variables.root(), null));
      return new RunEnd.Succeeded(output);
    } catch (StatesFailure failure) {
      return new RunEnd.Failed(failure.error(), failure.causeText());
    } catch (Termination.Terminated terminated) {
      return new RunEnd.Terminated(terminated.termination);
    } catch (Parked parked) {
      return new RunEnd.Parked(parked.due);
    } finally {
      threads.remove(Thread.currentThread());
    }
  }

  /** Ends the execution from outside (StopExecution, timeout): every strand unwinds. */
  void terminate(Termination reason) {
    if (termination == null) {
      termination = reason;
      for (Thread thread : threads) {
        thread.interrupt();
      }
    }
  }

  /** The recorder of this run's history. */
  Recorder recorder() {
    return recorder;
  }

  /** The termination, if the execution was ended from outside. */
  Termination termination() {
    return termination;
  }

  // ---------------------------------------------------------------- blocks and states

  /** A strand's position: its branch, its variables, the Map item it processes (or null). */
  private record Frame(Branch branch, Variables variables, JsonNode mapItem) {}

  /** Where a state goes: its output and its next state (null: the block ends). */
  private record Step(JsonNode output, String next) {}

  private JsonNode runBlock(StateMachineDefinition block, JsonNode input, Frame frame) {
    String name = block.startAt();
    JsonNode value = input;
    while (true) {
      checkAlive();
      State state = block.state(name);
      Step step = runState(state, value, frame);
      value = step.output();
      if (step.next() == null) {
        return value;
      }
      name = step.next();
    }
  }

  private Step runState(State state, JsonNode input, Frame frame) {
    Common common = state.common();
    Recorded entered =
        recorder.record(
            frame.branch(),
            common.type() + "StateEntered",
            () -> {
              ObjectNode details = Json.object();
              details.set("input", input);
              details.set("inputDetails", Json.notTruncated());
              details.put("name", common.name());
              return details;
            });
    StateRun run = new StateRun(state, input, frame, entered);
    try {
      return switch (state) {
        case State.Pass pass -> run.pass(pass);
        case State.Task task -> run.task(task);
        case State.ChoiceState choice -> run.choice(choice);
        case State.Wait wait -> run.waitState(wait);
        case State.Succeed succeed -> run.succeed();
        case State.Fail fail -> run.fail(fail);
        case State.Parallel parallel -> run.parallel(parallel);
        case State.MapState map -> run.map(map);
      };
    } catch (StatesFailure failure) {
      throw run.located(failure);
    }
  }

  /** One state's run: its input, strand, entered event and context. */
  private final class StateRun {
    private final State state;
    private final Common common;
    private final JsonNode input;
    private final Frame frame;
    private final Recorded entered;
    private int retryCount;
    private boolean evaluationRecorded;

    StateRun(State state, JsonNode input, Frame frame, Recorded entered) {
      this.state = state;
      this.common = state.common();
      this.input = input;
      this.frame = frame;
      this.entered = entered;
    }

    Branch branch() {
      return frame.branch();
    }

    // ------------------------------------------------------------ context and scopes

    /** The context object without a task token, built once per attempt. */
    private ObjectNode plainContext;

    ObjectNode context(String taskToken) {
      if (!readsContext && taskToken == null) {
        return NO_CONTEXT;
      }
      if (taskToken == null && plainContext != null) {
        return plainContext;
      }
      ObjectNode context = Json.object();
      context.set("Execution", executionContext);
      ObjectNode stateContext = context.putObject("State");
      stateContext.put("EnteredTime", Json.contextTime(entered.timestamp()));
      stateContext.put("Name", common.name());
      if (state instanceof State.Task
          || state instanceof State.Parallel
          || state instanceof State.MapState) {
        stateContext.put("RetryCount", retryCount);
      }
      context.set("StateMachine", machineContext);
      if (taskToken != null) {
        context.putObject("Task").put("Token", taskToken);
      }
      if (frame.mapItem() != null) {
        context.set("Map", frame.mapItem());
      }
      if (taskToken == null) {
        plainContext = context;
      }
      return context;
    }

    Scope scope(JsonNode value) {
      return new Scope(value, context(null), frame.variables(), null, null);
    }

    /** Adds AWS's location prefix to a data error raised in this state. */
    StatesFailure located(StatesFailure failure) {
      String cause = failure.causeText();
      if (!DATA_ERRORS.contains(failure.error()) || cause != null && cause.startsWith(PREFIX)) {
        return failure;
      }
      String located =
          PREFIX
              + common.name()
              + "' (entered at the event id #"
              + entered.id()
              + "). "
              + (cause == null ? "" : cause);
      StatesFailure result = new StatesFailure(failure.error(), located);
      if (failure.error().equals(StatesErrors.QUERY_EVALUATION_ERROR) && !evaluationRecorded) {
        evaluationRecorded = true;
        recordEvaluationFailed(result);
      }
      return result;
    }

    private void recordEvaluationFailed(StatesFailure failure) {
      recorder.record(
          branch(),
          "EvaluationFailed",
          () -> {
            ObjectNode details = Json.object();
            details.put("cause", failure.causeText());
            details.put("error", failure.error());
            java.util.regex.Matcher field =
                java.util.regex.Pattern.compile("specified for the field '([^'/]*)")
                    .matcher(failure.causeText());
            if (field.find()) {
              details.put("location", field.group(1));
            }
            details.put("state", common.name());
            return details;
          });
    }

    // ------------------------------------------------------------ exit

    Step exit(JsonNode output, Map<String, JsonNode> assigned, String next) {
      Recorded exited =
          recorder.record(
              branch(),
              common.type() + "StateExited",
              () -> {
                ObjectNode details = Json.object();
                if (assigned != null) {
                  ObjectNode variables = details.putObject("assignedVariables");
                  assigned.forEach(variables::set);
                  details.set("assignedVariablesDetails", Json.notTruncated());
                }
                details.put("name", common.name());
                details.set("output", output);
                details.set("outputDetails", Json.notTruncated());
                return details;
              });
      JsonNode finalOutput = output;
      Map<String, JsonNode> finalAssigned = assigned;
      if (exited.replayed() && exited.details() != null) {
        finalOutput = Json.recorded(exited.details(), "output");
        JsonNode variables = exited.details().get("assignedVariables");
        if (variables != null) {
          Map<String, JsonNode> recorded = new LinkedHashMap<>();
          variables.properties().forEach(e -> recorded.put(e.getKey(), e.getValue()));
          finalAssigned = recorded;
        }
      }
      if (finalAssigned != null) {
        frame.variables().assign(finalAssigned);
      }
      return new Step(finalOutput, next);
    }

    String next() {
      return common.end() ? null : common.next();
    }

    // ------------------------------------------------------------ Pass

    Step pass(State.Pass pass) {
      DataFlow io = common.io();
      if (common.jsonata()) {
        Scope scope = scope(input);
        JsonNode output =
            io.output() == null ? input : JsonataMode.evaluate(io.output(), scope, "Output");
        Map<String, JsonNode> assigned =
            io.assign() == null ? null : JsonataMode.evaluateAssign(io.assign(), scope);
        return exit(output, assigned, next());
      }
      JsonNode effective = JsonPathMode.applyInputPath(io.inputPath(), scope(input));
      JsonNode result;
      if (io.parameters() != null) {
        result = JsonPathMode.evaluatePayload(io.parameters(), scope(effective));
      } else if (io.result() != null) {
        result = io.result();
      } else {
        result = effective;
      }
      return jsonPathExit(effective, result);
    }

    /** ResultSelector-less tail of JSONPath states: Assign, ResultPath, OutputPath, exit. */
    Step jsonPathExit(JsonNode effective, JsonNode result) {
      DataFlow io = common.io();
      Map<String, JsonNode> assigned =
          io.assign() == null
              ? null
              : JsonPathMode.evaluateAssign(io.assign(), scope(effective).withResult(result));
      JsonNode merged = JsonPathMode.applyResultPath(io.resultPath(), input, result);
      JsonNode output = JsonPathMode.applyOutputPath(io.outputPath(), merged, scope(merged));
      return exit(output, assigned, next());
    }

    /** The JSONata tail of states with a result: Output and Assign over {@code $states.result}. */
    Step jsonataExit(JsonNode result, String next) {
      DataFlow io = common.io();
      Scope scope = scope(input).withResult(result);
      JsonNode output =
          io.output() == null ? result : JsonataMode.evaluate(io.output(), scope, "Output");
      Map<String, JsonNode> assigned =
          io.assign() == null ? null : JsonataMode.evaluateAssign(io.assign(), scope);
      return exit(output, assigned, next);
    }

    /** The tail of a state with a result (Task, Parallel, Map) in either language. */
    Step resultExit(JsonNode effective, JsonNode result) {
      if (common.jsonata()) {
        return jsonataExit(result, next());
      }
      JsonNode selected =
          common.io().resultSelector() == null
              ? result
              : JsonPathMode.evaluatePayload(common.io().resultSelector(), scope(result));
      return jsonPathExit(effective, selected);
    }

    // ------------------------------------------------------------ Choice

    Step choice(State.ChoiceState choice) {
      DataFlow io = common.io();
      if (common.jsonata()) {
        Scope scope = scope(input);
        for (Choice candidate : choice.choices()) {
          if (matches(candidate, scope)) {
            JsonNode output =
                candidate.output() != null
                    ? JsonataMode.evaluate(candidate.output(), scope, "Output")
                    : io.output() != null
                        ? JsonataMode.evaluate(io.output(), scope, "Output")
                        : input;
            JsonNode assign = candidate.assign() != null ? candidate.assign() : io.assign();
            Map<String, JsonNode> assigned =
                assign == null ? null : JsonataMode.evaluateAssign(assign, scope);
            return exit(output, assigned, candidate.next());
          }
        }
        if (choice.defaultState() == null) {
          throw noChoiceMatched();
        }
        JsonNode output =
            io.output() != null ? JsonataMode.evaluate(io.output(), scope, "Output") : input;
        Map<String, JsonNode> assigned =
            io.assign() == null ? null : JsonataMode.evaluateAssign(io.assign(), scope);
        return exit(output, assigned, choice.defaultState());
      }
      JsonNode effective = JsonPathMode.applyInputPath(io.inputPath(), scope(input));
      Scope scope = scope(effective);
      for (Choice candidate : choice.choices()) {
        if (JsonPathMode.matches(candidate.rule(), scope)) {
          JsonNode assign = candidate.assign() != null ? candidate.assign() : io.assign();
          Map<String, JsonNode> assigned =
              assign == null ? null : JsonPathMode.evaluateAssign(assign, scope);
          JsonNode output = JsonPathMode.applyOutputPath(io.outputPath(), effective, scope);
          return exit(output, assigned, candidate.next());
        }
      }
      if (choice.defaultState() == null) {
        throw noChoiceMatched();
      }
      Map<String, JsonNode> assigned =
          io.assign() == null ? null : JsonPathMode.evaluateAssign(io.assign(), scope);
      JsonNode output = JsonPathMode.applyOutputPath(io.outputPath(), effective, scope);
      return exit(output, assigned, choice.defaultState());
    }

    private boolean matches(Choice candidate, Scope scope) {
      if (candidate.rule() instanceof dev.docket.states.asl.ChoiceRule.Condition condition) {
        return JsonataMode.condition(condition.condition(), scope);
      }
      return JsonPathMode.matches(candidate.rule(), scope);
    }

    private StatesFailure noChoiceMatched() {
      return new StatesFailure(
          StatesErrors.NO_CHOICE_MATCHED,
          "No Matches! at state '"
              + common.name()
              + "' (entered at the event id #"
              + entered.id()
              + ").");
    }

    // ------------------------------------------------------------ Wait, Succeed, Fail

    Step waitState(State.Wait wait) {
      DataFlow io = common.io();
      JsonNode effective =
          common.jsonata() ? input : JsonPathMode.applyInputPath(io.inputPath(), scope(input));
      Scope scope = scope(effective);
      Instant due;
      if (wait.seconds() != null || wait.secondsPath() != null) {
        JsonNode seconds =
            wait.seconds() != null
                ? (common.jsonata()
                    ? JsonataMode.evaluate(wait.seconds(), scope, "Seconds")
                    : wait.seconds())
                : JsonPathMode.read(wait.secondsPath(), scope, "SecondsPath");
        if (!seconds.isIntegralNumber() || seconds.asLong() < 0) {
          throw StatesFailure.runtime(
              "The "
                  + (wait.secondsPath() != null ? "SecondsPath" : "Seconds")
                  + " field refers to value "
                  + Json.text(seconds)
                  + " which is not a valid positive integer.");
        }
        due = entered.timestamp().plusSeconds(seconds.asLong());
      } else {
        JsonNode timestamp =
            wait.timestamp() != null
                ? (common.jsonata()
                    ? JsonataMode.evaluate(wait.timestamp(), scope, "Timestamp")
                    : wait.timestamp())
                : JsonPathMode.read(wait.timestampPath(), scope, "TimestampPath");
        try {
          due = OffsetDateTime.parse(timestamp.asText()).toInstant();
        } catch (DateTimeParseException e) {
          throw StatesFailure.runtime(
              "The "
                  + (wait.timestampPath() != null ? "TimestampPath" : "Timestamp")
                  + " field refers to value "
                  + Json.text(timestamp)
                  + " which is not a valid ISO-8601 timestamp.");
        }
      }
      sleepUntil(branch(), due);
      if (common.jsonata()) {
        JsonNode output =
            io.output() == null ? input : JsonataMode.evaluate(io.output(), scope, "Output");
        Map<String, JsonNode> assigned =
            io.assign() == null ? null : JsonataMode.evaluateAssign(io.assign(), scope);
        return exit(output, assigned, next());
      }
      Map<String, JsonNode> assigned =
          io.assign() == null ? null : JsonPathMode.evaluateAssign(io.assign(), scope);
      JsonNode output = JsonPathMode.applyOutputPath(io.outputPath(), effective, scope);
      return exit(output, assigned, next());
    }

    Step succeed() {
      DataFlow io = common.io();
      JsonNode output;
      if (common.jsonata()) {
        output =
            io.output() == null ? input : JsonataMode.evaluate(io.output(), scope(input), "Output");
      } else {
        JsonNode effective = JsonPathMode.applyInputPath(io.inputPath(), scope(input));
        output = JsonPathMode.applyOutputPath(io.outputPath(), effective, scope(effective));
      }
      return exit(output, null, null);
    }

    Step fail(State.Fail fail) {
      Scope scope = scope(input);
      String error = failField(fail.error(), fail.errorPath(), scope, "Error", "ErrorPath");
      String cause = failField(fail.cause(), fail.causePath(), scope, "Cause", "CausePath");
      throw new StatesFailure(error == null ? FAIL_STATE_NO_ERROR : error, cause);
    }

    private String failField(
        JsonNode literal, String path, Scope scope, String field, String pathField) {
      if (literal != null) {
        JsonNode value = common.jsonata() ? JsonataMode.evaluate(literal, scope, field) : literal;
        return value.isTextual() ? value.asText() : Json.text(value);
      }
      if (path != null) {
        JsonNode value = JsonPathMode.read(path, scope, pathField);
        return value.isTextual() ? value.asText() : Json.text(value);
      }
      return null;
    }

    // ------------------------------------------------------------ Task

    Step task(State.Task task) {
      DataFlow io = common.io();
      JsonNode effective =
          common.jsonata() ? input : JsonPathMode.applyInputPath(io.inputPath(), scope(input));
      Retrying retrying = new Retrying(task.retry());
      while (true) {
        try {
          JsonNode result = invokeTask(task, effective);
          return resultExit(effective, result);
        } catch (StatesFailure failure) {
          Step caught = handle(failure, retrying, task.catchers());
          if (caught != null) {
            return caught;
          }
        }
      }
    }

    /**
     * Retry or catch: returns null to retry (after sleeping), the catcher's step, or throws the
     * failure on.
     */
    Step handle(StatesFailure raw, Retrying retrying, List<Catcher> catchers) {
      StatesFailure failure = located(raw);
      if (failure.error().equals(StatesErrors.RUNTIME)
          || failure.error().equals(DATA_LIMIT_EXCEEDED)) {
        throw failure;
      }
      Duration delay = retrying.next(failure.error());
      if (delay != null) {
        retryCount++;
        plainContext = null;
        sleepUntil(branch(), services.clock().instant().plus(delay));
        return null;
      }
      for (Catcher catcher : catchers) {
        if (ErrorNames.matches(catcher.errorEquals(), failure.error())) {
          ObjectNode errorOutput = Json.object();
          errorOutput.put("Error", failure.error());
          if (failure.causeText() != null) {
            errorOutput.put("Cause", failure.causeText());
          }
          if (common.jsonata()) {
            Scope scope = scope(input).withErrorOutput(errorOutput);
            JsonNode output =
                catcher.output() == null
                    ? errorOutput
                    : JsonataMode.evaluate(catcher.output(), scope, "Output");
            Map<String, JsonNode> assigned =
                catcher.assign() == null
                    ? null
                    : JsonataMode.evaluateAssign(catcher.assign(), scope);
            return exit(output, assigned, catcher.next());
          }
          Map<String, JsonNode> assigned =
              catcher.assign() == null
                  ? null
                  : JsonPathMode.evaluateAssign(
                      catcher.assign(), scope(input).withResult(errorOutput));
          JsonNode output = JsonPathMode.applyResultPath(catcher.resultPath(), input, errorOutput);
          return exit(output, assigned, catcher.next());
        }
      }
      throw failure;
    }

    private JsonNode invokeTask(State.Task task, JsonNode effective) {
      Resource resource = Resource.parse(task.resource());
      boolean needsToken = resource.waitsForToken() || resource.kind() == Resource.Kind.ACTIVITY;
      String token = needsToken ? tokenFor(branch()) : null;
      Scope scope = new Scope(effective, context(token), frame.variables(), null, null);
      JsonNode parameters;
      if (common.jsonata()) {
        parameters =
            common.io().arguments() == null
                ? effective
                : JsonataMode.evaluate(common.io().arguments(), scope, "Arguments");
      } else {
        parameters =
            common.io().parameters() == null
                ? effective
                : JsonPathMode.evaluatePayload(common.io().parameters(), scope);
      }
      Long timeout =
          seconds(task.timeoutSeconds(), task.timeoutSecondsPath(), scope, "TimeoutSeconds");
      Long heartbeat =
          seconds(task.heartbeatSeconds(), task.heartbeatSecondsPath(), scope, "HeartbeatSeconds");
      TaskEvents events = TaskEvents.of(resource, region());
      Recorded scheduled =
          recorder.record(
              branch(),
              events.scheduled(),
              () -> events.scheduledDetails(resource, parameters, timeout, heartbeat));
      Instant deadline = timeout == null ? null : scheduled.timestamp().plusSeconds(timeout);
      boolean activity = resource.kind() == Resource.Kind.ACTIVITY;
      if (!activity) {
        recorder.record(branch(), events.started(), () -> events.startedDetails(resource, null));
      }
      // what an earlier run recorded is replayed, not called again
      boolean submitted = false;
      boolean activityStarted = false;
      var next = recorder.peek(branch());
      if (next != null && next.type().equals("TaskSubmitted")) {
        recorder.record(branch(), "TaskSubmitted", () -> null);
        submitted = true;
        next = recorder.peek(branch());
      }
      if (activity && next != null && next.type().equals(events.started())) {
        recorder.record(branch(), events.started(), () -> null);
        activityStarted = true;
        next = recorder.peek(branch());
      }
      if (next != null) {
        return recordOutcome(
            events, resource, events.resultOf(next.type(), Json.parse(next.details())));
      }
      TaskInvoker.Result result;
      if (activity) {
        result =
            runActivity(resource, parameters, token, deadline, heartbeat, events, activityStarted);
      } else if (resource.kind() == Resource.Kind.UNKNOWN) {
        result =
            new TaskInvoker.Result.Failure(
                StatesErrors.RUNTIME,
                "The resource provided " + resource.arn() + " is not recognized.");
      } else if (resource.waitsForToken()) {
        Optional<TaskToken> stored = services.storedToken(token);
        if (stored.flatMap(TaskToken::outcome).isPresent()) {
          submitted = true; // answered before a restart: the request is not sent again
        }
        if (!submitted) {
          if (stored.isEmpty()) {
            recorder.createToken(newToken(token, Optional.empty(), ""));
          }
          recorder.flush();
          result = callWithTimeout(resource, parameters, token, deadline);
          if (result instanceof TaskInvoker.Result.Success success) {
            recorder.record(
                branch(),
                "TaskSubmitted",
                () -> events.succeededDetails(resource, success.output()));
            recorder.flush(); // a restart waits for the callback instead of asking again
            result = awaitCallback(token, deadline, heartbeat);
          }
        } else {
          result = awaitCallback(token, deadline, heartbeat);
        }
      } else {
        recorder.flush();
        result = callWithTimeout(resource, parameters, token, deadline);
      }
      if (token != null) {
        services.forgetToken(token);
        recorder.deleteToken(token);
      }
      return recordOutcome(events, resource, result);
    }

    JsonNode recordOutcome(TaskEvents events, Resource resource, TaskInvoker.Result result) {
      switch (result) {
        case TaskInvoker.Result.Success success -> {
          Recorded done =
              recorder.record(
                  branch(),
                  events.succeeded(),
                  () -> events.succeededDetails(resource, success.output()));
          if (done.replayed() && done.details() != null) {
            return Json.recorded(done.details(), "output");
          }
          return success.output();
        }
        case TaskInvoker.Result.Failure failure -> {
          boolean timedOut =
              failure.error().equals(StatesErrors.TIMEOUT)
                  || failure.error().equals(StatesErrors.HEARTBEAT_TIMEOUT);
          recorder.record(
              branch(),
              timedOut ? events.timedOut() : events.failed(),
              () -> events.failedDetails(resource, failure.error(), failure.cause()));
          throw new StatesFailure(failure.error(), failure.cause());
        }
      }
    }

    private Long seconds(JsonNode literal, String path, Scope scope, String field) {
      JsonNode value;
      if (literal != null) {
        value = common.jsonata() ? JsonataMode.evaluate(literal, scope, field) : literal;
      } else if (path != null) {
        value = JsonPathMode.read(path, scope, field + "Path");
      } else {
        return null;
      }
      if (!value.isIntegralNumber() || value.asLong() <= 0) {
        throw StatesFailure.runtime(
            "The "
                + (path != null ? field + "Path" : field)
                + " field refers to value "
                + Json.text(value)
                + " which is not a valid positive integer.");
      }
      return value.asLong();
    }

    private TaskInvoker.Result callWithTimeout(
        Resource resource, JsonNode parameters, String token, Instant deadline) {
      if (resource.service().equals("states") && resource.action().equals("startExecution")) {
        return services.startExecution(parameters, info, resource.pattern(), token);
      }
      TaskInvoker.TaskCall call = new TaskInvoker.TaskCall(resource, parameters, info.arn(), token);
      if (deadline == null) {
        return services.invoker().invoke(call);
      }
      CompletableFuture<TaskInvoker.Result> future = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> future.complete(services.invoker().invoke(call)));
      return await(future, deadline, null, null);
    }

    private TaskInvoker.Result runActivity(
        Resource resource,
        JsonNode parameters,
        String token,
        Instant deadline,
        Long heartbeat,
        TaskEvents events,
        boolean started) {
      if (services.storedToken(token).isEmpty()) {
        recorder.createToken(newToken(token, Optional.of(resource.arn()), Json.text(parameters)));
        recorder.flush();
        services.activityTaskReady(resource.arn());
      }
      TaskInvoker.Result result = awaitCallback(token, deadline, heartbeat);
      Optional<TaskToken> stored = services.storedToken(token);
      String worker = stored.flatMap(TaskToken::claimedBy).orElse("");
      if (!started && stored.flatMap(TaskToken::claimedBy).isPresent()) {
        recorder.record(branch(), events.started(), () -> events.startedDetails(resource, worker));
      }
      return result;
    }

    private boolean isTimeout(TaskInvoker.Result.Failure failure) {
      return failure.error().equals(StatesErrors.TIMEOUT)
          || failure.error().equals(StatesErrors.HEARTBEAT_TIMEOUT);
    }

    private TaskToken newToken(String token, Optional<String> activityArn, String taskInput) {
      Instant now = services.clock().instant();
      return new TaskToken(
          token,
          info.arn(),
          branch().nextKey(),
          activityArn,
          taskInput,
          now,
          Optional.empty(),
          Optional.empty(),
          now);
    }

    private TaskInvoker.Result awaitCallback(String token, Instant deadline, Long heartbeat) {
      CompletableFuture<String> outcome = services.awaitToken(token);
      TaskInvoker.Result result =
          await(outcome.thenApply(Interpreter::outcome), deadline, heartbeat, token);
      return result;
    }

    private TaskInvoker.Result await(
        CompletableFuture<TaskInvoker.Result> future,
        Instant deadline,
        Long heartbeat,
        String token) {
      while (true) {
        checkAlive();
        if (future.isDone()) {
          // an outcome already there wins over a deadline passed since (a replay after a restart)
          try {
            return future.get();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a task outcome", e);
          } catch (ExecutionException e) {
            return new TaskInvoker.Result.Failure(
                StatesErrors.TASK_FAILED, String.valueOf(e.getCause()));
          }
        }
        Instant now = services.clock().instant();
        Instant until = deadline;
        if (heartbeat != null && token != null) {
          Instant last = services.storedToken(token).map(TaskToken::heartbeatAt).orElse(now);
          Instant beat = last.plusSeconds(heartbeat);
          if (!beat.isAfter(now)) {
            return new TaskInvoker.Result.Failure(StatesErrors.HEARTBEAT_TIMEOUT, null);
          }
          until = until == null || beat.isBefore(until) ? beat : until;
        }
        if (until != null && !until.isAfter(now)) {
          return new TaskInvoker.Result.Failure(StatesErrors.TIMEOUT, null);
        }
        try {
          long waitMillis =
              until == null ? 60_000 : Math.max(1, Duration.between(now, until).toMillis());
          return future.get(Math.min(waitMillis, 60_000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // re-check the deadlines
        } catch (InterruptedException e) {
          checkAlive();
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a task", e);
        } catch (ExecutionException e) {
          return new TaskInvoker.Result.Failure(
              StatesErrors.TASK_FAILED, String.valueOf(e.getCause()));
        }
      }
    }

    // ------------------------------------------------------------ Parallel

    Step parallel(State.Parallel parallel) {
      DataFlow io = common.io();
      JsonNode effective =
          common.jsonata() ? input : JsonPathMode.applyInputPath(io.inputPath(), scope(input));
      Retrying retrying = new Retrying(parallel.retry());
      while (true) {
        try {
          JsonNode branchInput =
              containerInput(effective, io.parameters(), io.arguments(), "Arguments");
          recorder.record(branch(), "ParallelStateStarted", () -> null);
          List<JsonNode> inputs = new ArrayList<>();
          for (int i = 0; i < parallel.branches().size(); i++) {
            inputs.add(branchInput);
          }
          JsonNode results;
          try {
            results =
                runStrands(
                    parallel.branches(), inputs, null, Integer.MAX_VALUE, -1, -1, false, null);
          } catch (StatesFailure failure) {
            if (!failure.error().equals(StatesErrors.RUNTIME)
                && !retrying.wouldRetry(failure.error())) {
              recorder.record(branch(), "ParallelStateFailed", () -> null);
            }
            throw failure;
          }
          recorder.record(branch(), "ParallelStateSucceeded", () -> null);
          return resultExit(effective, results);
        } catch (StatesFailure failure) {
          Step caught = handle(failure, retrying, parallel.catchers());
          if (caught != null) {
            return caught;
          }
        }
      }
    }

    private JsonNode containerInput(
        JsonNode effective, JsonNode parameters, JsonNode arguments, String field) {
      if (common.jsonata()) {
        return arguments == null
            ? effective
            : JsonataMode.evaluate(arguments, scope(effective), field);
      }
      return parameters == null
          ? effective
          : JsonPathMode.evaluatePayload(parameters, scope(effective));
    }

    // ------------------------------------------------------------ Map

    Step map(State.MapState map) {
      DataFlow io = common.io();
      JsonNode effective =
          common.jsonata() ? input : JsonPathMode.applyInputPath(io.inputPath(), scope(input));
      Scope scope = scope(effective);
      JsonNode items;
      try {
        items = mapItems(map, effective, scope);
      } catch (StatesFailure failure) {
        if (!failure.error().equals(StatesErrors.QUERY_EVALUATION_ERROR)) {
          throw failure;
        }
        StatesFailure locatedFailure = located(failure);
        recorder.record(branch(), "MapStateFailed", () -> null);
        throw locatedFailure;
      }
      int maxConcurrency =
          intField(map.maxConcurrency(), map.maxConcurrencyPath(), scope, "MaxConcurrency", 0);
      Retrying retrying = new Retrying(map.retry());
      while (true) {
        try {
          recorder.record(
              branch(),
              "MapStateStarted",
              () -> {
                ObjectNode details = Json.object();
                details.put("length", items.size());
                return details;
              });
          double toleratedPercentage = percentage(map, scope);
          int toleratedCount =
              intField(
                  map.toleratedFailureCount(),
                  map.toleratedFailureCountPath(),
                  scope,
                  "ToleratedFailureCount",
                  -1);
          List<JsonNode> inputs = new ArrayList<>();
          List<StateMachineDefinition> blocks = new ArrayList<>();
          for (int i = 0; i < items.size(); i++) {
            blocks.add(map.processor());
            inputs.add(items.get(i));
          }
          JsonNode results;
          String mapRunArn = null;
          if (map.distributed()) {
            mapRunArn = mapRunArn();
            String run = mapRunArn;
            recorder.record(
                branch(),
                "MapRunStarted",
                () -> {
                  ObjectNode details = Json.object();
                  details.put("mapRunArn", run);
                  return details;
                });
          }
          try {
            results =
                runStrands(
                    blocks,
                    inputs,
                    new MapItems(effective),
                    maxConcurrency <= 0 ? Integer.MAX_VALUE : maxConcurrency,
                    toleratedCount,
                    toleratedPercentage,
                    map.distributed(),
                    common.name());
          } catch (StatesFailure failure) {
            if (map.distributed()) {
              recorder.record(
                  branch(),
                  "MapRunFailed",
                  () -> {
                    ObjectNode details = Json.object();
                    details.put("error", failure.error());
                    if (failure.causeText() != null) {
                      details.put("cause", failure.causeText());
                    }
                    return details;
                  });
            }
            if (!failure.error().equals(StatesErrors.RUNTIME)
                && !retrying.wouldRetry(failure.error())) {
              recorder.record(branch(), "MapStateFailed", () -> null);
            }
            throw failure;
          }
          if (map.distributed()) {
            recorder.record(branch(), "MapRunSucceeded", () -> null);
          }
          recorder.record(branch(), "MapStateSucceeded", () -> null);
          return resultExit(effective, results);
        } catch (StatesFailure failure) {
          Step caught = handle(failure, retrying, map.catchers());
          if (caught != null) {
            return caught;
          }
        }
      }
    }

    private JsonNode mapItems(State.MapState map, JsonNode effective, Scope scope) {
      JsonNode items;
      if (common.jsonata()) {
        items = map.items() == null ? effective : JsonataMode.evaluate(map.items(), scope, "Items");
        if (!items.isArray()) {
          throw new StatesFailure(
              StatesErrors.QUERY_EVALUATION_ERROR,
              "Map state input must be an array but was: " + Json.text(items));
        }
      } else {
        items = JsonPathMode.read(map.itemsPath(), scope, "ItemsPath");
        if (!items.isArray()) {
          throw StatesFailure.runtime(
              "Map state input must be an array but was: " + Json.text(items));
        }
      }
      return items;
    }

    private String mapRunArn() {
      String machine = info.stateMachineArn().replace(":stateMachine:", ":mapRun:");
      return machine
          + "/"
          + common.name()
          + ":"
          + java.util.UUID.nameUUIDFromBytes(
              (info.arn() + branch().nextKey()).getBytes(StandardCharsets.UTF_8));
    }

    private double percentage(State.MapState map, Scope scope) {
      JsonNode value;
      if (map.toleratedFailurePercentage() != null) {
        value =
            common.jsonata()
                ? JsonataMode.evaluate(
                    map.toleratedFailurePercentage(), scope, "ToleratedFailurePercentage")
                : map.toleratedFailurePercentage();
      } else if (map.toleratedFailurePercentagePath() != null) {
        value =
            JsonPathMode.read(
                map.toleratedFailurePercentagePath(), scope, "ToleratedFailurePercentagePath");
      } else {
        return -1;
      }
      String field =
          map.toleratedFailurePercentagePath() != null
              ? "ToleratedFailurePercentagePath"
              : "ToleratedFailurePercentage";
      if (!value.isNumber()) {
        throw StatesFailure.runtime(
            "The "
                + field
                + " field refers to value "
                + Json.text(value)
                + " which is not a valid number.");
      }
      double percentage = value.asDouble();
      if (percentage < 0 || percentage > 100) {
        throw StatesFailure.runtime("ToleratedFailurePercentage must be between 0 and 100.");
      }
      return percentage;
    }

    private int intField(JsonNode literal, String path, Scope scope, String field, int absent) {
      JsonNode value;
      String name = field;
      if (literal != null) {
        value = common.jsonata() ? JsonataMode.evaluate(literal, scope, field) : literal;
      } else if (path != null) {
        name = field + "Path";
        value = JsonPathMode.read(path, scope, name);
      } else {
        return absent;
      }
      if (!value.isIntegralNumber()) {
        throw StatesFailure.runtime(
            "The "
                + name
                + " field refers to value \""
                + (value.isTextual() ? value.asText() : Json.text(value))
                + "\" which is not a valid integer"
                + (path != null ? ": " + path : "."));
      }
      long number = value.asLong();
      if (number < 0) {
        throw StatesFailure.runtime(field + " cannot be negative.");
      }
      if (field.equals("MaxConcurrency") && path != null && number == 0) {
        // AWS: a MaxConcurrencyPath value must be a positive integer
        throw StatesFailure.runtime(
            "The "
                + name
                + " field refers to value "
                + Json.text(value)
                + " which is not a valid positive integer.");
      }
      return (int) Math.min(number, Integer.MAX_VALUE);
    }

    /** How a Map builds each iteration's input and context. */
    private record MapItems(JsonNode effective) {}

    /**
     * Runs strands (Parallel branches or Map iterations) concurrently, at most {@code limit} at a
     * time; returns their outputs in order, or throws the failure that ends the container.
     */
    private JsonNode runStrands(
        List<StateMachineDefinition> blocks,
        List<JsonNode> inputs,
        MapItems mapItems,
        int limit,
        int toleratedCount,
        double toleratedPercentage,
        boolean distributed,
        String mapName) {
      int n = blocks.size();
      JsonNode[] outputs = new JsonNode[n];
      if (n == 0) {
        return Json.NODES.arrayNode();
      }
      List<Branch> children = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        children.add(distributed ? branch().silentChild(i) : branch().child(i));
      }
      Semaphore permits = new Semaphore(Math.min(limit, n));
      AtomicInteger failures = new AtomicInteger();
      CompletableFuture<StatesFailure> firstFailure = new CompletableFuture<>();
      List<CompletableFuture<Void>> done = new ArrayList<>(n);
      boolean mapIterations = mapItems != null && !distributed;
      boolean sequential = n == 1 || limit == 1;
      for (int i = 0; i < n; i++) {
        int index = i;
        CompletableFuture<Void> finished = new CompletableFuture<>();
        done.add(finished);
        Runnable strand =
            () -> {
              Branch child = children.get(index);
              try {
                if (firstFailure.isDone()) {
                  return;
                }
                if (mapIterations) {
                  recorder.record(
                      child, "MapIterationStarted", () -> iterationDetails(index, mapName));
                }
                JsonNode itemInput = inputs.get(index);
                JsonNode mapItem = null;
                if (mapItems != null) {
                  ObjectNode item = Json.object();
                  ObjectNode inner = item.putObject("Item");
                  inner.put("Index", index);
                  inner.set("Value", itemInput);
                  mapItem = item;
                  itemInput = iterationInput(mapItems, index, itemInput, item);
                }
                Frame childFrame = new Frame(child, frame.variables().child(), mapItem);
                outputs[index] = runBlock(blocks.get(index), itemInput, childFrame);
                if (mapIterations) {
                  recorder.record(
                      child, "MapIterationSucceeded", () -> iterationDetails(index, mapName));
                }
              } catch (StatesFailure failure) {
                if (mapIterations) {
                  recorder.record(
                      child, "MapIterationFailed", () -> iterationDetails(index, mapName));
                }
                int failed = failures.incrementAndGet();
                boolean tolerated =
                    mapItems != null
                        && !failure.error().equals(StatesErrors.RUNTIME)
                        && (toleratedCount >= 0 && failed <= toleratedCount
                            || toleratedPercentage >= 0
                                && failed * 100.0 / n <= toleratedPercentage);
                if (tolerated) {
                  ObjectNode errorOutput = Json.object();
                  errorOutput.put("Error", failure.error());
                  if (failure.causeText() != null) {
                    errorOutput.put("Cause", failure.causeText());
                  }
                  outputs[index] = errorOutput;
                } else if (mapItems != null
                    && (toleratedCount >= 0 || toleratedPercentage >= 0)
                    && !failure.error().equals(StatesErrors.RUNTIME)) {
                  firstFailure.complete(
                      new StatesFailure(
                          StatesErrors.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                          "The specified tolerated failure threshold was exceeded"));
                } else {
                  firstFailure.complete(failure);
                }
              } finally {
                permits.release();
                finished.complete(null);
              }
            };
        acquire(permits);
        if (firstFailure.isDone()) {
          permits.release();
          finished.complete(null);
          continue;
        }
        if (sequential) {
          strand.run();
        } else {
          strands.incrementAndGet();
          Thread thread =
              Thread.ofVirtual()
                  .unstarted(
                      () -> {
                        threads.add(Thread.currentThread());
                        try {
                          strand.run();
                        } catch (Termination.Terminated | Parked | Recorder.FencedException e) {
                          // the execution is ending (or its writes were refused, which
                          // terminated it); the parent sees it through checkAlive
                        } finally {
                          threads.remove(Thread.currentThread());
                          strands.decrementAndGet();
                        }
                      });
          thread.start();
        }
      }
      for (CompletableFuture<Void> finished : done) {
        try {
          finished.get();
        } catch (InterruptedException e) {
          checkAlive();
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
      checkAlive();
      if (firstFailure.isDone()) {
        throw firstFailure.join();
      }
      ArrayNode results = Json.NODES.arrayNode();
      for (JsonNode output : outputs) {
        results.add(output == null ? Json.NODES.nullNode() : output);
      }
      return results;
    }

    private JsonNode iterationInput(
        MapItems mapItems, int index, JsonNode item, ObjectNode mapItem) {
      DataFlow io = common.io();
      ObjectNode context = Json.object();
      context.setAll(context(null));
      context.set("Map", mapItem);
      Scope scope = new Scope(mapItems.effective(), context, frame.variables(), null, null);
      if (common.jsonata()) {
        return io.arguments() == null
            ? item
            : JsonataMode.evaluate(io.arguments(), scope, "ItemSelector");
      }
      return io.parameters() == null ? item : JsonPathMode.evaluatePayload(io.parameters(), scope);
    }

    private ObjectNode iterationDetails(int index, String name) {
      ObjectNode details = Json.object();
      details.put("index", index);
      details.put("name", name);
      return details;
    }
  }

  private static final String FAIL_STATE_NO_ERROR = "";

  // ---------------------------------------------------------------- shared mechanics

  private static void acquire(Semaphore permits) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String region() {
    String[] parts = info.arn().split(":");
    return parts.length > 3 ? parts[3] : "";
  }

  private void checkAlive() {
    Termination reason = termination;
    if (reason != null) {
      throw new Termination.Terminated(reason);
    }
  }

  /**
   * Sleeps until {@code due}; at once if the strand's history already goes on (the sleep happened
   * in an earlier run). A long sleep of a lone strand parks the execution instead.
   */
  private void sleepUntil(Branch branch, Instant due) {
    if (recorder.replaying(branch)) {
      return;
    }
    if (due.isAfter(services.clock().instant())) {
      recorder.flush(); // a restart keeps the due time (it is computed from recorded times)
    }
    while (true) {
      checkAlive();
      Instant now = services.clock().instant();
      Duration left = Duration.between(now, due);
      if (left.isZero() || left.isNegative()) {
        return;
      }
      if (recorder.durable() && left.compareTo(services.parkAfter()) > 0 && strands.get() == 1) {
        recorder.flush();
        throw new Parked(due);
      }
      LockSupport.parkNanos(Math.min(left.toNanos(), TimeUnit.SECONDS.toNanos(1)));
      if (Thread.interrupted()) {
        checkAlive();
      }
    }
  }

  /** The token of the task the strand is about to record: derived, so a replay finds it again. */
  private String tokenFor(Branch branch) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(info.salt().getBytes(StandardCharsets.UTF_8));
      digest.update(info.arn().getBytes(StandardCharsets.UTF_8));
      digest.update(branch.nextKey().getBytes(StandardCharsets.UTF_8));
      byte[] hash = digest.digest();
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash)
          + Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(info.arn().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stored token outcome as a result. */
  static TaskInvoker.Result outcome(String stored) {
    JsonNode node = Json.parse(stored);
    if (node.has("output")) {
      return new TaskInvoker.Result.Success(Json.parse(node.get("output").asText()));
    }
    return new TaskInvoker.Result.Failure(
        node.path("error").isNull() || !node.has("error") ? "" : node.get("error").asText(),
        node.path("cause").isNull() || !node.has("cause") ? null : node.get("cause").asText());
  }

  /** Retry bookkeeping of one state: attempts per retrier. */
  private final class Retrying {
    private final List<Retrier> retriers;
    private final int[] attempts;

    Retrying(List<Retrier> retriers) {
      this.retriers = retriers;
      this.attempts = new int[retriers.size()];
    }

    /** Whether {@link #next} would retry {@code error} (without counting an attempt). */
    boolean wouldRetry(String error) {
      for (int i = 0; i < retriers.size(); i++) {
        if (ErrorNames.matches(retriers.get(i).errorEquals(), error)) {
          return attempts[i] < retriers.get(i).maxAttempts();
        }
      }
      return false;
    }

    /** The delay before the next attempt, or null if no retrier retries {@code error}. */
    Duration next(String error) {
      for (int i = 0; i < retriers.size(); i++) {
        Retrier retrier = retriers.get(i);
        if (ErrorNames.matches(retrier.errorEquals(), error)) {
          if (attempts[i] >= retrier.maxAttempts()) {
            return null;
          }
          double seconds = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), attempts[i]);
          attempts[i]++;
          if (retrier.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, retrier.maxDelaySeconds());
          }
          if ("FULL".equals(retrier.jitterStrategy())) {
            seconds = ThreadLocalRandom.current().nextDouble() * seconds;
          }
          return Duration.ofMillis((long) (seconds * 1000));
        }
      }
      return null;
    }
  }
}
