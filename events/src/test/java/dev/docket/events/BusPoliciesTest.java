package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Outcome;
import dev.docket.model.Principal;
import dev.docket.model.RequestContext;
import dev.docket.store.LoggedEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gatekeeper bus of design note 0005 at the events module's seams: account 111111111111's bus
 * {@code orders} admits from 222222222222 only {@code shop.checkout} / {@code OrderPlaced}.
 */
class BusPoliciesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OWNER = "111111111111";
  private static final String TEAM = "222222222222";
  private static final String STRANGER = "333333333333";
  private static final String ORDERS = "arn:aws:events:us-east-1:111111111111:event-bus/orders";
  private static final String GATEKEEPER =
      """
      {"Version":"2012-10-17","Statement":[{"Sid":"checkout","Effect":"Allow",
       "Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"events:PutEvents",
       "Resource":"arn:aws:events:us-east-1:111111111111:event-bus/orders",
       "Condition":{"StringEquals":{"events:source":"shop.checkout",
                                    "events:detail-type":"OrderPlaced"}}}]}
      """;

  private final InMemoryResources store = new InMemoryResources();
  private final MemoryEventLog log = new MemoryEventLog();
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private final BusDirectory buses = new BusDirectory(store, clock);
  private final BusPolicies policies = new BusPolicies(store);
  private final EventRouters routers =
      new EventRouters(log, store, new RuleBook(store), deliveries -> {});
  private final PutEvents putEvents =
      new PutEvents(log, routers, policies, EventsConfig.defaults(), clock);

  @AfterEach
  void stopRouters() {
    routers.close();
  }

  private static RequestContext as(String account) {
    return new RequestContext("req", account, "us-east-1", "http://localhost", Instant.EPOCH);
  }

  private void ordersBusWith(String policy) {
    new BusOperations(store, buses, new RuleBook(store), clock)
        .create(JsonNodeFactory.instance.objectNode().put("Name", "orders"), as(OWNER));
    if (policy != null) {
      new Permissions(store, buses, policies, clock)
          .put(
              JsonNodeFactory.instance
                  .objectNode()
                  .put("EventBusName", "orders")
                  .put("Policy", policy),
              as(OWNER));
    }
  }

  private static ObjectNode entry(String bus, String source, String detailType) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("EventBusName", bus)
        .put("Source", source)
        .put("DetailType", detailType)
        .put("Detail", "{}");
  }

  private JsonNode put(RequestContext context, ObjectNode... entries) {
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    ArrayNode array = input.putArray("Entries");
    for (ObjectNode e : entries) {
      array.add(e);
    }
    return putEvents.putEvents(input, context).path("Entries");
  }

  @Test
  void gatekeeperAdmitsOnlyTheGrantedSourceAndDetailTypeEntryByEntry() throws Exception {
    ordersBusWith(GATEKEEPER);

    JsonNode results =
        put(
            as(TEAM),
            entry(ORDERS, "shop.checkout", "OrderPlaced"),
            entry(ORDERS, "shop.checkout", "OrderCancelled"),
            entry(ORDERS, "shop.payments", "OrderPlaced"));

    assertThat(results.get(0).has("EventId")).isTrue();
    assertThat(results.get(1).path("ErrorCode").asText()).isEqualTo("AccessDeniedException");
    assertThat(results.get(1).path("ErrorMessage").asText())
        .isEqualTo(
            "User: arn:aws:iam::222222222222:root is not authorized to perform: events:PutEvents"
                + " on resource: "
                + ORDERS
                + " because no resource-based policy allows the events:PutEvents action");
    assertThat(results.get(2).path("ErrorCode").asText()).isEqualTo("AccessDeniedException");
    List<LoggedEvent> logged = log.appended();
    assertThat(logged).hasSize(1);
    assertThat(logged.getFirst().bus()).isEqualTo(ORDERS);
    assertThat(JSON.readTree(logged.getFirst().json()).path("account").asText()).isEqualTo(TEAM);
  }

  @Test
  void aThirdAccountIsRefusedWhateverItPuts() {
    ordersBusWith(GATEKEEPER);

    JsonNode results = put(as(STRANGER), entry(ORDERS, "shop.checkout", "OrderPlaced"));

    assertThat(results.get(0).path("ErrorCode").asText()).isEqualTo("AccessDeniedException");
    assertThat(log.appended()).isEmpty();
  }

  @Test
  void anotherAccountsBusWithoutAPolicyOrThatDoesNotExistRefusesEveryEntry() {
    ordersBusWith(null);

    JsonNode results =
        put(
            as(TEAM),
            entry(ORDERS, "shop.checkout", "OrderPlaced"),
            entry(ORDERS.replace("orders", "missing"), "shop.checkout", "OrderPlaced"));

    assertThat(results.get(0).path("ErrorCode").asText()).isEqualTo("AccessDeniedException");
    assertThat(results.get(1).path("ErrorCode").asText()).isEqualTo("AccessDeniedException");
  }

  @Test
  void theOwnerIsAdmittedUnlessAStatementDeniesItExplicitly() {
    ordersBusWith(
        """
        {"Version":"2012-10-17","Statement":[{"Sid":"no-tests","Effect":"Deny","Principal":"*",
         "Action":"events:PutEvents","Resource":"*",
         "Condition":{"StringLike":{"events:source":"test.*"}}}]}
        """);

    JsonNode results =
        put(as(OWNER), entry("orders", "shop.checkout", "x"), entry("orders", "test.load", "x"));

    assertThat(results.get(0).has("EventId")).isTrue();
    assertThat(results.get(1).path("ErrorMessage").asText())
        .endsWith("with an explicit deny in a resource-based policy");
  }

  @Test
  void aRoleOfTheAdmittedAccountIsAdmittedAsItsRootIs() {
    ordersBusWith(GATEKEEPER);
    RequestContext role =
        new RequestContext(
            "req",
            Principal.ofArn("arn:aws:sts::222222222222:assumed-role/ci/session"),
            "us-east-1",
            "http://localhost",
            Instant.EPOCH,
            Optional.empty(),
            Optional.empty(),
            false);

    JsonNode results = put(role, entry(ORDERS, "shop.checkout", "OrderPlaced"));

    assertThat(results.get(0).has("EventId")).isTrue();
  }

  @Test
  void anOrganizationGrantAdmitsMembersOfThatOrganizationOnly() {
    ordersBusWith(null);
    ObjectNode grant =
        JsonNodeFactory.instance
            .objectNode()
            .put("EventBusName", "orders")
            .put("Action", "events:PutEvents")
            .put("Principal", "*")
            .put("StatementId", "org");
    grant
        .putObject("Condition")
        .put("Type", "StringEquals")
        .put("Key", "aws:PrincipalOrgID")
        .put("Value", "o-shop");
    new Permissions(store, buses, policies, clock).put(grant, as(OWNER));

    JsonNode member = put(inOrganization(TEAM, "o-shop"), entry(ORDERS, "a", "b"));
    JsonNode outsider = put(inOrganization(STRANGER, "o-other"), entry(ORDERS, "a", "b"));

    assertThat(member.get(0).has("EventId")).isTrue();
    assertThat(outsider.get(0).path("ErrorCode").asText()).isEqualTo("AccessDeniedException");
  }

  private static RequestContext inOrganization(String account, String organization) {
    return new RequestContext(
        "req",
        Principal.root(account),
        "us-east-1",
        "http://localhost",
        Instant.EPOCH,
        Optional.empty(),
        Optional.of(organization),
        false);
  }

  @Test
  void aRuleOfAnAdmittedAccountMayDeliverAndOthersFailWithoutRetry() {
    ordersBusWith(
        """
        {"Version":"2012-10-17","Statement":[{"Sid":"forwarder","Effect":"Allow",
         "Principal":{"AWS":"222222222222"},"Action":"events:PutEvents","Resource":"*",
         "Condition":{"Bool":{"events:eventBusInvocation":"true"},
                      "ArnLike":{"aws:SourceArn":"arn:aws:events:*:222222222222:rule/forward*"}}}]}
        """);
    BusPolicies.Snapshot bus = policies.get(ORDERS).orElseThrow();

    Optional<Outcome.Failed> allowed =
        BusPolicies.delivery(
            bus,
            "arn:aws:events:eu-west-1:222222222222:rule/forward",
            "",
            "s",
            "d",
            clock.instant());
    Optional<Outcome.Failed> otherRule =
        BusPolicies.delivery(
            bus, "arn:aws:events:eu-west-1:222222222222:rule/other", "", "s", "d", clock.instant());
    Optional<Outcome.Failed> otherAccount =
        BusPolicies.delivery(
            bus,
            "arn:aws:events:us-east-1:333333333333:rule/forward",
            "",
            "s",
            "d",
            clock.instant());
    Optional<Outcome.Failed> owner =
        BusPolicies.delivery(
            bus, "arn:aws:events:us-west-2:111111111111:rule/any", "", "s", "d", clock.instant());

    assertThat(allowed).isEmpty();
    assertThat(otherRule)
        .hasValueSatisfying(
            failed -> {
              assertThat(failed.errorCode()).isEqualTo("CROSS_ACCOUNT_INGESTION_FAILED");
              assertThat(failed.retryable()).isFalse();
            });
    assertThat(otherAccount).isPresent();
    assertThat(owner).isEmpty();
  }
}
