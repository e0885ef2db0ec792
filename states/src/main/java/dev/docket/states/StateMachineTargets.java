package dev.docket.states;

import dev.docket.delivery.Delivery;
import dev.docket.delivery.Outcome;
import dev.docket.delivery.Target;
import dev.docket.delivery.TargetProvider;
import dev.docket.model.ServiceException;
import java.util.Optional;

/**
 * State machines as delivery targets: a delivery to {@code arn:aws:states:...:stateMachine:name} (a
 * machine, version or alias) starts an execution with the delivery's body as input. The target's
 * role is accepted and not enforced.
 */
final class StateMachineTargets implements TargetProvider {

  private final Executions executions;

  StateMachineTargets(Executions executions) {
    this.executions = executions;
  }

  @Override
  public Optional<Target> target(String arn) {
    if (!arn.startsWith("arn:") || !arn.contains(":states:") || !arn.contains(":stateMachine:")) {
      return Optional.empty();
    }
    return Optional.of(delivery -> start(arn, delivery));
  }

  private Outcome start(String arn, Delivery delivery) {
    try {
      executions.start(
          arn,
          Optional.empty(),
          Optional.of(delivery.body()),
          delivery.traceHeader().isEmpty()
              ? Optional.empty()
              : Optional.of(delivery.traceHeader()));
      return Outcome.SUCCEEDED;
    } catch (ServiceException e) {
      boolean missing = e.code() == StatesError.STATE_MACHINE_DOES_NOT_EXIST;
      return new Outcome.Failed(
          missing ? "NO_RESOURCE" : "INVALID_PARAMETER", e.getMessage(), false);
    } catch (RuntimeException e) {
      return new Outcome.Failed("INTERNAL_ERROR", String.valueOf(e.getMessage()), true);
    }
  }
}
