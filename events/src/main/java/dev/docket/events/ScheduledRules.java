package dev.docket.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.DeliveryEngine;
import dev.docket.delivery.DeliveryRequest;
import dev.docket.delivery.ScheduledFirings;
import dev.docket.delivery.ScheduledFirings.Firing;
import dev.docket.schedule.InvalidScheduleExpressionException;
import dev.docket.schedule.ScheduleExpression;
import dev.docket.schedule.ScheduleExpressions;
import dev.docket.store.LoggedEvent;
import dev.docket.store.ResourceStore;
import dev.docket.store.Timer;
import dev.docket.store.TimerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled rules: each enabled rule with a {@code ScheduleExpression} has one durable timer
 * ({@value #TIMER_KIND}, id {@code events.schedule:<rule arn>}) due at its next occurrence. When it
 * comes due, {@link ScheduledFirings} hands the rule's targets their Scheduled Event through the
 * delivery engine and moves the timer on, in one fenced store transaction, so a restart neither
 * loses nor doubles a firing (design note 0004).
 *
 * <p>The rule document is the truth and the timer follows it: a write that turns a schedule on sets
 * the timer before the document, one that turns it off removes it after, and a firing that finds
 * the document changed (deleted, disabled, another expression) corrects its timer instead of
 * firing. A crash between the two writes is corrected at the next firing.
 *
 * <p>Missed occurrences (the server was stopped over one or more): the most recent one fires once
 * if it is at most 24 hours old, older ones are skipped, and the schedule goes on from the next
 * occurrence after now. EventBridge documents no behaviour for this (its service does not stop).
 *
 * <p>{@code rate(n unit)} counts from when the schedule was set (PutRule with a new expression, or
 * enabling the rule): its first occurrence is one period later. {@code cron} runs in UTC.
 * Thread-safe.
 */
final class ScheduledRules implements AutoCloseable {

  /** The kind of the rules' timers. */
  static final String TIMER_KIND = "events.schedule";

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledRules.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MISSED_LIMIT = Duration.ofHours(24);

  /** A timer younger than this whose rule is not (yet) stored waits instead of ending. */
  private static final Duration CREATION_GRACE = Duration.ofMinutes(1);

  private final ResourceStore resources;
  private final TimerStore timers;
  private final Clock clock;
  private final ScheduledFirings firings;

  ScheduledRules(ResourceStore resources, TimerStore timers, DeliveryEngine engine, Clock clock) {
    this.resources = resources;
    this.timers = timers;
    this.clock = clock;
    this.firings =
        new ScheduledFirings(
            TIMER_KIND,
            timers,
            engine,
            clock,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            256,
            this::fire);
  }

  /**
   * Parses a rule's {@code ScheduleExpression} as PutRule accepts it: {@code rate} or {@code cron}
   * ({@code at} is Scheduler's alone).
   *
   * @throws dev.docket.model.ServiceException AWS's {@code ValidationException} otherwise
   */
  static ScheduleExpression parse(String expression) {
    try {
      ScheduleExpression parsed = ScheduleExpressions.parse(expression);
      if (!(parsed instanceof ScheduleExpression.At)) {
        return parsed;
      }
    } catch (InvalidScheduleExpressionException e) {
      // AWS's message names no reason
    }
    throw Failures.validation("Parameter ScheduleExpression is not valid.");
  }

  void start() {
    firings.start();
  }

  void wake() {
    firings.wake();
  }

  static String timerId(String ruleArn) {
    return TIMER_KIND + ":" + ruleArn;
  }

  /**
   * Before {@code fresh} is written over {@code old} (empty when new): sets the timer if the rule
   * now fires on a schedule it did not fire on before. Call before writing the document.
   */
  void beforeWrite(Optional<Rule> old, Rule fresh) {
    if (!firesOnSchedule(fresh)) {
      return;
    }
    boolean same =
        old.isPresent()
            && firesOnSchedule(old.get())
            && old.get().scheduleExpression().equals(fresh.scheduleExpression());
    if (!same) {
      set(fresh, clock.instant());
    }
  }

  /**
   * After {@code rule} was written over {@code old}: removes its timer if it fired on a schedule
   * and no longer does.
   */
  void afterWrite(Optional<Rule> old, Rule rule) {
    if (old.isPresent() && firesOnSchedule(old.get()) && !firesOnSchedule(rule)) {
      timers.cancel(timerId(rule.arn()));
    }
  }

  /** After the rule {@code ruleArn} was deleted: removes its timer. */
  void afterDelete(String ruleArn) {
    timers.cancel(timerId(ruleArn));
  }

  private static boolean firesOnSchedule(Rule rule) {
    return rule.enabled() && rule.scheduleExpression().isPresent();
  }

  /** Sets the rule's timer to its first occurrence after {@code since}, counting from there. */
  private void set(Rule rule, Instant since) {
    String expression = rule.scheduleExpression().orElseThrow();
    ScheduleExpression parsed = parse(expression);
    Optional<Instant> next = ScheduleExpressions.next(parsed, since, ZoneOffset.UTC, since);
    if (next.isEmpty()) {
      timers.cancel(timerId(rule.arn()));
      return; // a cron whose years are over never fires
    }
    timers.schedule(
        new Timer(timerId(rule.arn()), TIMER_KIND, next.get(), payload(expression, since), 0));
    firings.scheduled(next.get());
  }

  private static String payload(String expression, Instant since) {
    ObjectNode node = JSON.createObjectNode();
    node.put("expression", expression);
    node.put("since", since.toString());
    return node.toString();
  }

  private Firing fire(Timer timer, Instant now) {
    String ruleArn = timer.id().substring(TIMER_KIND.length() + 1);
    JsonNode payload;
    try {
      payload = JSON.readTree(timer.payload());
    } catch (Exception e) {
      LOG.error("dropping scheduled-rule timer {}: unreadable payload", timer.id(), e);
      return Firing.of(List.of(), Optional.empty(), timer.payload());
    }
    String expression = payload.path("expression").asText();
    Instant since = Instant.parse(payload.path("since").asText());
    Optional<Rule> rule =
        resources.get(Documents.RULE, ruleArn).map(r -> Documents.readRule(r.document()));
    if (rule.isEmpty()) {
      if (Duration.between(since, now).compareTo(CREATION_GRACE) < 0) {
        // PutRule sets the timer before it writes the rule: give the write time to land
        return Firing.of(List.of(), Optional.of(now.plus(CREATION_GRACE)), timer.payload());
      }
      return Firing.of(List.of(), Optional.empty(), timer.payload());
    }
    if (!firesOnSchedule(rule.get())) {
      return Firing.of(List.of(), Optional.empty(), timer.payload());
    }
    if (!rule.get().scheduleExpression().get().equals(expression)) {
      // the rule was changed to another schedule and its new timer was lost: start it now
      String current = rule.get().scheduleExpression().get();
      return Firing.of(List.of(), next(parse(current), now, now), payload(current, now));
    }
    ScheduleExpression parsed = parse(expression);
    Instant occurrence =
        ScheduleExpressions.latestDue(
            timer.dueAt(), now, now.minus(MISSED_LIMIT), after -> next(parsed, after, since));
    List<DeliveryRequest> deliveries = new ArrayList<>();
    if (!occurrence.isBefore(now.minus(MISSED_LIMIT))) {
      LoggedEvent event = scheduledEvent(rule.get(), occurrence);
      Routes.scheduledDeliveries(rule.get(), event, readTree(event.json()), deliveries);
    } else {
      LOG.info(
          "scheduled rule {} skips its occurrence of {}: more than {} old",
          ruleArn,
          occurrence,
          MISSED_LIMIT);
    }
    return Firing.of(deliveries, next(parsed, now, since), timer.payload());
  }

  private static Optional<Instant> next(ScheduleExpression expression, Instant now, Instant since) {
    return ScheduleExpressions.next(expression, now, ZoneOffset.UTC, since);
  }

  /** The Scheduled Event as EventBridge writes it; its time is the occurrence, in seconds. */
  static LoggedEvent scheduledEvent(Rule rule, Instant occurrence) {
    Arns.Parsed arn = Arns.parse(rule.arn()).orElseThrow();
    String id = UUID.randomUUID().toString();
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0");
    event.put("id", id);
    event.put("detail-type", "Scheduled Event");
    event.put("source", "aws.events");
    event.put("account", arn.account());
    event.put("time", occurrence.truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("region", arn.region());
    event.putArray("resources").add(rule.arn());
    event.putObject("detail");
    return new LoggedEvent(rule.busArn(), 0, id, occurrence, event.toString(), "");
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    firings.close();
  }
}
