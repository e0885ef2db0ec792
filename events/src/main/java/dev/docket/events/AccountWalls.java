package dev.docket.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.model.RequestContext;
import java.util.List;

/**
 * Keeps each account's buses, rules and targets to itself: an operation that names a bus or rule of
 * another account by ARN (a rule put on another account's bus would match and deliver that
 * account's events; so would an archive of it, replayed) is refused with IAM's {@code
 * AccessDeniedException} before it reads or writes anything. PutEvents is the exception: its
 * entries may name another account's bus, and each is decided against that bus's policy ({@link
 * BusPolicies}). Docket does not evaluate bus policies for the management actions ({@code
 * events:PutRule}, ...), so they are refused whatever the policy says (design note 0005). A bus of
 * the caller's own account in another region is addressable by ARN. Stateless.
 */
final class AccountWalls {

  /** The members of EventBridge inputs that may name a bus or rule by ARN. */
  private static final List<String> ARN_MEMBERS =
      List.of("EventBusName", "Name", "ResourceARN", "EventSourceArn");

  private AccountWalls() {}

  /**
   * Refuses {@code operation} if its input names a bus or rule of an account other than the
   * caller's.
   *
   * @throws dev.docket.model.ServiceException {@code AccessDeniedException}
   */
  static void check(String operation, JsonNode input, RequestContext context) {
    if (operation.equals("PutEvents")) {
      return;
    }
    for (String member : ARN_MEMBERS) {
      JsonNode value = input.get(member);
      if (value == null || !value.isTextual() || !value.asText().startsWith("arn:")) {
        continue;
      }
      String arn = value.asText();
      Arns.parse(arn)
          .filter(parsed -> !parsed.account().equals(context.accountId()))
          .ifPresent(
              parsed -> {
                throw Failures.accessDenied(context.principal().arn(), "events:" + operation, arn);
              });
    }
  }
}
