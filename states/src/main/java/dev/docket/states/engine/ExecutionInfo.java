package dev.docket.states.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * What an execution is, independent of how far it got.
 *
 * @param arn its ARN
 * @param name its name
 * @param stateMachineArn the state machine's ARN (unqualified)
 * @param stateMachineName the state machine's name
 * @param roleArn the state machine's role ARN
 * @param startTime when it started
 * @param input its input
 * @param express whether it is an Express execution (keeps no history)
 * @param redriveCount how many times it was redriven
 * @param salt a random value of the execution, from which its task tokens derive
 */
public record ExecutionInfo(
    String arn,
    String name,
    String stateMachineArn,
    String stateMachineName,
    String roleArn,
    Instant startTime,
    JsonNode input,
    boolean express,
    int redriveCount,
    String salt) {

  public ExecutionInfo {
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    Objects.requireNonNull(stateMachineName, "stateMachineName");
    Objects.requireNonNull(roleArn, "roleArn");
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(salt, "salt");
  }
}
