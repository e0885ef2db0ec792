package dev.docket.states;

import dev.docket.model.ServiceException;
import java.util.Optional;

/** Step Functions ARNs: state machines (with a version or alias), executions, activities. */
final class Arns {

  private Arns() {}

  static String machine(String region, String account, String name) {
    return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
  }

  static String execution(String machineArn, String name, boolean express) {
    return machineArn.replace(":stateMachine:", express ? ":express:" : ":execution:") + ":" + name;
  }

  static String activity(String region, String account, String name) {
    return "arn:aws:states:" + region + ":" + account + ":activity:" + name;
  }

  /**
   * A state machine ARN, possibly qualified: {@code arn:aws:states:r:a:stateMachine:name[:q]}.
   *
   * @param machineArn the unqualified ARN
   * @param qualifier a version number or alias name, or empty
   */
  record MachineRef(String machineArn, Optional<String> qualifier) {
    boolean version() {
      return qualifier.isPresent() && qualifier.get().chars().allMatch(Character::isDigit);
    }

    boolean alias() {
      return qualifier.isPresent() && !version();
    }
  }

  /**
   * Parses a state machine ARN.
   *
   * @throws ServiceException {@code InvalidArn} if it is not one
   */
  static MachineRef parseMachine(String arn) {
    String[] parts = arn.split(":", -1);
    if (parts.length < 7
        || parts.length > 8
        || !parts[0].equals("arn")
        || !parts[2].equals("states")) {
      throw invalid(arn);
    }
    if (!parts[5].equals("stateMachine")) {
      throw new ServiceException(
          StatesError.INVALID_ARN,
          StatesError.INVALID_ARN.quoting("Resource type not valid in this context: " + parts[5]));
    }
    String machine =
        String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6]);
    return new MachineRef(machine, parts.length == 8 ? Optional.of(parts[7]) : Optional.empty());
  }

  /** Checks an execution ARN's shape; returns the machine ARN it belongs to. */
  static String machineOfExecution(String arn) {
    String[] parts = arn.split(":", -1);
    if (parts.length < 8 || !parts[0].equals("arn") || !parts[2].equals("states")) {
      throw invalid(arn);
    }
    if (!parts[5].equals("execution") && !parts[5].equals("express")) {
      throw new ServiceException(
          StatesError.INVALID_ARN,
          StatesError.INVALID_ARN.quoting("Resource type not valid in this context: " + parts[5]));
    }
    return String.join(
        ":", parts[0], parts[1], parts[2], parts[3], parts[4], "stateMachine", parts[6]);
  }

  /** Checks an activity ARN's shape. */
  static String checkActivity(String arn) {
    String[] parts = arn.split(":", -1);
    if (parts.length != 7 || !parts[0].equals("arn") || !parts[2].equals("states")) {
      throw invalid(arn);
    }
    if (!parts[5].equals("activity")) {
      throw new ServiceException(
          StatesError.INVALID_ARN,
          StatesError.INVALID_ARN.quoting("Resource type not valid in this context: " + parts[5]));
    }
    return arn;
  }

  static ServiceException invalid(String arn) {
    return new ServiceException(
        StatesError.INVALID_ARN, StatesError.INVALID_ARN.quoting("Invalid ARN prefix: " + arn));
  }
}
