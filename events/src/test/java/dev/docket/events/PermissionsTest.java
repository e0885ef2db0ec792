package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PermissionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OWNER = "111111111111";
  private static final RequestContext CONTEXT =
      new RequestContext("req", OWNER, "us-east-1", "http://localhost", Instant.EPOCH);
  private static final String DEFAULT_BUS =
      "arn:aws:events:us-east-1:111111111111:event-bus/default";

  private final InMemoryResources store = new InMemoryResources();
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private final BusDirectory buses = new BusDirectory(store, clock);
  private final BusPolicies policies = new BusPolicies(store);
  private final Permissions permissions = new Permissions(store, buses, policies, clock);

  private static ObjectNode grant(String principal, String sid) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("Action", "events:PutEvents")
        .put("Principal", principal)
        .put("StatementId", sid);
  }

  private JsonNode policy() throws Exception {
    String text = buses.resolve(Optional.empty(), CONTEXT).policy().orElseThrow();
    return JSON.readTree(text);
  }

  @Test
  void accountPrincipalIsWrittenAsEventBridgeWritesIt() throws Exception {
    permissions.put(grant("222222222222", "team-b"), CONTEXT);

    assertThat(policy())
        .isEqualTo(
            JSON.readTree(
                """
                {"Version":"2012-10-17","Statement":[{"Sid":"team-b","Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"events:PutEvents",
                 "Resource":"arn:aws:events:us-east-1:111111111111:event-bus/default"}]}
                """));
  }

  @Test
  void starPrincipalWithAnOrganizationConditionIsWrittenAsAStringEqualsCondition()
      throws Exception {
    ObjectNode input = grant("*", "org");
    input
        .putObject("Condition")
        .put("Type", "StringEquals")
        .put("Key", "aws:PrincipalOrgID")
        .put("Value", "o-1234567890");

    permissions.put(input, CONTEXT);

    JsonNode statement = policy().path("Statement").get(0);
    assertThat(statement.path("Principal").asText()).isEqualTo("*");
    assertThat(statement.path("Condition"))
        .isEqualTo(JSON.readTree("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-1234567890\"}}"));
  }

  @Test
  void theSameStatementIdReplacesItsStatementAndOthersAreAppended() throws Exception {
    permissions.put(grant("222222222222", "a"), CONTEXT);
    permissions.put(grant("333333333333", "b"), CONTEXT);

    permissions.put(grant("*", "a"), CONTEXT);

    JsonNode statements = policy().path("Statement");
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0).path("Sid").asText()).isEqualTo("a");
    assertThat(statements.get(0).path("Principal").asText()).isEqualTo("*");
    assertThat(statements.get(1).path("Sid").asText()).isEqualTo("b");
  }

  @Test
  void aWholePolicyReplacesThePolicyAsGiven() {
    permissions.put(grant("222222222222", "a"), CONTEXT);
    String document =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"s5\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"events.amazonaws.com\"},\"Action\":\"events:ListRules\","
            + "\"Resource\":\"*\"}]}";

    permissions.put(JsonNodeFactory.instance.objectNode().put("Policy", document), CONTEXT);

    assertThat(buses.resolve(Optional.empty(), CONTEXT).policy()).contains(document);
  }

  @Test
  void removingOneStatementKeepsTheOthersAndTheLastRemovesThePolicy() throws Exception {
    permissions.put(grant("222222222222", "a"), CONTEXT);
    permissions.put(grant("333333333333", "b"), CONTEXT);

    permissions.remove(JsonNodeFactory.instance.objectNode().put("StatementId", "a"), CONTEXT);

    assertThat(policy().path("Statement")).hasSize(1);
    permissions.remove(JsonNodeFactory.instance.objectNode().put("StatementId", "b"), CONTEXT);
    assertThat(buses.resolve(Optional.empty(), CONTEXT).policy()).isEmpty();
  }

  @Test
  void unknownStatementIdIsAwssResourceNotFoundWithOrWithoutAPolicy() {
    ObjectNode remove = JsonNodeFactory.instance.objectNode().put("StatementId", "nope");

    assertThatThrownBy(() -> permissions.remove(remove, CONTEXT))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> {
              assertThat(e.code()).isEqualTo(EventsError.RESOURCE_NOT_FOUND);
              assertThat(e.getMessage())
                  .isEqualTo("Statement with the provided id does not exist.");
            });
    permissions.put(grant("222222222222", "a"), CONTEXT);
    assertThatThrownBy(() -> permissions.remove(remove, CONTEXT))
        .hasMessage("Statement with the provided id does not exist.");
  }

  @Test
  void removeAllPermissionsDropsThePolicyAndRefusesWhenThereIsNone() {
    permissions.put(grant("222222222222", "a"), CONTEXT);
    ObjectNode all = JsonNodeFactory.instance.objectNode().put("RemoveAllPermissions", true);

    permissions.remove(all, CONTEXT);

    assertThat(buses.resolve(Optional.empty(), CONTEXT).policy()).isEmpty();
    assertThatThrownBy(() -> permissions.remove(all, CONTEXT))
        .hasMessage("EventBus does not have a policy.");
  }

  @Test
  void badStatementMembersAreRefusedBeforeAnythingChanges() {
    ObjectNode otherAction = grant("222222222222", "a").put("Action", "events:PutRule");
    ObjectNode conditionWithoutStar = grant("222222222222", "a");
    conditionWithoutStar
        .putObject("Condition")
        .put("Type", "StringEquals")
        .put("Key", "aws:PrincipalOrgID")
        .put("Value", "o-1");
    ObjectNode otherKey = grant("*", "a");
    otherKey
        .putObject("Condition")
        .put("Type", "StringEquals")
        .put("Key", "aws:x")
        .put("Value", "v");
    ObjectNode noPrincipal = grant("*", "a");
    noPrincipal.remove("Principal");

    assertThatThrownBy(() -> permissions.put(otherAction, CONTEXT))
        .hasMessage("Provided value in parameter 'action' is not supported.");
    assertThatThrownBy(() -> permissions.put(conditionWithoutStar, CONTEXT))
        .hasMessage(
            "Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.");
    assertThatThrownBy(() -> permissions.put(otherKey, CONTEXT))
        .hasMessageContaining("aws:PrincipalOrgID");
    assertThatThrownBy(() -> permissions.put(noPrincipal, CONTEXT))
        .hasMessage("Parameter Principal must be specified.");
    assertThat(buses.resolve(Optional.empty(), CONTEXT).policy()).isEmpty();
  }

  @Test
  void malformedOrTooLongPolicyIsRefused() {
    ObjectNode malformed =
        JsonNodeFactory.instance
            .objectNode()
            .put("Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"}]}");
    String big =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"events:PutEvents\",\"Resource\":\""
            + "x".repeat(11_000)
            + "\"}]}";
    ObjectNode tooLong = JsonNodeFactory.instance.objectNode().put("Policy", big);

    assertThatThrownBy(() -> permissions.put(malformed, CONTEXT))
        .isInstanceOfSatisfying(
            ServiceException.class, e -> assertThat(e.code()).isEqualTo(EventsError.VALIDATION))
        .hasMessageStartingWith("Parameter Policy is not valid. Reason: ");
    assertThatThrownBy(() -> permissions.put(tooLong, CONTEXT))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> assertThat(e.code()).isEqualTo(EventsError.POLICY_LENGTH_EXCEEDED));
  }

  @Test
  void unknownBusIsAwssResourceNotFound() {
    ObjectNode input = grant("*", "a").put("EventBusName", "missing");

    assertThatThrownBy(() -> permissions.put(input, CONTEXT))
        .hasMessage("Event bus missing does not exist.");
  }

  @Test
  void thePolicyIsParsedOnceAndReparsedOnlyAfterItChanges() {
    permissions.put(grant("222222222222", "a"), CONTEXT);

    var first = policies.get(DEFAULT_BUS).orElseThrow().policy().orElseThrow();
    var again = policies.get(DEFAULT_BUS).orElseThrow().policy().orElseThrow();
    permissions.put(grant("333333333333", "b"), CONTEXT);
    var changed = policies.get(DEFAULT_BUS).orElseThrow().policy().orElseThrow();

    assertThat(again).isSameAs(first);
    assertThat(changed).isNotSameAs(first);
    assertThat(changed.statementIds()).containsExactly("a", "b");
  }
}
