package dev.docket.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
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
 * the event was stored with>}}. A bus that does not exist is a non-retryable {@code
 * ResourceNotFoundException}; a store failure is retryable. Thread-safe.
 */
public final class BusTargets implements TargetProvider {

  private static final Logger LOG = LoggerFactory.getLogger(BusTargets.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventLogStore log;
  private final EventRouters routers;
  private final Clock clock;

  BusTargets(EventLogStore log, EventRouters routers, Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.routers = Objects.requireNonNull(routers, "routers");
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

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
