package dev.docket.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.Origin;
import dev.docket.delivery.Outcome;
import dev.docket.delivery.Target;
import dev.docket.delivery.TargetProvider;
import dev.docket.store.EventLogStore;
import dev.docket.store.NewEvent;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event buses as targets ({@code arn:aws:events:<region>:<account>:event-bus/<name>}): delivering
 * appends the event, as the rule received it, to the target bus's log, then wakes that bus's
 * router. As EventBridge documents for bus-to-bus delivery, the event arrives as a new event: a new
 * {@code id} and ingestion time, the rest of the envelope as it was (bus targets get no input
 * transformation). The outcome answers as PutEvents does for the entry: {@code {"EventId": <the id
 * the event was stored with>}}. A bus that does not exist is a non-retryable {@code NO_RESOURCE}; a
 * store failure is retryable.
 *
 * <p>A delivery a rule sends (its {@link dev.docket.delivery.Origin} names the rule) is decided
 * against the receiving bus's policy: the rule's account root puts with {@code aws:SourceArn},
 * {@code aws:SourceAccount}, {@code events:eventBusInvocation} {@code true} and the event's {@code
 * events:source} / {@code events:detail-type}. A bus of another account needs an Allow, one of the
 * rule's own account only the absence of a Deny; a refusal is a non-retryable {@code
 * CROSS_ACCOUNT_INGESTION_FAILED} (or {@code CROSS_REGION_INGESTION_FAILED}, {@code
 * NO_PERMISSIONS}), which goes to the target's dead-letter queue. Thread-safe.
 */
public final class BusTargets implements TargetProvider {

  private static final Logger LOG = LoggerFactory.getLogger(BusTargets.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventLogStore log;
  private final EventRouters routers;
  private final BusPolicies policies;
  private final Clock clock;

  BusTargets(EventLogStore log, EventRouters routers, BusPolicies policies, Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.routers = Objects.requireNonNull(routers, "routers");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<Target> target(String arn) {
    if (!Arns.isBus(arn)) {
      return Optional.empty();
    }
    return Optional.of(delivery -> deliver(arn, delivery));
  }

  private Outcome deliver(String busArn, Delivery delivery) {
    try {
      if (!routers.prepare(busArn)) {
        return new Outcome.Failed(
            "NO_RESOURCE",
            "Event bus " + Arns.busName(busArn).orElse(busArn) + " does not exist.",
            false);
      }
      JsonNode event = parse(delivery.body());
      if (!(event instanceof ObjectNode envelope)) {
        return new Outcome.Failed(
            "INVALID_PARAMETER", "A bus target must receive the whole event.", false);
      }
      Optional<Outcome.Failed> refused = authorize(busArn, delivery, envelope);
      if (refused.isPresent()) {
        return refused.get();
      }
      String id = UUID.randomUUID().toString();
      envelope.put("id", id);
      log.append(
          List.of(
              new NewEvent(
                  busArn,
                  id,
                  clock.instant(),
                  JSON.writeValueAsString(envelope),
                  delivery.traceHeader())));
      routers.wake(busArn);
      return new Outcome.Succeeded(JSON.createObjectNode().put("EventId", id));
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.warn("could not append event {} to {}", delivery.eventId(), busArn, e);
      return new Outcome.Failed("INTERNAL_ERROR", "An internal error occurred.", true);
    }
  }

  /**
   * Asks the receiving bus's policy whether the account of the delivery's source (a rule, a
   * schedule) may put the event there; a delivery without a source (a state machine's task acts as
   * itself) is not checked here.
   */
  private Optional<Outcome.Failed> authorize(
      String busArn, Delivery delivery, ObjectNode envelope) {
    Origin origin = delivery.origin();
    if (origin.sourceArn().isEmpty()) {
      return Optional.empty();
    }
    Optional<BusPolicies.Snapshot> bus = policies.get(busArn);
    if (bus.isEmpty()) {
      return Optional.empty(); // prepare() found it: an unwritten default bus, no policy
    }
    return BusPolicies.delivery(
        bus.get(),
        origin.sourceArn(),
        origin.sourceAccount(),
        envelope.path("source").asText(""),
        envelope.path("detail-type").asText(""),
        clock.instant());
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
