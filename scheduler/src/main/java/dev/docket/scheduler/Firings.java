package dev.docket.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.DeliveryEngine;
import dev.docket.delivery.DeliveryRequest;
import dev.docket.delivery.Origin;
import dev.docket.delivery.RetryPolicy;
import dev.docket.delivery.ScheduledFirings;
import dev.docket.delivery.ScheduledFirings.Firing;
import dev.docket.schedule.ScheduleExpressions;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import dev.docket.store.Timer;
import dev.docket.store.TimerStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules firing: {@link ScheduledFirings} claims each due {@value ScheduleTimers#KIND} timer and
 * this class says what it delivers and when it is next due, written in one fenced transaction
 * (design note 0004). A firing delivers the target's {@code Input} to the target ARN through the
 * delivery engine with the target's retry policy and dead-letter queue: an SQS queue gets it as the
 * message body (with {@code SqsParameters.MessageGroupId}), a state machine as the execution's
 * input, an event bus as the {@code detail} of an event whose {@code detail-type} and {@code
 * source} are the target's {@code EventBridgeParameters}.
 *
 * <p>The schedule document is the truth and the timer follows it: a firing that finds the schedule
 * gone or disabled ends the timer instead of firing. Missed occurrences (the server was stopped
 * over one or more): the most recent one fires once if it is younger than the target's {@code
 * MaximumEventAgeInSeconds}, older ones are skipped; the schedule goes on from its next occurrence
 * after now. A schedule that has no further occurrence and whose {@code ActionAfterCompletion} is
 * {@code DELETE} is deleted once its last firing is stored. Thread-safe.
 */
final class Firings implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Firings.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A timer younger than this whose schedule is not (yet) stored waits instead of ending. */
  private static final Duration CREATION_GRACE = Duration.ofMinutes(1);

  private final ResourceStore resources;
  private final ScheduleTimers timers;
  private final ScheduledFirings firings;

  Firings(
      ResourceStore resources,
      TimerStore timerStore,
      DeliveryEngine engine,
      ScheduleTimers timers,
      Clock clock) {
    this.resources = resources;
    this.timers = timers;
    this.firings =
        new ScheduledFirings(
            ScheduleTimers.KIND,
            timerStore,
            engine,
            clock,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            256,
            this::fire);
  }

  void start() {
    firings.start();
  }

  void wake() {
    firings.wake();
  }

  /** A timer was set for {@code dueAt}. */
  void scheduled(Instant dueAt) {
    firings.scheduled(dueAt);
  }

  Firing fire(Timer timer, Instant now) {
    String arn = timer.id().substring(ScheduleTimers.KIND.length() + 1);
    JsonNode payload = parse(timer.payload());
    Instant since = Instant.ofEpochMilli(payload.path("since").asLong(0));
    Optional<ResourceRecord> record = resources.get(Documents.SCHEDULE, arn);
    if (record.isEmpty()) {
      if (Duration.between(since, now).compareTo(CREATION_GRACE) < 0) {
        // CreateSchedule sets the timer before it writes the schedule: give the write time to land
        return Firing.of(List.of(), Optional.of(now.plus(CREATION_GRACE)), timer.payload());
      }
      return Firing.of(List.of(), Optional.empty(), timer.payload());
    }
    Schedule schedule = Documents.readSchedule(record.get().document());
    if (!schedule.enabled()) {
      return Firing.of(List.of(), Optional.empty(), timer.payload());
    }
    Instant first =
        payload.has("occurrence")
            ? Instant.ofEpochMilli(payload.get("occurrence").asLong())
            : timer.dueAt();
    Duration maximumAge =
        Duration.ofSeconds(
            schedule
                .target()
                .path("RetryPolicy")
                .path("MaximumEventAgeInSeconds")
                .asInt(ScheduleChecks.DEFAULT_MAXIMUM_EVENT_AGE));
    Instant occurrence =
        ScheduleExpressions.latestDue(
            first, now, now.minus(maximumAge), after -> Recurrence.next(schedule, after));
    List<DeliveryRequest> deliveries;
    if (occurrence.isBefore(now.minus(maximumAge))) {
      LOG.info(
          "schedule {} skips its occurrence of {}: older than {}", arn, occurrence, maximumAge);
      deliveries = List.of();
    } else {
      deliveries = List.of(request(schedule, occurrence));
    }
    Optional<Timer> next = timers.timerAfter(schedule, now);
    if (next.isPresent()) {
      return Firing.of(deliveries, Optional.of(next.get().dueAt()), next.get().payload());
    }
    Runnable afterCommit =
        "DELETE".equals(schedule.actionAfterCompletion())
            ? () -> resources.delete(Documents.SCHEDULE, arn, record.get().version())
            : () -> {};
    return new Firing(deliveries, Optional.empty(), timer.payload(), afterCommit);
  }

  /** What one occurrence delivers to the schedule's target. */
  static DeliveryRequest request(Schedule schedule, Instant occurrence) {
    ObjectNode target = schedule.target();
    String arn = schedule.targetArn();
    // the same id for the same occurrence, so a firing repeated after a crash deduplicates
    String eventId =
        UUID.nameUUIDFromBytes(
                (schedule.arn() + "@" + occurrence.toEpochMilli()).getBytes(StandardCharsets.UTF_8))
            .toString();
    String input = target.hasNonNull("Input") ? target.get("Input").asText() : "{}";
    String body = isBus(arn) ? event(schedule, occurrence, eventId, input) : input;
    JsonNode retry = target.path("RetryPolicy");
    RetryPolicy policy =
        new RetryPolicy(
            retry.path("MaximumRetryAttempts").asInt(ScheduleChecks.DEFAULT_MAXIMUM_RETRY_ATTEMPTS),
            Duration.ofSeconds(
                retry
                    .path("MaximumEventAgeInSeconds")
                    .asInt(ScheduleChecks.DEFAULT_MAXIMUM_EVENT_AGE)));
    Optional<String> deadLetter =
        Optional.ofNullable(target.path("DeadLetterConfig").get("Arn")).map(JsonNode::asText);
    return new DeliveryRequest(
        // Scheduler calls with the schedule's execution role: as its account, not as a service
        new Delivery(
            arn,
            body,
            target.deepCopy(),
            Map.of(),
            eventId,
            "",
            new Origin("", schedule.arn(), schedule.account())),
        policy,
        deadLetter,
        schedule.arn(),
        schedule.name(),
        occurrence);
  }

  private static boolean isBus(String arn) {
    return arn.matches("arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/.+");
  }

  /**
   * The event a bus target receives: the target's {@code Input} as {@code detail} (an object; a
   * text that is not a JSON object is carried as a string), {@code detail-type} and {@code source}
   * from {@code EventBridgeParameters}, the schedule as the one resource.
   */
  private static String event(Schedule schedule, Instant occurrence, String id, String input) {
    JsonNode parameters = schedule.target().path("EventBridgeParameters");
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0");
    event.put("id", id);
    event.put("detail-type", parameters.path("DetailType").asText("Scheduled Event"));
    event.put("source", parameters.path("Source").asText("aws.scheduler"));
    event.put("account", schedule.account());
    event.put("time", occurrence.truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("region", schedule.region());
    event.putArray("resources").add(schedule.arn());
    JsonNode detail;
    try {
      detail = JSON.readTree(input);
    } catch (Exception e) {
      detail = null;
    }
    if (detail != null && detail.isObject()) {
      event.set("detail", detail);
    } else {
      event.put("detail", input);
    }
    return event.toString();
  }

  private static JsonNode parse(String payload) {
    try {
      return JSON.readTree(payload);
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  @Override
  public void close() {
    firings.close();
  }
}
