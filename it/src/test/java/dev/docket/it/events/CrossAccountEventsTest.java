package dev.docket.it.events;

import static dev.docket.it.events.Accounts.OWNER;
import static dev.docket.it.events.Accounts.STRANGER;
import static dev.docket.it.events.Accounts.TEAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.it.events.EventsIt.Queue;
import dev.docket.testing.DocketExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DeadLetterConfig;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Events across accounts and regions through the SDK, with three accounts and authentication on:
 * the gatekeeper bus (design note 0005), PutEvents onto another account's bus, bus-to-bus targets
 * across accounts and regions decided by the receiving bus's policy, and routing kept per bus.
 */
class CrossAccountEventsTest {

  @RegisterExtension static DocketExtension docket = Accounts.server();

  private static final String GATEKEEPER =
      """
      {"Version":"2012-10-17","Statement":[{"Sid":"checkout-may-place-orders","Effect":"Allow",
       "Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"events:PutEvents",
       "Resource":"%s",
       "Condition":{"StringEquals":{"events:source":"shop.checkout",
                                    "events:detail-type":"OrderPlaced"}}}]}
      """;

  private static Accounts accounts;
  private static EventBridgeClient owner;
  private static EventBridgeClient team;
  private static EventBridgeClient stranger;
  private static SqsClient ownerSqs;
  private static SqsClient teamSqs;
  private static SqsClient strangerSqs;

  @BeforeAll
  static void clients() {
    accounts = new Accounts(docket);
    owner = accounts.events(OWNER);
    team = accounts.events(TEAM);
    stranger = accounts.events(STRANGER);
    ownerSqs = accounts.sqs(OWNER);
    teamSqs = accounts.sqs(TEAM);
    strangerSqs = accounts.sqs(STRANGER);
  }

  @AfterAll
  static void close() throws Exception {
    accounts.close();
  }

  private static PutEventsRequestEntry event(String bus, String source, String detailType) {
    return PutEventsRequestEntry.builder()
        .eventBusName(bus)
        .source(source)
        .detailType(detailType)
        .detail("{\"order\":\"o-1\"}")
        .build();
  }

  /** An owner's bus whose rule sends everything from {@code shop.*} to a new owner's queue. */
  private static String[] ordersBus(String policyTemplate) {
    String name = EventsIt.uniqueName("orders");
    String arn = owner.createEventBus(b -> b.name(name)).eventBusArn();
    Queue queue = EventsIt.queue(ownerSqs, "orders-in");
    EventsIt.rule(
        owner,
        name,
        EventsIt.uniqueName("all-shop"),
        "{\"source\":[{\"prefix\":\"shop.\"}]}",
        EventsIt.target("q", queue.arn()));
    if (policyTemplate != null) {
      owner.putPermission(b -> b.eventBusName(name).policy(policyTemplate.formatted(arn)));
    }
    return new String[] {name, arn, queue.url()};
  }

  @Test
  void theGatekeeperAdmitsOnlyTheGrantedEventsOfTheGrantedAccount() {
    String[] orders = ordersBus(GATEKEEPER);
    String arn = orders[1];

    PutEventsResponse fromTeam =
        team.putEvents(
            b ->
                b.entries(
                    event(arn, "shop.checkout", "OrderPlaced"),
                    event(arn, "shop.checkout", "OrderRefunded"),
                    event(arn, "shop.inventory", "OrderPlaced")));
    PutEventsResponse fromStranger =
        stranger.putEvents(b -> b.entries(event(arn, "shop.checkout", "OrderPlaced")));

    assertThat(fromTeam.failedEntryCount()).isEqualTo(2);
    assertThat(fromTeam.entries().get(0).eventId()).isNotNull();
    for (PutEventsResultEntry refused :
        List.of(fromTeam.entries().get(1), fromTeam.entries().get(2))) {
      assertThat(refused.eventId()).isNull();
      assertThat(refused.errorCode()).isEqualTo("AccessDeniedException");
      assertThat(refused.errorMessage())
          .isEqualTo(
              "User: arn:aws:iam::222222222222:root is not authorized to perform:"
                  + " events:PutEvents on resource: "
                  + arn
                  + " because no resource-based policy allows the events:PutEvents action");
    }
    assertThat(fromStranger.failedEntryCount()).isEqualTo(1);
    assertThat(fromStranger.entries().get(0).errorCode()).isEqualTo("AccessDeniedException");
    // the admitted event is routed by the owner's rule, as the team sent it
    Message delivered = EventsIt.receive(ownerSqs, orders[2], 1).getFirst();
    JsonNode body = EventsIt.parse(delivered.body());
    assertThat(body.path("id").asText()).isEqualTo(fromTeam.entries().get(0).eventId());
    assertThat(body.path("account").asText()).isEqualTo(TEAM);
    assertThat(body.path("source").asText()).isEqualTo("shop.checkout");
    assertThat(EventsIt.receiveNow(ownerSqs, orders[2])).isEmpty();
  }

  @Test
  void withoutAPolicyAnotherAccountIsRefusedAndTheOwnerIsNot() {
    String[] orders = ordersBus(null);

    PutEventsResponse fromTeam =
        team.putEvents(b -> b.entries(event(orders[1], "shop.checkout", "OrderPlaced")));
    PutEventsResponse fromOwner =
        owner.putEvents(b -> b.entries(event(orders[0], "shop.checkout", "OrderPlaced")));

    assertThat(fromTeam.entries().get(0).errorCode()).isEqualTo("AccessDeniedException");
    assertThat(fromOwner.failedEntryCount()).isZero();
    JsonNode body = EventsIt.parse(EventsIt.receive(ownerSqs, orders[2], 1).getFirst().body());
    assertThat(body.path("account").asText()).isEqualTo(OWNER);
  }

  @Test
  void putPermissionForAnAccountAdmitsItAndRemovePermissionShutsItOutAgain() {
    String[] orders = ordersBus(null);
    owner.putPermission(
        b ->
            b.eventBusName(orders[0])
                .action("events:PutEvents")
                .principal(TEAM)
                .statementId("team"));

    PutEventsResponse admitted =
        team.putEvents(b -> b.entries(event(orders[1], "shop.any", "Anything")));
    owner.removePermission(b -> b.eventBusName(orders[0]).statementId("team"));
    PutEventsResponse refused =
        team.putEvents(b -> b.entries(event(orders[1], "shop.any", "Anything")));

    assertThat(admitted.failedEntryCount()).isZero();
    assertThat(refused.entries().get(0).errorCode()).isEqualTo("AccessDeniedException");
    assertThat(EventsIt.receive(ownerSqs, orders[2], 1)).hasSize(1);
  }

  @Test
  void anExplicitDenyRefusesEvenTheOwnersEntries() {
    String[] orders =
        ordersBus(
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"no-test-events","Effect":"Deny",
             "Principal":"*","Action":"events:PutEvents","Resource":"%s",
             "Condition":{"StringLike":{"events:source":"shop.test*"}}}]}
            """);

    PutEventsResponse response =
        owner.putEvents(
            b ->
                b.entries(
                    event(orders[0], "shop.checkout", "OrderPlaced"),
                    event(orders[0], "shop.testing", "OrderPlaced")));

    assertThat(response.entries().get(0).eventId()).isNotNull();
    assertThat(response.entries().get(1).errorMessage())
        .endsWith("with an explicit deny in a resource-based policy");
  }

  @Test
  void aRuleForwardsToAnotherAccountsBusWhenItsPolicyAdmitsTheSendingAccount() {
    String[] orders = ordersBus(null);
    owner.putPermission(
        b ->
            b.eventBusName(orders[0])
                .action("events:PutEvents")
                .principal(TEAM)
                .statementId("team-forwards"));
    String teamBus = EventsIt.uniqueName("team-bus");
    team.createEventBus(b -> b.name(teamBus));
    EventsIt.rule(
        team,
        teamBus,
        EventsIt.uniqueName("forward"),
        "{\"source\":[\"shop.checkout\"]}",
        EventsIt.target("owner-bus", orders[1]));

    PutEventsResponse put =
        team.putEvents(b -> b.entries(event(teamBus, "shop.checkout", "OrderPlaced")));

    assertThat(put.failedEntryCount()).isZero();
    JsonNode body = EventsIt.parse(EventsIt.receive(ownerSqs, orders[2], 1).getFirst().body());
    assertThat(body.path("account").asText()).isEqualTo(TEAM);
    assertThat(body.path("detail-type").asText()).isEqualTo("OrderPlaced");
  }

  @Test
  void aRuleOfAnAccountTheBusDoesNotAdmitDeadLettersWithoutRetrying() {
    String[] orders = ordersBus(GATEKEEPER);
    String strangerBus = EventsIt.uniqueName("stranger-bus");
    stranger.createEventBus(b -> b.name(strangerBus));
    Queue deadLetters = EventsIt.queue(strangerSqs, "stranger-dlq");
    String rule =
        EventsIt.rule(
            stranger,
            strangerBus,
            EventsIt.uniqueName("forward"),
            "{\"source\":[\"shop.checkout\"]}",
            Target.builder()
                .id("owner-bus")
                .arn(orders[1])
                .deadLetterConfig(DeadLetterConfig.builder().arn(deadLetters.arn()).build())
                .retryPolicy(r -> r.maximumRetryAttempts(185))
                .build());

    stranger.putEvents(b -> b.entries(event(strangerBus, "shop.checkout", "OrderPlaced")));

    Message dead = EventsIt.receive(strangerSqs, deadLetters.url(), 1).getFirst();
    assertThat(dead.messageAttributes().get("ERROR_CODE").stringValue())
        .isEqualTo("CROSS_ACCOUNT_INGESTION_FAILED");
    assertThat(dead.messageAttributes().get("RULE_ARN").stringValue()).isEqualTo(rule);
    assertThat(dead.messageAttributes().get("TARGET_ARN").stringValue()).isEqualTo(orders[1]);
    assertThat(dead.messageAttributes().get("RETRY_ATTEMPTS").stringValue()).isEqualTo("0");
    assertThat(EventsIt.receiveNow(ownerSqs, orders[2])).isEmpty();
  }

  @Test
  void aRuleForwardsToABusOfAnotherRegionOfItsOwnAccountAndOfAnotherAccount() {
    EventBridgeClient ownerWest = accounts.events(OWNER, Region.EU_WEST_1);
    SqsClient ownerWestSqs = accounts.sqs(OWNER, Region.EU_WEST_1);
    String westBus = EventsIt.uniqueName("west");
    String westArn = ownerWest.createEventBus(b -> b.name(westBus)).eventBusArn();
    Queue westQueue = EventsIt.queue(ownerWestSqs, "west-in");
    EventsIt.rule(
        ownerWest,
        westBus,
        EventsIt.uniqueName("west-all"),
        "{\"source\":[{\"prefix\":\"shop.\"}]}",
        EventsIt.target("q", westQueue.arn()));
    ownerWest.putPermission(
        b ->
            b.eventBusName(westBus).action("events:PutEvents").principal(TEAM).statementId("team"));
    EventsIt.rule(
        owner,
        "default",
        EventsIt.uniqueName("to-west"),
        "{\"source\":[\"shop.east\"]}",
        EventsIt.target("west", westArn));
    EventsIt.rule(
        team,
        "default",
        EventsIt.uniqueName("team-to-west"),
        "{\"source\":[\"shop.team\"]}",
        EventsIt.target("west", westArn));

    owner.putEvents(b -> b.entries(event("default", "shop.east", "Moved")));
    team.putEvents(b -> b.entries(event("default", "shop.team", "Moved")));

    List<Message> arrived = EventsIt.receive(ownerWestSqs, westQueue.url(), 2);
    assertThat(arrived)
        .extracting(m -> EventsIt.parse(m.body()))
        .extracting(e -> e.path("account").asText() + "/" + e.path("region").asText())
        .containsExactlyInAnyOrder(OWNER + "/us-east-1", TEAM + "/us-east-1");
  }

  @Test
  void anAccountsRulesNeverSeeAnotherAccountsEvents() {
    Queue ownerQueue = EventsIt.queue(ownerSqs, "owner-default");
    Queue teamQueue = EventsIt.queue(teamSqs, "team-default");
    String pattern = "{\"source\":[\"shop.isolation\"]}";
    EventsIt.rule(
        owner,
        "default",
        EventsIt.uniqueName("mine"),
        pattern,
        EventsIt.target("q", ownerQueue.arn()));
    EventsIt.rule(
        team,
        "default",
        EventsIt.uniqueName("mine"),
        pattern,
        EventsIt.target("q", teamQueue.arn()));

    owner.putEvents(b -> b.entries(event(null, "shop.isolation", "Owner")));
    team.putEvents(b -> b.entries(event(null, "shop.isolation", "Team")));

    JsonNode ownerEvent =
        EventsIt.parse(EventsIt.receive(ownerSqs, ownerQueue.url(), 1).getFirst().body());
    JsonNode teamEvent =
        EventsIt.parse(EventsIt.receive(teamSqs, teamQueue.url(), 1).getFirst().body());
    assertThat(ownerEvent.path("detail-type").asText()).isEqualTo("Owner");
    assertThat(teamEvent.path("detail-type").asText()).isEqualTo("Team");
    assertThat(EventsIt.receiveNow(ownerSqs, ownerQueue.url())).isEmpty();
    assertThat(EventsIt.receiveNow(teamSqs, teamQueue.url())).isEmpty();
  }
}
