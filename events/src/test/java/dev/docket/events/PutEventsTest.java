package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.LoggedEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PutEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RequestContext CONTEXT =
      new RequestContext(
          "req",
          "111111111111",
          "eu-west-1",
          "http://localhost",
          Instant.parse("2026-01-01T00:00:00Z"));
  private static final String DEFAULT_BUS =
      "arn:aws:events:eu-west-1:111111111111:event-bus/default";

  private final MemoryEventLog log = new MemoryEventLog();
  private final InMemoryResources resources = new InMemoryResources();
  private final EventRouters routers =
      new EventRouters(log, resources, new RuleBook(resources), deliveries -> {});
  private final Clock clock =
      Clock.fixed(Instant.parse("2026-03-04T05:06:07.891Z"), ZoneOffset.UTC);
  private final PutEvents putEvents =
      new PutEvents(log, routers, new BusPolicies(resources), new EventsConfig(1024 * 1024), clock);

  @AfterEach
  void stopRouters() {
    routers.close();
  }

  @Test
  void goodEntryIsLoggedAsEventBridgesEnvelopeAndAnsweredWithItsId() throws Exception {
    ObjectNode entry = entry("my.source", "Order Placed", "{\"order\": {\"id\": 7}}");
    entry.putArray("Resources").add("arn:aws:s3:::bucket");
    entry.put("TraceHeader", "Root=1-abc");

    ObjectNode response = putEvents.putEvents(request(entry), CONTEXT);

    assertThat(response.path("FailedEntryCount").asInt()).isZero();
    String id = response.path("Entries").get(0).path("EventId").asText();
    LoggedEvent logged = log.appended().getFirst();
    assertThat(logged.bus()).isEqualTo(DEFAULT_BUS);
    assertThat(logged.id()).isEqualTo(id);
    assertThat(logged.traceHeader()).isEqualTo("Root=1-abc");
    assertThat(logged.json())
        .isEqualTo(
            "{\"version\":\"0\",\"id\":\""
                + id
                + "\",\"detail-type\":\"Order Placed\",\"source\":\"my.source\","
                + "\"account\":\"111111111111\",\"time\":\"2026-03-04T05:06:07Z\","
                + "\"region\":\"eu-west-1\",\"resources\":[\"arn:aws:s3:::bucket\"],"
                + "\"detail\":{\"order\":{\"id\":7}}}");
  }

  @Test
  void givenTimeIsTheEventsTimeToTheSecond() throws Exception {
    ObjectNode entry = entry("s", "t", "{}");
    entry.put("Time", 1640995200.75);

    putEvents.putEvents(request(entry), CONTEXT);

    JsonNode event = JSON.readTree(log.appended().getFirst().json());
    assertThat(event.path("time").asText()).isEqualTo("2022-01-01T00:00:00Z");
  }

  @Test
  void missingMembersFailTheirEntryWithAwsMessages() {
    ObjectNode noSource = entry(null, "t", "{}");
    ObjectNode noDetailType = entry("s", null, "{}");
    ObjectNode noDetail = entry("s", "t", null);

    ObjectNode response = putEvents.putEvents(request(noSource, noDetailType, noDetail), CONTEXT);

    assertThat(response.path("FailedEntryCount").asInt()).isEqualTo(3);
    assertThat(errors(response))
        .containsExactly(
            "InvalidArgument: Parameter Source is not valid. Reason: Source is a required argument.",
            "InvalidArgument: Parameter DetailType is not valid. Reason: DetailType is a required"
                + " argument.",
            "InvalidArgument: Parameter Detail is not valid. Reason: Detail is a required argument.");
    assertThat(log.appends()).isZero();
  }

  @Test
  void detailThatIsNotAJsonObjectIsMalformed() {
    ObjectNode response =
        putEvents.putEvents(
            request(
                entry("s", "t", "\"just a string\""),
                entry("s", "t", "[1, 2]"),
                entry("s", "t", "{\"unclosed\": "),
                entry("s", "t", "\"{\\\"a\\\": 1}\"")),
            CONTEXT);

    assertThat(errors(response)).containsOnly("MalformedDetail: Detail is malformed.");
    assertThat(response.path("FailedEntryCount").asInt()).isEqualTo(4);
  }

  @Test
  void sourcesOfTheAwsNamespaceAreRefused() {
    ObjectNode response = putEvents.putEvents(request(entry("aws.s3", "t", "{}")), CONTEXT);

    assertThat(errors(response))
        .containsExactly("NotAuthorizedForSourceException: Not authorized for the source.");
  }

  @Test
  void badEntriesFailAloneAndGoodOnesAreAppendedInOneCall() {
    ObjectNode response =
        putEvents.putEvents(
            request(entry("s", "t", "{}"), entry("s", "t", "nope"), entry("s", "t", "{}")),
            CONTEXT);

    JsonNode entries = response.path("Entries");
    assertThat(response.path("FailedEntryCount").asInt()).isOne();
    assertThat(entries.get(0).has("EventId")).isTrue();
    assertThat(entries.get(1).path("ErrorCode").asText()).isEqualTo("MalformedDetail");
    assertThat(entries.get(2).has("EventId")).isTrue();
    assertThat(log.appends()).isOne();
    assertThat(log.appended())
        .extracting(LoggedEvent::id)
        .containsExactly(
            entries.get(0).path("EventId").asText(), entries.get(2).path("EventId").asText());
  }

  @Test
  void entriesOverTheLimitFailTheWholeRequest() {
    PutEvents small =
        new PutEvents(log, routers, new BusPolicies(resources), new EventsConfig(1024), clock);
    String detail = "{\"a\":\"" + "x".repeat(1100) + "\"}";

    assertThatThrownBy(
            () -> small.putEvents(request(entry("s", "t", detail), entry("s", "t", "{}")), CONTEXT))
        .isInstanceOf(ServiceException.class)
        .hasMessage("Total size of the entries in the request is over the limit.")
        .satisfies(
            e -> assertThat(((ServiceException) e).code()).isEqualTo(EventsError.VALIDATION));
    assertThat(log.appends()).isZero();
  }

  @Test
  void entrySizeFollowsAwsFormula() {
    ObjectNode entry = entry("src", "type", "{\"é\":1}");
    entry.put("Time", 1);
    entry.putArray("Resources").add("r1").add("€");
    entry.put("EventBusName", "not counted");

    assertThat(PutEvents.entrySize(entry)).isEqualTo(14 + 3 + 4 + 8 + 2 + 3);
  }

  @Test
  void eventsForABusThatDoesNotExistAreAcknowledgedAndDropped() {
    ObjectNode entry = entry("s", "t", "{}");
    entry.put("EventBusName", "nowhere");

    ObjectNode response = putEvents.putEvents(request(entry), CONTEXT);

    assertThat(response.path("FailedEntryCount").asInt()).isZero();
    assertThat(response.path("Entries").get(0).path("EventId").asText()).isNotEmpty();
    assertThat(log.appended()).isEmpty();
  }

  @Test
  void customBusIsNamedByNameOrArn() {
    Bus bus = customBus("orders");
    resources.create(Documents.newRecord(bus));
    ObjectNode byName = entry("s", "t", "{}");
    byName.put("EventBusName", "orders");
    ObjectNode byArn = entry("s", "t", "{}");
    byArn.put("EventBusName", bus.arn());

    putEvents.putEvents(request(byName, byArn), CONTEXT);

    assertThat(log.appended()).extracting(LoggedEvent::bus).containsExactly(bus.arn(), bus.arn());
  }

  private static Bus customBus(String name) {
    Bus base = Bus.defaultBus("eu-west-1", "111111111111", Instant.EPOCH);
    return new Bus(
        name,
        Arns.bus("eu-west-1", "111111111111", name),
        base.account(),
        base.region(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Instant.EPOCH,
        Instant.EPOCH,
        java.util.Map.of());
  }

  private static ObjectNode entry(String source, String detailType, String detail) {
    ObjectNode entry = JSON.createObjectNode();
    if (source != null) {
      entry.put("Source", source);
    }
    if (detailType != null) {
      entry.put("DetailType", detailType);
    }
    if (detail != null) {
      entry.put("Detail", detail);
    }
    return entry;
  }

  private static ObjectNode request(ObjectNode... entries) {
    ObjectNode request = JSON.createObjectNode();
    ArrayNode list = request.putArray("Entries");
    for (ObjectNode entry : entries) {
      list.add(entry);
    }
    return request;
  }

  private static List<String> errors(ObjectNode response) {
    List<String> errors = new ArrayList<>();
    for (JsonNode entry : response.path("Entries")) {
      if (entry.has("ErrorCode")) {
        errors.add(entry.path("ErrorCode").asText() + ": " + entry.path("ErrorMessage").asText());
      }
    }
    return errors;
  }
}
