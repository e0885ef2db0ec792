package dev.docket.events;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event buses as targets ({@code arn:aws:events:<region>:<account>:event-bus/<name>}): delivering
 * appends the event, as the rule received it, to the target bus's log (same id, same envelope:
 * EventBridge forwards the event and allows no input transformation for bus targets), then wakes
 * that bus's router. A bus that does not exist is a non-retryable {@code
 * ResourceNotFoundException}; a store failure is retryable. Thread-safe.
 */
public final class BusTargets implements TargetProvider {

  private static final Logger LOG = LoggerFactory.getLogger(BusTargets.class);

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
      log.append(
          List.of(
              new NewEvent(
                  busArn,
                  delivery.eventId(),
                  clock.instant(),
                  delivery.body(),
                  delivery.traceHeader())));
      routers.wake(busArn);
      return Outcome.SUCCEEDED;
    } catch (RuntimeException e) {
      LOG.warn("could not append event {} to {}", delivery.eventId(), busArn, e);
      return new Outcome.Failed("INTERNAL_ERROR", "An internal error occurred.", true);
    }
  }
}
