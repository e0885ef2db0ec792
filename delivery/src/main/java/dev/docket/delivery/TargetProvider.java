package dev.docket.delivery;

import java.util.Optional;

/**
 * How a service offers its resources as targets without any other service importing it: {@code
 * queues} provides queue targets, {@code events} bus and API-destination targets; the server
 * registers every provider in one {@link Targets}. Thread-safe.
 */
public interface TargetProvider {

  /**
   * The target {@code arn} names, if it is one of this provider's kind (whether or not the resource
   * exists now: a target whose resource is gone answers {@link Outcome.Failed}); empty if the ARN
   * is not this provider's.
   */
  Optional<Target> target(String arn);
}
