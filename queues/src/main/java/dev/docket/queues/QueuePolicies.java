package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.model.Principal;
import dev.docket.model.RequestContext;
import dev.docket.policy.Authorization;
import dev.docket.policy.Authorizer;
import dev.docket.policy.ConditionContext;
import dev.docket.policy.MalformedPolicyException;
import dev.docket.policy.ParseOptions;
import dev.docket.policy.Policy;
import dev.docket.policy.PolicyDocument;
import dev.docket.policy.Request;
import dev.docket.policy.RequestKeys;
import dev.docket.store.QueueRecord;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queue policies: the {@code Policy} attribute validated as SQS does when it is set, compiled once,
 * and asked on every request that names a queue.
 *
 * <p>Validation is the {@code policy} module's ({@link PolicyDocument#parse}) with SQS's quotas (8
 * KB, 20 statements), then SQS's own check that every {@code sqs:} action names an SQS action;
 * every refusal of the document is AWS's {@code InvalidAttributeValue} "Invalid value for the
 * parameter Policy.", an unknown action AWS's {@code InvalidParameterValue} for {@code ActionName}.
 *
 * <p>Compiled policies are cached per queue id together with the text they were compiled from; a
 * lookup compares the record's text with the cached one (the same string instance while the
 * directory serves the same record, so the comparison is a reference check) and compiles again only
 * when the policy changed. A queue without a policy costs one map lookup in its attributes.
 *
 * <p>Decisions follow AWS ({@link Authorizer}): an explicit {@code Deny} wins, the queue's own
 * account is allowed, anyone else needs an {@code Allow}, and the actions SQS documents as not
 * shareable across accounts ({@link #OWNER_ONLY}) are never allowed to another account.
 * Thread-safe: the cache is a concurrent map of immutable values.
 */
final class QueuePolicies {

  private static final Logger LOG = LoggerFactory.getLogger(QueuePolicies.class);

  /** SQS's quotas for a queue policy: 8,192 bytes, 20 statements. */
  static final ParseOptions LIMITS = ParseOptions.defaults().withLimits(8_192, 20, 1_024);

  /** Every SQS action a policy may name, as AWS spells them. */
  static final List<String> ACTIONS =
      List.of(
          "AddPermission",
          "CancelMessageMoveTask",
          "ChangeMessageVisibility",
          "CreateQueue",
          "DeleteMessage",
          "DeleteQueue",
          "GetQueueAttributes",
          "GetQueueUrl",
          "ListDeadLetterSourceQueues",
          "ListMessageMoveTasks",
          "ListQueueTags",
          "ListQueues",
          "PurgeQueue",
          "ReceiveMessage",
          "RemovePermission",
          "SendMessage",
          "SetQueueAttributes",
          "StartMessageMoveTask",
          "TagQueue",
          "UntagQueue");

  /**
   * The actions that, as SQS documents, cross-account permissions do not apply to: only the queue's
   * own account may perform them, whatever the policy allows.
   */
  static final Set<String> OWNER_ONLY =
      Set.of(
          "sqs:AddPermission",
          "sqs:CancelMessageMoveTask",
          "sqs:CreateQueue",
          "sqs:DeleteQueue",
          "sqs:ListMessageMoveTasks",
          "sqs:ListQueueTags",
          "sqs:ListQueues",
          "sqs:RemovePermission",
          "sqs:SetQueueAttributes",
          "sqs:StartMessageMoveTask",
          "sqs:TagQueue",
          "sqs:UntagQueue");

  private static final Set<String> KNOWN =
      Set.copyOf(ACTIONS.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList());

  /** The IAM action of each operation: a batch is authorized as its single-message action. */
  private static final Map<String, String> ACTION_OF = actionsOfOperations();

  private static final int MAX_CACHED = 10_000;

  private final QueueDirectory directory;
  private final Map<Long, Compiled> compiled = new ConcurrentHashMap<>();

  /** A policy text and what it compiled to (empty when a stored text no longer parses). */
  private record Compiled(String text, Optional<Policy> policy) {}

  QueuePolicies(QueueDirectory directory) {
    this.directory = directory;
  }

  /**
   * Validates a {@code Policy} attribute value as SQS does.
   *
   * @throws dev.docket.model.ServiceException {@code InvalidAttributeValue} when it is not a valid
   *     queue policy, {@code InvalidParameterValue} when it names an action SQS does not have
   */
  static Policy parse(String json) {
    Policy policy;
    try {
      policy = PolicyDocument.parse(json, LIMITS);
    } catch (MalformedPolicyException e) {
      throw Failures.invalidPolicy();
    }
    try {
      for (JsonNode statement : statements(QueueAttributes.JSON.readTree(json))) {
        checkActions(statement.get("Action"));
        checkActions(statement.get("NotAction"));
      }
    } catch (IOException e) {
      throw Failures.invalidPolicy(); // PolicyDocument accepted it, so this does not happen
    }
    return policy;
  }

  private static Iterable<JsonNode> statements(JsonNode document) {
    JsonNode statement = document.path("Statement");
    return statement.isArray() ? statement : List.of(statement);
  }

  private static void checkActions(JsonNode actions) {
    if (actions == null) {
      return;
    }
    for (JsonNode action : actions.isArray() ? actions : List.of(actions)) {
      String text = action.asText();
      int colon = text.indexOf(':');
      if (colon < 0 || !text.substring(0, colon).equalsIgnoreCase("sqs")) {
        continue; // "*" or another service's action: IAM's business, not SQS's
      }
      String name = text.substring(colon + 1);
      if (name.indexOf('*') < 0
          && name.indexOf('?') < 0
          && !KNOWN.contains(name.toLowerCase(Locale.ROOT))) {
        throw Failures.invalidAction(text);
      }
    }
  }

  /** Whether {@code action} (without prefix, as AddPermission takes it) is an SQS action or "*". */
  static boolean isAction(String action) {
    return action.equals("*") || KNOWN.contains(action.toLowerCase(Locale.ROOT));
  }

  /** The IAM action an SQS operation is authorized as, e.g. {@code sqs:SendMessage}. */
  static String actionOf(String operation) {
    String action = ACTION_OF.get(operation);
    return action != null ? action : "sqs:" + operation;
  }

  /** The queue's compiled policy, if it has one. */
  Optional<Policy> policyOf(QueueRecord queue) {
    String text = queue.attributes().get(QueueAttributes.POLICY);
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    Compiled cached = compiled.get(queue.id());
    if (cached != null && (cached.text() == text || cached.text().equals(text))) {
      return cached.policy();
    }
    Optional<Policy> policy;
    try {
      policy = Optional.of(PolicyDocument.parse(text, LIMITS));
    } catch (MalformedPolicyException e) {
      // only a policy stored before Docket validated them: it grants nothing
      LOG.warn("Queue {} has a policy that does not parse ({}); ignored", queue.name(), e.reason());
      policy = Optional.empty();
    }
    if (compiled.size() >= MAX_CACHED) {
      compiled.clear();
    }
    compiled.put(queue.id(), new Compiled(text, policy));
    return policy;
  }

  /**
   * AWS's decision for {@code caller} performing {@code action} on {@code queue}: the entry point
   * for requests and for deliveries by service principals alike.
   *
   * @param caller who acts: a client's principal, or a service principal delivering on a rule's
   *     behalf
   * @param action the IAM action, e.g. {@code sqs:SendMessage} (see {@link #actionOf})
   * @param queue the queue acted on, as resolved
   * @param context the condition keys of the request ({@link RequestKeys}, plus {@code
   *     aws:SourceArn} / {@code aws:SourceAccount} for a delivery)
   */
  Authorization authorize(
      Principal caller, String action, QueueRecord queue, ConditionContext context) {
    Request request = new Request(caller, action, directory.arn(queue), context);
    Authorization decision = Authorizer.decide(caller, owner(queue), policyOf(queue), request);
    if (decision == Authorization.ALLOWED_BY_POLICY && OWNER_ONLY.contains(action)) {
      return Authorization.DENIED_IMPLICITLY;
    }
    return decision;
  }

  /**
   * Whether the request's caller may perform {@code action} on {@code queue}. Without a policy this
   * is an account comparison; with one, the request's condition keys are built and the policy
   * asked.
   */
  boolean allowed(RequestContext context, String action, QueueRecord queue) {
    if (policyOf(queue).isEmpty()) {
      Principal caller = context.principal();
      return caller.type() != Principal.Type.SERVICE
          && caller.type() != Principal.Type.ANONYMOUS
          && caller.account().equals(owner(queue));
    }
    return authorize(context.principal(), action, queue, RequestKeys.of(context).build()).allowed();
  }

  /**
   * Refuses the request with AWS's {@code AccessDenied} unless its caller may perform {@code
   * action} on {@code queue}.
   */
  void check(RequestContext context, String action, QueueRecord queue) {
    if (!allowed(context, action, queue)) {
      throw Failures.accessDenied(context.region());
    }
  }

  /** The 12-digit account that owns a queue (the store keys other regions' queues acct@region). */
  static String owner(QueueRecord queue) {
    String account = queue.accountId();
    int at = account.indexOf('@');
    return at < 0 ? account : account.substring(0, at);
  }

  private static Map<String, String> actionsOfOperations() {
    Map<String, String> actions = new HashMap<>();
    for (String action : ACTIONS) {
      actions.put(action, "sqs:" + action);
    }
    actions.put("SendMessageBatch", "sqs:SendMessage");
    actions.put("DeleteMessageBatch", "sqs:DeleteMessage");
    actions.put("ChangeMessageVisibilityBatch", "sqs:ChangeMessageVisibility");
    return Map.copyOf(actions);
  }
}
