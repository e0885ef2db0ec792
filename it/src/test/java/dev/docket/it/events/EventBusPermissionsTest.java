package dev.docket.it.events;

import static dev.docket.it.events.Accounts.OWNER;
import static dev.docket.it.events.Accounts.STRANGER;
import static dev.docket.it.events.Accounts.TEAM;
import static dev.docket.it.events.EventBridgeClients.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.testing.DocketExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusResponse;

/**
 * PutPermission, RemovePermission and DescribeEventBus's {@code Policy} through the SDK, with three
 * accounts and authentication on; shapes and messages as AWS recorded them ({@code
 * test_events.snapshot.json}: {@code test_put_permission}, {@code test_remove_permission}, {@code
 * test_remove_permission_non_existing_sid}, {@code test_put_permission_non_existing_event_bus}).
 */
class EventBusPermissionsTest {

  @RegisterExtension static DocketExtension docket = Accounts.server();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Accounts accounts;
  private static EventBridgeClient owner;
  private static EventBridgeClient stranger;

  @BeforeAll
  static void clients() {
    accounts = new Accounts(docket);
    owner = accounts.events(OWNER);
    stranger = accounts.events(STRANGER);
  }

  @AfterAll
  static void close() throws Exception {
    accounts.close();
  }

  private static String bus() {
    String name = EventBridgeClients.uniqueName("perm");
    owner.createEventBus(b -> b.name(name));
    return name;
  }

  private static void grant(String bus, String principal, String sid) {
    owner.putPermission(
        b -> b.eventBusName(bus).action("events:PutEvents").principal(principal).statementId(sid));
  }

  private static JsonNode policyOf(String bus) throws Exception {
    DescribeEventBusResponse described = owner.describeEventBus(b -> b.name(bus));
    return described.policy() == null ? null : JSON.readTree(described.policy());
  }

  private static JsonNode statement(String sid, Object principal, String bus) {
    var node = JSON.createObjectNode().put("Sid", sid).put("Effect", "Allow");
    if (principal instanceof String star) {
      node.put("Principal", star);
    } else {
      node.set("Principal", JSON.valueToTree(principal));
    }
    return node.put("Action", "events:PutEvents")
        .put("Resource", Accounts.busArn("us-east-1", OWNER, bus));
  }

  @Test
  void grantsAreDescribedAsAwsWritesThemAndTheSameStatementIdReplacesItsStatement()
      throws Exception {
    String bus = bus();

    grant(bus, OWNER, "statement-1");
    grant(bus, OWNER, "statement-2");
    grant(bus, TEAM, "statement-3");
    grant(bus, "*", "statement-4");
    grant(bus, "*", "statement-4");

    JsonNode policy = policyOf(bus);
    assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
    assertThat(policy.path("Statement"))
        .containsExactly(
            statement(
                "statement-1", java.util.Map.of("AWS", "arn:aws:iam::" + OWNER + ":root"), bus),
            statement(
                "statement-2", java.util.Map.of("AWS", "arn:aws:iam::" + OWNER + ":root"), bus),
            statement(
                "statement-3", java.util.Map.of("AWS", "arn:aws:iam::" + TEAM + ":root"), bus),
            statement("statement-4", "*", bus));
  }

  @Test
  void aPolicyDocumentReplacesEveryStatementAndIsDescribedAsGiven() throws Exception {
    String bus = bus();
    grant(bus, TEAM, "statement-1");
    String document =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"statement-5\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"events.amazonaws.com\"},"
            + "\"Action\":\"events:ListRules\",\"Resource\":\"*\"}]}";

    owner.putPermission(b -> b.eventBusName(bus).policy(document));

    assertThat(policyOf(bus)).isEqualTo(JSON.readTree(document));
  }

  @Test
  void anOrganizationConditionIsWrittenAsAStringEqualsOnPrincipalOrgId() throws Exception {
    String bus = bus();

    owner.putPermission(
        b ->
            b.eventBusName(bus)
                .action("events:PutEvents")
                .principal("*")
                .statementId("org")
                .condition(c -> c.type("StringEquals").key("aws:PrincipalOrgID").value("o-shop")));

    assertThat(policyOf(bus).path("Statement").get(0).path("Condition"))
        .isEqualTo(JSON.readTree("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-shop\"}}"));
  }

  @Test
  void removePermissionRemovesOneStatementThenRemoveAllRemovesThePolicy() throws Exception {
    String bus = bus();
    grant(bus, OWNER, "statement-1");
    grant(bus, TEAM, "statement-2");

    owner.removePermission(b -> b.eventBusName(bus).statementId("statement-1"));

    assertThat(policyOf(bus).path("Statement"))
        .containsExactly(
            statement(
                "statement-2", java.util.Map.of("AWS", "arn:aws:iam::" + TEAM + ":root"), bus));
    owner.removePermission(b -> b.eventBusName(bus).removeAllPermissions(true));
    assertThat(policyOf(bus)).isNull();
  }

  @Test
  void permissionsOfTheDefaultBusWork() throws Exception {
    grant("default", TEAM, "default-grant");

    assertThat(policyOf("default").path("Statement").get(0).path("Resource").asText())
        .isEqualTo(Accounts.busArn("us-east-1", OWNER, "default"));
    owner.removePermission(b -> b.removeAllPermissions(true));
    assertThat(policyOf("default")).isNull();
  }

  @Test
  void anUnknownStatementIdIsAwssResourceNotFoundWithOrWithoutAPolicy() {
    String bus = bus();

    AwsErrorDetails withoutPolicy =
        errorOf(() -> owner.removePermission(b -> b.eventBusName(bus).statementId("nope")));
    grant(bus, TEAM, "statement-1");
    AwsErrorDetails withPolicy =
        errorOf(() -> owner.removePermission(b -> b.eventBusName(bus).statementId("nope")));

    for (AwsErrorDetails error : new AwsErrorDetails[] {withoutPolicy, withPolicy}) {
      assertThat(error.errorCode()).isEqualTo("ResourceNotFoundException");
      assertThat(error.errorMessage()).isEqualTo("Statement with the provided id does not exist.");
    }
  }

  @Test
  void anUnknownBusIsAwssResourceNotFound() {
    AwsErrorDetails error =
        errorOf(
            () ->
                owner.putPermission(
                    b ->
                        b.eventBusName("non-existing-bus")
                            .action("events:PutEvents")
                            .principal("*")
                            .statementId("statement-id")));

    assertThat(error.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(error.errorMessage()).isEqualTo("Event bus non-existing-bus does not exist.");
  }

  @Test
  void badGrantsAreRefusedAndChangeNothing() throws Exception {
    String bus = bus();

    AwsErrorDetails action =
        errorOf(
            () ->
                owner.putPermission(
                    b ->
                        b.eventBusName(bus)
                            .action("events:PutRule")
                            .principal(TEAM)
                            .statementId("s")));
    AwsErrorDetails condition =
        errorOf(
            () ->
                owner.putPermission(
                    b ->
                        b.eventBusName(bus)
                            .action("events:PutEvents")
                            .principal(TEAM)
                            .statementId("s")
                            .condition(
                                c ->
                                    c.type("StringEquals")
                                        .key("aws:PrincipalOrgID")
                                        .value("o-1"))));
    AwsErrorDetails malformed =
        errorOf(() -> owner.putPermission(b -> b.eventBusName(bus).policy("{\"Statement\":")));
    AwsErrorDetails tooLong =
        errorOf(
            () ->
                owner.putPermission(
                    b ->
                        b.eventBusName(bus)
                            .policy(
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                    + "\"Principal\":\"*\",\"Action\":\"events:PutEvents\","
                                    + "\"Resource\":\""
                                    + "r".repeat(11_000)
                                    + "\"}]}")));

    assertThat(action.errorCode()).isEqualTo("ValidationException");
    assertThat(action.errorMessage())
        .isEqualTo("Provided value in parameter 'action' is not supported.");
    assertThat(condition.errorMessage())
        .isEqualTo(
            "Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.");
    assertThat(malformed.errorCode()).isEqualTo("ValidationException");
    assertThat(tooLong.errorCode()).isEqualTo("PolicyLengthExceededException");
    assertThat(policyOf(bus)).isNull();
  }

  @Test
  void anotherAccountCannotReadOrChangeTheBusOrPutRulesOnIt() throws Exception {
    String bus = bus();
    grant(bus, TEAM, "statement-1");
    String arn = Accounts.busArn("us-east-1", OWNER, bus);

    AwsErrorDetails describe = errorOf(() -> stranger.describeEventBus(b -> b.name(arn)));
    AwsErrorDetails putRule =
        errorOf(
            () ->
                stranger.putRule(
                    b ->
                        b.name("spy")
                            .eventBusName(arn)
                            .eventPattern("{\"source\":[{\"prefix\":\"\"}]}")));
    AwsErrorDetails tag =
        errorOf(
            () -> stranger.tagResource(b -> b.resourceARN(arn).tags(t -> t.key("k").value("v"))));

    assertThat(describe.errorCode()).isEqualTo("AccessDeniedException");
    assertThat(describe.errorMessage())
        .isEqualTo(
            "User: arn:aws:iam::"
                + STRANGER
                + ":root is not authorized to perform: events:DescribeEventBus on resource: "
                + arn
                + " because no resource-based policy allows the events:DescribeEventBus action");
    assertThat(putRule.errorCode()).isEqualTo("AccessDeniedException");
    assertThat(tag.errorCode()).isEqualTo("AccessDeniedException");
    assertThat(owner.listRules(b -> b.eventBusName(bus)).rules()).isEmpty();
    assertThat(policyOf(bus).path("Statement")).hasSize(1);
  }
}
