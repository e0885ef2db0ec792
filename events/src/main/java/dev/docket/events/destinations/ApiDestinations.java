package dev.docket.events.destinations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * The EventBridge operations on connections and API destinations, for the events service's
 * dispatch: {@code CreateConnection}, {@code DescribeConnection}, {@code UpdateConnection}, {@code
 * DeleteConnection}, {@code ListConnections}, {@code DeauthorizeConnection}, {@code
 * CreateApiDestination}, {@code DescribeApiDestination}, {@code UpdateApiDestination}, {@code
 * DeleteApiDestination} and {@code ListApiDestinations}. Inputs are validated against the model
 * before they arrive; failures are thrown as {@link dev.docket.model.ServiceException} with an
 * {@link dev.docket.events.EventsError}. Thread-safe.
 */
public final class ApiDestinations {

  private static final Set<String> OPERATIONS =
      Set.of(
          "CreateConnection",
          "DescribeConnection",
          "UpdateConnection",
          "DeleteConnection",
          "ListConnections",
          "DeauthorizeConnection",
          "CreateApiDestination",
          "DescribeApiDestination",
          "UpdateApiDestination",
          "DeleteApiDestination",
          "ListApiDestinations");

  private final Connections connections;
  private final Destinations destinations;

  /**
   * Creates the operations over {@code store} (connections and destinations are its documents of
   * kinds {@code events.connection} and {@code events.api-destination}), stamping times from {@code
   * clock}.
   */
  public ApiDestinations(ResourceStore store, Clock clock) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    this.connections = new Connections(store, clock);
    this.destinations = new Destinations(store, clock);
  }

  /** Whether {@code operation} is one of the eleven this class serves. */
  public boolean handles(String operation) {
    return OPERATIONS.contains(operation);
  }

  /**
   * Serves one operation.
   *
   * @param operation an operation {@link #handles} accepts
   * @param input the validated input, member names as in the model
   * @param context the caller's account and region, which own the resources
   * @return the output, shaped like the operation's output shape
   * @throws dev.docket.model.ServiceException for every expected failure
   * @throws IllegalArgumentException if {@code operation} is not one of these
   */
  public ObjectNode invoke(String operation, ObjectNode input, RequestContext context) {
    return switch (operation) {
      case "CreateConnection" -> connections.create(input, context);
      case "DescribeConnection" -> connections.describe(input, context);
      case "UpdateConnection" -> connections.update(input, context);
      case "DeleteConnection" -> connections.delete(input, context);
      case "ListConnections" -> connections.list(input, context);
      case "DeauthorizeConnection" -> connections.deauthorize(input, context);
      case "CreateApiDestination" -> destinations.create(input, context);
      case "DescribeApiDestination" -> destinations.describe(input, context);
      case "UpdateApiDestination" -> destinations.update(input, context);
      case "DeleteApiDestination" -> destinations.delete(input, context);
      case "ListApiDestinations" -> destinations.list(input, context);
      default ->
          throw new IllegalArgumentException("Not an API-destination operation: " + operation);
    };
  }
}
