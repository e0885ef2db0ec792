package dev.docket.states;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.LeasedWork;
import dev.docket.delivery.Node;
import dev.docket.delivery.TargetProvider;
import dev.docket.model.AwsService;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.model.ServiceModel;
import dev.docket.model.ValidationProblem;
import dev.docket.states.asl.Definitions;
import dev.docket.states.asl.Diagnostic;
import dev.docket.states.engine.Engine;
import dev.docket.states.engine.TaskInvoker;
import dev.docket.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * AWS Step Functions: the states API over the {@link Engine}.
 *
 * <p>This class only dispatches; the behaviour lives in package-private classes by concept: {@code
 * Machines} (state machines, revisions, versions, aliases), {@code Executions} (starting, stopping,
 * reading executions and their histories), {@code Activities} (activities and task tokens) and
 * {@code Tags}. Operations of the model Docket does not serve answer {@code UnsupportedOperation}
 * naming the feature. Thread-safe.
 */
public final class StatesService implements AwsService, AutoCloseable {

  /** The classpath resource of the Step Functions model extract. */
  public static final String MODEL_RESOURCE = "/dev/docket/model/aws/stepfunctions.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, String> UNSUPPORTED =
      Map.of(
          "TestState", "the TestState API",
          "DescribeMapRun", "Map Run records",
          "ListMapRuns", "Map Run records",
          "UpdateMapRun", "Map Run records");

  private final Engine engine;
  private final Machines machines;
  private final Executions executions;
  private final Activities activities;
  private final Tags tags;
  private final StateMachineTargets targets;
  private final ExecutionRetention retention;
  private final Node node;
  private final CachedResources resources;
  private volatile ServiceModel model;

  /**
   * Creates the service; executions resume with {@link #start()}.
   *
   * @param store where machines, executions and tokens live
   * @param config settings
   * @param invoker calls task integrations (queues, buses, HTTP, functions)
   * @param clock the only source of time
   */
  public StatesService(Store store, StatesConfig config, TaskInvoker invoker, Clock clock) {
    this(store, config, invoker, clock, Node.single(store, clock));
  }

  /**
   * Creates the service as one of the nodes sharing {@code store}; executions resume with {@link
   * #start()}.
   *
   * @param node this node: running executions are held under its leases, and state machine changes
   *     are told to the other nodes
   */
  public StatesService(
      Store store, StatesConfig config, TaskInvoker invoker, Clock clock, Node node) {
    Objects.requireNonNull(store, "store");
    this.node = Objects.requireNonNull(node, "node");
    Objects.requireNonNull(config, "config");
    this.engine =
        new Engine(store.executions(), store.timers(), invoker, clock, config.parkAfter(), node);
    this.resources = new CachedResources(store.resources(), node);
    this.machines = new Machines(this.resources, clock);
    this.executions = new Executions(store.executions(), machines, engine, clock);
    this.activities = new Activities(store.resources(), engine, clock, config.activityPollWait());
    this.tags = new Tags(store.resources());
    this.targets = new StateMachineTargets(executions);
    engine.bind(machines::revision, executions::startChild);
    this.retention =
        new ExecutionRetention(
            store.executions(),
            config.executionRetention(),
            clock,
            new LeasedWork(node, "states.retention"));
  }

  /**
   * Resumes every RUNNING execution, starts waking parked ones and starts deleting executions
   * closed longer than the retention period.
   */
  public void start() {
    engine.start();
    retention.start();
  }

  /** State machines as delivery targets: a rule (or schedule) starts an execution. */
  public TargetProvider targets() {
    return targets;
  }

  /** The engine (for tests and the server's shutdown order). */
  /** Wakes the loops that wait for due timers (for tests that moved a manual clock). */
  public void wakeTimers() {
    engine.wakeTimers();
    retention.wake();
  }

  public Engine engine() {
    return engine;
  }

  @Override
  public ServiceModel model() {
    ServiceModel loaded = model;
    if (loaded == null) {
      loaded = ServiceModel.load(MODEL_RESOURCE);
      model = loaded;
    }
    return loaded;
  }

  @Override
  public ObjectNode invoke(String operation, ObjectNode input, RequestContext context) {
    AccountWalls.check(operation, input, context, Activities::executionOf);
    return switch (operation) {
      case "CreateStateMachine" -> machines.create(input, context);
      case "DescribeStateMachine" -> machines.describe(input);
      case "UpdateStateMachine" -> machines.update(input);
      case "DeleteStateMachine" -> machines.delete(input);
      case "ListStateMachines" -> machines.list(input, context);
      case "PublishStateMachineVersion" -> machines.publishVersion(input);
      case "ListStateMachineVersions" -> machines.listVersions(input);
      case "DeleteStateMachineVersion" -> machines.delete(versionAsMachine(input));
      case "CreateStateMachineAlias" -> machines.createAlias(input);
      case "DescribeStateMachineAlias" -> machines.describeAlias(input);
      case "UpdateStateMachineAlias" -> machines.updateAlias(input);
      case "DeleteStateMachineAlias" -> machines.deleteAlias(input);
      case "ListStateMachineAliases" -> machines.listAliases(input);
      case "ValidateStateMachineDefinition" -> validate(input);
      case "StartExecution" -> executions.start(input, context);
      case "StartSyncExecution" -> executions.startSync(input, context);
      case "StopExecution" -> executions.stop(input);
      case "RedriveExecution" -> executions.redrive(input);
      case "DescribeExecution" -> executions.describe(input);
      case "DescribeStateMachineForExecution" -> executions.describeMachineFor(input);
      case "ListExecutions" -> executions.list(input);
      case "GetExecutionHistory" -> executions.history(input);
      case "CreateActivity" -> activities.create(input, context);
      case "DescribeActivity" -> activities.describe(input);
      case "ListActivities" -> activities.list(input, context);
      case "DeleteActivity" -> activities.delete(input);
      case "GetActivityTask" -> activities.getTask(input);
      case "SendTaskSuccess" -> activities.success(input);
      case "SendTaskFailure" -> activities.failure(input);
      case "SendTaskHeartbeat" -> activities.heartbeat(input);
      case "TagResource" -> tags.tag(input);
      case "UntagResource" -> tags.untag(input);
      case "ListTagsForResource" -> tags.list(input);
      default -> throw unsupported(operation);
    };
  }

  private static ObjectNode versionAsMachine(ObjectNode input) {
    ObjectNode renamed = JSON.createObjectNode();
    renamed.put("stateMachineArn", input.path("stateMachineVersionArn").asText());
    return renamed;
  }

  private ObjectNode validate(ObjectNode input) {
    List<Diagnostic> diagnostics =
        Definitions.validate(
            input.path("definition").asText(),
            input.path("type").asText("STANDARD").equals("EXPRESS"));
    ObjectNode output = JSON.createObjectNode();
    boolean failed = diagnostics.stream().anyMatch(d -> d.severity().equals("ERROR"));
    output.put("result", failed ? "FAIL" : "OK");
    ArrayNode list = output.putArray("diagnostics");
    int max = input.path("maxResults").asInt(100);
    for (Diagnostic diagnostic : diagnostics.subList(0, Math.min(max, diagnostics.size()))) {
      ObjectNode item = list.addObject();
      item.put("severity", diagnostic.severity());
      item.put("code", diagnostic.code());
      item.put("message", diagnostic.message());
      if (diagnostic.location() != null) {
        item.put("location", diagnostic.location());
      }
    }
    output.put("truncated", diagnostics.size() > max);
    return output;
  }

  @Override
  public ServiceException validationFailed(ValidationProblem problem) {
    return new ServiceException(StatesError.VALIDATION, problem.message());
  }

  private static ServiceException unsupported(String operation) {
    String feature = UNSUPPORTED.get(operation);
    return new ServiceException(
        StatesError.UNSUPPORTED_OPERATION,
        feature == null
            ? "Docket does not support the Step Functions operation " + operation + " yet."
            : "Docket does not support " + feature + " yet: " + operation + " is not available.");
  }

  /**
   * Stops this node's executions as if the process had died (nothing written, leases left to
   * expire), for tests of takeover that run several nodes in one JVM; then closes the service.
   */
  public void crash() {
    engine.crash();
    resources.close();
  }

  @Override
  public void close() {
    retention.close();
    engine.close();
    resources.close();
  }
}
