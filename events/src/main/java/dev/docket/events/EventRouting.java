package dev.docket.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.DeliveryEngine;
import dev.docket.delivery.Node;
import dev.docket.model.RequestContext;
import dev.docket.store.EventLogStore;
import dev.docket.store.ResourceStore;
import java.time.Clock;

/**
 * The event path of the events service, in one place for {@code EventsService} to own: PutEvents,
 * the routers of all buses and the bus targets.
 *
 * <ul>
 *   <li>{@link #start()} once after construction: resumes every bus's router from its cursor.
 *   <li>{@link #putEvents} serves PutEvents.
 *   <li>{@link #busTargets()} is the {@code TargetProvider} the server registers for bus ARNs.
 *   <li>{@link #busDeleted} after DeleteEventBus: stops that bus's router and forgets its cursor.
 *   <li>{@link #close()} stops the routers (before the delivery engine and the store close).
 * </ul>
 *
 * <p>Thread-safe.
 */
final class EventRouting implements AutoCloseable {

  private final EventRouters routers;
  private final PutEvents putEvents;
  private final BusTargets busTargets;

  EventRouting(
      EventLogStore log,
      ResourceStore resources,
      RuleBook rules,
      BusPolicies policies,
      DeliveryEngine engine,
      EventsConfig config,
      Clock clock,
      Node node) {
    this.routers = new EventRouters(log, resources, rules, engine::deliverAll, node);
    this.putEvents = new PutEvents(log, routers, policies, config, clock);
    this.busTargets = new BusTargets(log, routers, policies, clock);
  }

  /** Starts the routers of every bus that has an event log. */
  void start() {
    routers.start();
  }

  /** Serves PutEvents. */
  ObjectNode putEvents(ObjectNode input, RequestContext context) {
    return putEvents.putEvents(input, context);
  }

  /** Event buses as delivery targets. */
  BusTargets busTargets() {
    return busTargets;
  }

  /** Stops routing the deleted bus {@code busArn} and forgets its cursor and events. */
  void busDeleted(String busArn) {
    routers.busDeleted(busArn);
  }

  /** The routers of every bus (for what other nodes announce). */
  EventRouters routers() {
    return routers;
  }

  /** Stops every router. */
  @Override
  public void close() {
    routers.close();
  }
}
