package dev.docket.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.policy.MalformedPolicyException;
import dev.docket.policy.PolicyDocument;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * PutPermission and RemovePermission: the resource policy of an event bus, kept as text in the bus
 * document (so DescribeEventBus returns it as written) and compiled by {@link BusPolicies} when the
 * bus is next looked up.
 *
 * <p>PutPermission either adds one statement, written as EventBridge writes it ({@code Sid}, {@code
 * Effect: Allow}, {@code Principal} {@code {"AWS": "arn:aws:iam::<account>:root"}} or {@code "*"},
 * {@code Action}, {@code Resource} the bus ARN, and {@code Condition} {@code {"StringEquals":
 * {"aws:PrincipalOrgID": "<org>"}}} when given), replacing a statement with the same {@code Sid};
 * or replaces the whole policy with a {@code Policy} document. RemovePermission removes one
 * statement by {@code Sid} or, with {@code RemoveAllPermissions}, the policy; a policy left without
 * statements is removed. Every new document is validated as a whole before it is written, so a
 * refused request changes nothing.
 *
 * <p>Thread-safe: each change is a read-modify-write of the bus document under optimistic
 * concurrency.
 */
final class Permissions {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ResourceStore store;
  private final BusDirectory buses;
  private final BusPolicies policies;
  private final Clock clock;

  Permissions(ResourceStore store, BusDirectory buses, BusPolicies policies, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.buses = Objects.requireNonNull(buses, "buses");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  ObjectNode put(ObjectNode input, RequestContext context) {
    Optional<String> name = Inputs.text(input, "EventBusName");
    Optional<String> whole = Inputs.text(input, "Policy");
    if (whole.isPresent()) {
      checkPolicyAlone(input);
      checked(whole.get());
    } else {
      checkStatementMembers(input);
    }
    ResourceRecord found = buses.resolveRecord(name, context);
    BusDirectory.update(
        store,
        Documents.BUS,
        found.id(),
        current -> {
          Bus bus = Documents.readBus(current.document());
          String next =
              whole.isPresent()
                  ? whole.get()
                  : withStatement(bus.policy(), statement(input, bus.arn()));
          checked(next);
          return current.next(Documents.write(bus.withPolicy(Optional.of(next), clock.instant())));
        },
        () -> Failures.busNotFound(BusDirectory.nameOf(name)));
    policies.updated(found.id());
    return NODES.objectNode();
  }

  ObjectNode remove(ObjectNode input, RequestContext context) {
    Optional<String> name = Inputs.text(input, "EventBusName");
    boolean all = Inputs.flag(input, "RemoveAllPermissions");
    Optional<String> sid = Inputs.text(input, "StatementId");
    if (!all && sid.isEmpty()) {
      throw Failures.validation("Parameter StatementId is required."); // LocalStack's text
    }
    ResourceRecord found = buses.resolveRecord(name, context);
    BusDirectory.update(
        store,
        Documents.BUS,
        found.id(),
        current -> {
          Bus bus = Documents.readBus(current.document());
          Optional<String> next;
          if (all) {
            if (bus.policy().isEmpty()) {
              throw noPolicy();
            }
            next = Optional.empty();
          } else {
            next = withoutStatement(bus.policy(), sid.get());
          }
          return current.next(Documents.write(bus.withPolicy(next, clock.instant())));
        },
        () -> Failures.busNotFound(BusDirectory.nameOf(name)));
    policies.updated(found.id());
    return NODES.objectNode();
  }

  /** The statement PutPermission's members describe, as EventBridge writes it. */
  static ObjectNode statement(JsonNode input, String busArn) {
    ObjectNode statement = NODES.objectNode();
    statement.put("Sid", Inputs.required(input, "StatementId"));
    statement.put("Effect", "Allow");
    String principal = Inputs.required(input, "Principal");
    if (principal.equals("*")) {
      statement.put("Principal", "*");
    } else {
      String partition = busArn.substring(4, busArn.indexOf(':', 4));
      statement
          .putObject("Principal")
          .put("AWS", "arn:" + partition + ":iam::" + principal + ":root");
    }
    statement.put("Action", Inputs.required(input, "Action"));
    statement.put("Resource", busArn);
    JsonNode condition = input.get("Condition");
    if (condition != null && condition.isObject()) {
      statement
          .putObject("Condition")
          .putObject(condition.path("Type").asText())
          .put(condition.path("Key").asText(), condition.path("Value").asText());
    }
    return statement;
  }

  /** {@code policy} with {@code statement} added, replacing one with the same {@code Sid}. */
  static String withStatement(Optional<String> policy, ObjectNode statement) {
    ObjectNode document = policy.map(Permissions::read).orElseGet(Permissions::emptyPolicy);
    ArrayNode statements = statements(document);
    String sid = statement.get("Sid").asText();
    for (int i = 0; i < statements.size(); i++) {
      if (sid.equals(statements.get(i).path("Sid").asText(null))) {
        statements.set(i, statement);
        return write(document);
      }
    }
    statements.add(statement);
    return write(document);
  }

  /**
   * {@code policy} without the statement whose {@code Sid} is {@code sid}; empty when none is left.
   *
   * @throws ServiceException AWS's {@code ResourceNotFoundException} when there is no such
   *     statement
   */
  static Optional<String> withoutStatement(Optional<String> policy, String sid) {
    if (policy.isEmpty()) {
      throw statementNotFound();
    }
    ObjectNode document = read(policy.get());
    ArrayNode statements = statements(document);
    for (int i = 0; i < statements.size(); i++) {
      if (sid.equals(statements.get(i).path("Sid").asText(null))) {
        statements.remove(i);
        return statements.isEmpty() ? Optional.empty() : Optional.of(write(document));
      }
    }
    throw statementNotFound();
  }

  /** The checks of PutPermission without {@code Policy}, with EventBridge's messages. */
  private static void checkStatementMembers(JsonNode input) {
    Optional<String> action = Inputs.text(input, "Action");
    if (action.isEmpty() || !action.get().equals(BusPolicies.PUT_EVENTS)) {
      throw Failures.validation("Provided value in parameter 'action' is not supported.");
    }
    Optional<String> principal = Inputs.text(input, "Principal");
    if (principal.isEmpty()) {
      throw Failures.validation("Parameter Principal must be specified.");
    }
    if (Inputs.text(input, "StatementId").isEmpty()) {
      throw Failures.validation("Parameter StatementId must be specified.");
    }
    JsonNode condition = input.get("Condition");
    if (condition == null || condition.isNull()) {
      return;
    }
    if (!principal.get().equals("*")) {
      throw Failures.validation(
          "Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.");
    }
    String type = condition.path("Type").asText();
    if (!type.equals("StringEquals")) {
      throw Failures.validation(
          "Parameter Condition.Type is not valid. Reason: the only supported type is StringEquals,"
              + " but was '"
              + type
              + "'.");
    }
    String key = condition.path("Key").asText();
    if (!key.equals("aws:PrincipalOrgID")) {
      throw Failures.validation(
          "Parameter Condition.Key is not valid. Reason: the only supported key is"
              + " aws:PrincipalOrgID, but was '"
              + key
              + "'.");
    }
  }

  /** A whole {@code Policy} replaces the statement members; it cannot come with them. */
  private static void checkPolicyAlone(JsonNode input) {
    for (String member : new String[] {"Action", "Principal", "StatementId", "Condition"}) {
      JsonNode value = input.get(member);
      if (value != null && !value.isNull()) {
        throw Failures.validation(
            "Parameter Policy cannot be combined with " + member + "; give one or the other.");
      }
    }
  }

  /** Checks a complete policy document: EventBridge's size quota, then IAM's rules. */
  private static void checked(String document) {
    if (document.getBytes(StandardCharsets.UTF_8).length > BusPolicies.MAX_POLICY_BYTES) {
      throw new ServiceException(EventsError.POLICY_LENGTH_EXCEEDED);
    }
    try {
      BusPolicies.parse(document);
    } catch (MalformedPolicyException e) {
      throw Failures.validation("Parameter Policy is not valid. Reason: " + e.reason());
    }
  }

  private static ServiceException statementNotFound() {
    // AWS's (recorded: test_remove_permission_non_existing_sid, with and without a policy)
    return new ServiceException(
        EventsError.RESOURCE_NOT_FOUND, "Statement with the provided id does not exist.");
  }

  private static ServiceException noPolicy() {
    return new ServiceException(EventsError.RESOURCE_NOT_FOUND, "EventBus does not have a policy.");
  }

  private static ObjectNode emptyPolicy() {
    ObjectNode document = NODES.objectNode();
    document.put("Version", PolicyDocument.VERSION_2012);
    document.putArray("Statement");
    return document;
  }

  /** The document's statements as an array (a single statement object becomes one). */
  private static ArrayNode statements(ObjectNode document) {
    JsonNode statements = document.get("Statement");
    if (statements instanceof ArrayNode array) {
      return array;
    }
    ArrayNode array = document.putArray("Statement");
    if (statements != null && statements.isObject()) {
      array.add(statements);
    }
    return array;
  }

  private static ObjectNode read(String document) {
    try {
      return (ObjectNode) JSON.readTree(document);
    } catch (JsonProcessingException | ClassCastException e) {
      // a stored policy was validated when set
      throw new IllegalStateException("stored bus policy is not a JSON object", e);
    }
  }

  private static String write(ObjectNode document) {
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
