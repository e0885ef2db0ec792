package dev.docket.scheduler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.DeliveryEngine;
import dev.docket.model.AwsService;
import dev.docket.model.CommonError;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.model.ServiceModel;
import dev.docket.model.ValidationProblem;
import dev.docket.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Amazon EventBridge Scheduler: the scheduler API (restJson1) over the store SPI.
 *
 * <p>This class only dispatches; the behaviour lives in package-private classes by concept: {@code
 * Schedules} (schedules), {@code Groups} (schedule groups and each account's {@code default}
 * group), {@code Tags} (tags of groups), {@code ScheduleChecks} (what the model does not check),
 * {@code ScheduleTimers} (each enabled schedule's durable timer). Thread-safe: all state is in the
 * store or in concurrent structures.
 */
public final class SchedulerService implements AwsService, AutoCloseable {

  /** The classpath resource of the Scheduler model extract. */
  public static final String MODEL_RESOURCE = "/dev/docket/model/aws/scheduler.json";

  private final Groups groups;
  private final Schedules schedules;
  private final Tags tags;
  private final Firings firings;
  private volatile ServiceModel model;

  /**
   * Creates the service; schedules fire once {@link #start()} is called, after every target
   * provider is registered with the engine's targets.
   *
   * @param store where schedules, groups and their timers live
   * @param engine delivers what schedules fire
   * @param clock the only source of time
   * @param random draws flexible windows' offsets
   */
  public SchedulerService(Store store, DeliveryEngine engine, Clock clock, RandomGenerator random) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(clock, "clock");
    ScheduleTimers timers =
        new ScheduleTimers(
            store.timers(), Objects.requireNonNull(random, "random"), this::timerSet);
    this.groups = new Groups(store.resources(), clock);
    this.schedules = new Schedules(store.resources(), groups, timers, clock);
    this.tags = new Tags(store.resources(), groups, clock);
    this.firings = new Firings(store.resources(), store.timers(), engine, timers, clock);
  }

  private void timerSet(Instant dueAt) {
    firings.scheduled(dueAt);
  }

  /** Starts firing schedules (whatever came due while the server was stopped fires now). */
  public void start() {
    firings.start();
  }

  /**
   * Wakes the firing loop to look at the clock again (a test moved a manual clock); with the system
   * clock it only costs a look.
   */
  public void wakeTimers() {
    firings.wake();
  }

  /** Stops firing; timers stay in the store. */
  @Override
  public void close() {
    firings.close();
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
    return switch (operation) {
      case "CreateSchedule" -> schedules.create(input, context);
      case "GetSchedule" -> schedules.get(input, context);
      case "UpdateSchedule" -> schedules.update(input, context);
      case "DeleteSchedule" -> schedules.delete(input, context);
      case "ListSchedules" -> schedules.list(input, context);
      case "CreateScheduleGroup" -> groups.create(input, context);
      case "GetScheduleGroup" -> groups.get(input, context);
      case "DeleteScheduleGroup" -> deleteGroup(input, context);
      case "ListScheduleGroups" -> groups.list(input, context);
      case "TagResource" -> tags.tag(input, context);
      case "UntagResource" -> tags.untag(input, context);
      case "ListTagsForResource" -> tags.list(input, context);
      default ->
          throw new ServiceException(
              CommonError.UNSUPPORTED_OPERATION,
              "Docket does not support the Scheduler operation " + operation + " yet.");
    };
  }

  /** Deletes a group and its schedules; the {@code default} group cannot be deleted. */
  private ObjectNode deleteGroup(ObjectNode input, RequestContext context) {
    String name = input.get("Name").asText();
    if (Arns.DEFAULT_GROUP.equals(name)) {
      // ours
      throw Failures.validation("The default schedule group cannot be deleted.");
    }
    groups.ensureDefault(context);
    ScheduleGroup group = groups.require(name, context);
    schedules.deleteAllOf(name, context);
    groups.deleteRecord(group.arn());
    return JsonNodeFactory.instance.objectNode();
  }

  /** Reports a failed model validation as Scheduler does: {@code ValidationException}. */
  @Override
  public ServiceException validationFailed(ValidationProblem problem) {
    return new ServiceException(SchedulerError.VALIDATION, problem.message());
  }
}
