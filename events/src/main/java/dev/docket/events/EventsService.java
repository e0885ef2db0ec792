package dev.docket.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Announcer;
import dev.docket.delivery.DeliveryEngine;
import dev.docket.delivery.Node;
import dev.docket.events.destinations.ApiDestinations;
import dev.docket.model.AwsService;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.model.ServiceModel;
import dev.docket.model.ValidationProblem;
import dev.docket.store.Store;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon EventBridge: the events API over the store SPI.
 *
 * <p>This class only dispatches; the behaviour lives in package-private classes by concept: {@code
 * BusOperations} (buses), {@code RuleOperations} (rules), {@code TargetOperations} (targets),
 * {@code TagOperations} (tags of buses and rules), {@code Permissions} (bus policies) and {@code
 * PatternTester} (TestEventPattern); {@code AccountWalls} first refuses any operation naming
 * another account's bus or rule. Buses and rules (with their targets) are versioned documents of
 * the store's {@link dev.docket.store.ResourceStore}; {@link RuleBook} holds each bus's rules as an
 * immutable snapshot for the router. Operations of the model Docket does not serve answer {@code
 * UnsupportedOperation} naming the feature. Thread-safe: all state is in the store or in concurrent
 * structures.
 */
public final class EventsService implements AwsService, AutoCloseable {

  /** The classpath resource of the EventBridge model extract. */
  public static final String MODEL_RESOURCE = "/dev/docket/model/aws/events.json";

  /** Operations Docket does not serve, with the feature they belong to. */
  private static final Map<String, String> UNSUPPORTED =
      Map.ofEntries(
          Map.entry("CreateEndpoint", "global endpoints"),
          Map.entry("DescribeEndpoint", "global endpoints"),
          Map.entry("UpdateEndpoint", "global endpoints"),
          Map.entry("DeleteEndpoint", "global endpoints"),
          Map.entry("ListEndpoints", "global endpoints"),
          Map.entry("ActivateEventSource", "partner event sources"),
          Map.entry("DeactivateEventSource", "partner event sources"),
          Map.entry("DescribeEventSource", "partner event sources"),
          Map.entry("ListEventSources", "partner event sources"),
          Map.entry("CreatePartnerEventSource", "partner event sources"),
          Map.entry("DeletePartnerEventSource", "partner event sources"),
          Map.entry("DescribePartnerEventSource", "partner event sources"),
          Map.entry("ListPartnerEventSources", "partner event sources"),
          Map.entry("ListPartnerEventSourceAccounts", "partner event sources"),
          Map.entry("PutPartnerEvents", "partner event sources"));

  private static final Pattern QUOTED_PATH = Pattern.compile(" at '([^']*)'");
  private static final Pattern LIST_INDEX = Pattern.compile("(\\.\\d+)(?=\\.|$)");

  private final RuleBook ruleBook;
  private final BusOperations buses;
  private final RuleOperations rules;
  private final TargetOperations targets;
  private final TagOperations tags;
  private final Permissions permissions;
  private final ApiDestinations apiDestinations;
  private final PatternTester patternTester = new PatternTester();
  private final EventRouting routing;
  private final ScheduledRules schedules;
  private final Archives archives;
  private final BusPolicies policies;
  private final Node node;
  private volatile ServiceModel model;

  /**
   * Creates the service; its routers start with {@link #start()}, once every target provider
   * (including this service's {@link #busTargets()}) is registered with the engine's targets.
   *
   * @param store where buses, rules and event logs live
   * @param config limits
   * @param engine delivers what the rules' targets receive
   * @param clock the only source of time
   */
  public EventsService(Store store, EventsConfig config, DeliveryEngine engine, Clock clock) {
    this(store, config, engine, clock, Node.single(store, clock));
  }

  /**
   * Creates the service as one of the nodes sharing {@code store}; routing starts with {@link
   * #start()}.
   *
   * @param node this node: bus routers and archivers run under its leases, and rule and policy
   *     changes are told to the other nodes
   */
  public EventsService(
      Store store, EventsConfig config, DeliveryEngine engine, Clock clock, Node node) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(node, "node");
    this.node = node;
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    var resources = store.resources();
    this.ruleBook = new RuleBook(resources);
    BusDirectory directory = new BusDirectory(resources, clock);
    this.buses = new BusOperations(resources, directory, ruleBook, clock);
    this.schedules =
        new ScheduledRules(
            resources, store.timers(), Objects.requireNonNull(engine, "engine"), clock);
    this.rules = new RuleOperations(resources, directory, ruleBook, schedules, clock);
    this.targets = new TargetOperations(resources, directory, ruleBook);
    this.tags = new TagOperations(resources, directory, ruleBook);
    this.policies = new BusPolicies(resources);
    ruleBook.addListener(policies::changed); // a deleted bus tells the rule book
    this.permissions = new Permissions(resources, directory, policies, clock);
    this.apiDestinations = new ApiDestinations(resources, clock);
    Objects.requireNonNull(engine, "engine");
    this.archives = new Archives(store, directory, ruleBook, engine::deliverAll, clock, node);
    this.routing =
        new EventRouting(
            archives.log(store.eventLog()),
            resources,
            ruleBook,
            policies,
            Objects.requireNonNull(engine, "engine"),
            config,
            clock,
            node);
  }

  /**
   * Starts routing: a router for every bus whose log may hold events past its cursor resumes from
   * there. Call once, after {@link #busTargets()} is registered.
   */
  public void start() {
    if (node.shared()) {
      // what other nodes sharing the store change and append, and the resync under it
      ruleBook.announceTo(bus -> node.notifyOthers(EventRouters.CHANNEL, "r " + bus));
      policies.announceTo(bus -> node.notifyOthers(EventRouters.CHANNEL, "p " + bus));
      node.listenToOthers(EventRouters.CHANNEL, this::heard);
      node.onResync(this::resync);
    }
    routing.start();
    schedules.start();
    archives.start();
  }

  /** Wakes the loops that wait for due timers (for tests that moved a manual clock). */
  public void wakeTimers() {
    schedules.wake();
  }

  /** Event buses as delivery targets, for the server to register with the engine's targets. */
  public BusTargets busTargets() {
    return routing.busTargets();
  }

  /** Each bus's rules, and a listener hook for their changes (what the router reads). */
  public RuleBook ruleBook() {
    return ruleBook;
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
    AccountWalls.check(operation, input, context);
    if (apiDestinations.handles(operation)) {
      return apiDestinations.invoke(operation, input, context);
    }
    if (archives.handles(operation)) {
      return archives.invoke(operation, input, context);
    }
    return switch (operation) {
      case "CreateEventBus" -> buses.create(input, context);
      case "DeleteEventBus" -> deleteEventBus(input, context);
      case "PutEvents" -> routing.putEvents(input, context);
      case "DescribeEventBus" -> buses.describe(input, context);
      case "ListEventBuses" -> buses.list(input, context);
      case "UpdateEventBus" -> buses.update(input, context);
      case "PutRule" -> rules.put(input, context);
      case "DescribeRule" -> rules.describe(input, context);
      case "ListRules" -> rules.list(input, context);
      case "DeleteRule" -> rules.delete(input, context);
      case "EnableRule" -> rules.setState(input, context, RuleState.ENABLED);
      case "DisableRule" -> rules.setState(input, context, RuleState.DISABLED);
      case "PutTargets" -> targets.put(input, context);
      case "RemoveTargets" -> targets.remove(input, context);
      case "ListTargetsByRule" -> targets.listByRule(input, context, rules);
      case "ListRuleNamesByTarget" -> targets.listRuleNames(input, context);
      case "TagResource" -> tags.tag(input, context);
      case "UntagResource" -> tags.untag(input, context);
      case "ListTagsForResource" -> tags.list(input, context);
      case "TestEventPattern" -> patternTester.test(input);
      case "PutPermission" -> permissions.put(input, context);
      case "RemovePermission" -> permissions.remove(input, context);
      default -> throw unsupported(operation);
    };
  }

  private ObjectNode deleteEventBus(ObjectNode input, RequestContext context) {
    ObjectNode output = buses.delete(input, context);
    String busArn = BusDirectory.arnOf(Optional.of(Inputs.required(input, "Name")), context);
    routing.busDeleted(busArn);
    node.notifyOthers(EventRouters.CHANNEL, "d " + busArn);
    return output;
  }

  /**
   * What another node sharing the store announced: {@code a} events appended to buses (their ARNs
   * separated by commas), {@code r} its rules changed, {@code p} its policy changed, {@code d} it
   * was deleted, {@code x} its archives changed; each followed by a space and the bus ARN.
   */
  private void heard(String announcement) {
    if (announcement.length() < 3 || announcement.charAt(1) != ' ') {
      return;
    }
    String busArn = announcement.substring(2);
    switch (announcement.charAt(0)) {
      case 'a' ->
          Announcer.keys(
              busArn,
              bus -> {
                routing.routers().appendedElsewhere(bus);
                archives.appendedElsewhere(bus);
              });
      case 'r' -> ruleBook.changedElsewhere(busArn);
      case 'p' -> policies.changed(busArn);
      case 'd' -> {
        routing.routers().deletedElsewhere(busArn);
        ruleBook.changedElsewhere(busArn);
      }
      case 'x' -> archives.changedElsewhere(busArn);
      default -> {}
    }
  }

  /** Drops what this node caches and looks for work other nodes started (a shared store). */
  private void resync() {
    ruleBook.resync();
    policies.resync();
    routing.routers().rescan();
    archives.resync();
  }

  /**
   * Reports a validation failure as EventBridge does: a {@code ValidationException} whose member
   * paths name list elements as {@code targets.1.member.id} (AWS's Coral format).
   */
  @Override
  public ServiceException validationFailed(ValidationProblem problem) {
    Matcher at = QUOTED_PATH.matcher(problem.message());
    String message = problem.message();
    if (at.find()) {
      String path = LIST_INDEX.matcher(at.group(1)).replaceAll("$1.member");
      message = message.substring(0, at.start(1)) + path + message.substring(at.end(1));
    }
    return new ServiceException(EventsError.VALIDATION, message);
  }

  private static ServiceException unsupported(String operation) {
    String feature = UNSUPPORTED.get(operation);
    String message =
        feature == null || feature.equals(operation)
            ? "Docket does not support the EventBridge operation " + operation + " yet."
            : "Docket does not support EventBridge "
                + feature
                + " yet: "
                + operation
                + " is not available.";
    return new ServiceException(EventsError.UNSUPPORTED_OPERATION, message);
  }

  /** Stops the routers (their cursors stay); the delivery engine is the server's to close. */
  @Override
  public void close() {
    archives.close();
    schedules.close();
    routing.close();
  }
}
