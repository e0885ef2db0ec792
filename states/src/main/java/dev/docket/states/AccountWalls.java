package dev.docket.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps each account's state machines, executions, activities and task tokens to itself. Step
 * Functions has no resource-based policies, so a request that names a resource of another account
 * is refused whatever it asks, with IAM's {@code AccessDeniedException} (design note 0005). A task
 * token belongs to the account of the execution that handed it out, whose ARN the token carries (so
 * the check reads nothing; a token altered to carry another ARN is not one the store knows).
 * Checked before any operation reads or writes, so a refused request changes nothing. Stateless.
 */
final class AccountWalls {

  /** The members of Step Functions inputs that name a resource by ARN. */
  private static final List<String> ARN_MEMBERS =
      List.of(
          "stateMachineArn",
          "executionArn",
          "activityArn",
          "resourceArn",
          "stateMachineVersionArn",
          "stateMachineAliasArn",
          "mapRunArn");

  private AccountWalls() {}

  /**
   * Refuses {@code operation} if its input names a resource of an account other than the caller's.
   *
   * @param tokenExecution the execution ARN a task token carries, if it is well formed
   * @throws ServiceException {@code AccessDeniedException}
   */
  static void check(
      String operation,
      JsonNode input,
      RequestContext context,
      Function<String, Optional<String>> tokenExecution) {
    for (String member : ARN_MEMBERS) {
      JsonNode arn = input.get(member);
      if (arn != null && arn.isTextual()) {
        checkArn(operation, arn.asText(), context);
      }
    }
    JsonNode token = input.get("taskToken");
    if (token != null && token.isTextual()) {
      Optional<String> execution = tokenExecution.apply(token.asText());
      if (execution.isPresent()) {
        checkArn(operation, execution.get(), context);
      }
    }
  }

  private static void checkArn(String operation, String arn, RequestContext context) {
    Optional<String> account = accountOf(arn);
    if (account.isPresent() && !account.get().equals(context.accountId())) {
      String action = "states:" + operation;
      throw new ServiceException(
          StatesError.ACCESS_DENIED,
          "User: "
              + context.principal().arn()
              + " is not authorized to perform: "
              + action
              + " on resource: "
              + arn
              + " because no resource-based policy allows the "
              + action
              + " action");
    }
  }

  /** The account field of {@code arn:<partition>:states:<region>:<account>:...}, if well formed. */
  static Optional<String> accountOf(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("states")) {
      return Optional.empty();
    }
    String account = parts[4];
    return account.length() == 12 && account.chars().allMatch(Character::isDigit)
        ? Optional.of(account)
        : Optional.empty();
  }
}
