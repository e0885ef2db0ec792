package dev.docket.it.events;

import static dev.docket.it.events.EventBridgeClients.busArn;
import static dev.docket.it.events.EventBridgeClients.errorOf;
import static dev.docket.it.events.EventBridgeClients.queueArn;
import static dev.docket.it.events.EventBridgeClients.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.CreateEventBusResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBus;
import software.amazon.awssdk.services.eventbridge.model.ListEventBusesResponse;
import software.amazon.awssdk.services.eventbridge.model.UpdateEventBusResponse;

class EventBusesTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static EventBridgeClient events;

  @BeforeAll
  static void client() {
    events = EventBridgeClients.client(docket);
  }

  @AfterAll
  static void close() {
    events.close();
  }

  @Test
  void createEventBusAnswersTheBusArnAndDescribeShowsIt() {
    String name = uniqueName("orders");

    CreateEventBusResponse created =
        events.createEventBus(b -> b.name(name).description("test bus"));
    DescribeEventBusResponse described = events.describeEventBus(b -> b.name(name));

    assertThat(created.eventBusArn()).isEqualTo(busArn(name));
    assertThat(created.description()).isEqualTo("test bus");
    assertThat(described.name()).isEqualTo(name);
    assertThat(described.arn()).isEqualTo(busArn(name));
    assertThat(described.description()).isEqualTo("test bus");
    assertThat(described.creationTime()).isNotNull();
    assertThat(described.lastModifiedTime()).isNotNull();
  }

  @Test
  void theDefaultBusAlwaysExists() {
    DescribeEventBusResponse described = events.describeEventBus(b -> {});

    assertThat(described.name()).isEqualTo("default");
    assertThat(described.arn()).isEqualTo(busArn("default"));
    assertThat(events.listEventBuses(b -> {}).eventBuses())
        .extracting(EventBus::name)
        .contains("default");
  }

  @Test
  void describeEventBusAcceptsTheBusArn() {
    String name = uniqueName("by-arn");
    events.createEventBus(b -> b.name(name));

    assertThat(events.describeEventBus(b -> b.name(busArn(name))).name()).isEqualTo(name);
  }

  @Test
  void creatingABusTwiceFailsWithResourceAlreadyExists() {
    String name = uniqueName("twice");
    events.createEventBus(b -> b.name(name));

    AwsErrorDetails error = errorOf(() -> events.createEventBus(b -> b.name(name)));

    assertThat(error.errorCode()).isEqualTo("ResourceAlreadyExistsException");
    assertThat(error.errorMessage()).isEqualTo("Event bus " + name + " already exists.");
  }

  @Test
  void describingOrDeletingAnUnknownBusFailsWithResourceNotFound() {
    AwsErrorDetails describe = errorOf(() -> events.describeEventBus(b -> b.name("no-such-bus")));
    AwsErrorDetails delete = errorOf(() -> events.deleteEventBus(b -> b.name("no-such-bus")));

    assertThat(describe.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(describe.errorMessage()).isEqualTo("Event bus no-such-bus does not exist.");
    assertThat(delete.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(delete.errorMessage()).isEqualTo("Event bus no-such-bus does not exist.");
  }

  @Test
  void theDefaultBusCannotBeDeleted() {
    AwsErrorDetails error = errorOf(() -> events.deleteEventBus(b -> b.name("default")));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
    assertThat(error.errorMessage()).isEqualTo("Cannot delete event bus default.");
  }

  @Test
  void aDeletedBusIsGoneWithItsRules() {
    String name = uniqueName("gone");
    events.createEventBus(b -> b.name(name));
    events.putRule(b -> b.name("r").eventBusName(name).eventPattern("{\"source\":[\"a\"]}"));

    events.deleteEventBus(b -> b.name(name));

    assertThat(errorOf(() -> events.describeEventBus(b -> b.name(name))).errorCode())
        .isEqualTo("ResourceNotFoundException");
    events.createEventBus(b -> b.name(name));
    assertThat(events.listRules(b -> b.eventBusName(name)).rules()).isEmpty();
  }

  @Test
  void listEventBusesFiltersByPrefix() {
    String prefix = uniqueName("prefixed");
    events.createEventBus(b -> b.name(prefix + "-a"));
    events.createEventBus(b -> b.name(prefix + "-b"));
    events.createEventBus(b -> b.name(uniqueName("other")));

    ListEventBusesResponse listed = events.listEventBuses(b -> b.namePrefix(prefix));
    ListEventBusesResponse complete = events.listEventBuses(b -> b.namePrefix(prefix + "-a"));

    assertThat(listed.eventBuses())
        .extracting(EventBus::name)
        .containsExactly(prefix + "-a", prefix + "-b");
    assertThat(listed.nextToken()).isNull();
    assertThat(complete.eventBuses()).extracting(EventBus::name).containsExactly(prefix + "-a");
  }

  @Test
  void listEventBusesPagesWithLimitAndNextToken() {
    String prefix = uniqueName("paged");
    for (int i = 0; i < 6; i++) {
      String name = prefix + "-" + i;
      events.createEventBus(b -> b.name(name));
    }

    ListEventBusesResponse first = events.listEventBuses(b -> b.namePrefix(prefix).limit(3));
    ListEventBusesResponse second =
        events.listEventBuses(b -> b.namePrefix(prefix).limit(3).nextToken(first.nextToken()));

    assertThat(first.eventBuses())
        .extracting(EventBus::name)
        .containsExactly(prefix + "-0", prefix + "-1", prefix + "-2");
    assertThat(first.nextToken()).isNotNull();
    assertThat(second.eventBuses())
        .extracting(EventBus::name)
        .containsExactly(prefix + "-3", prefix + "-4", prefix + "-5");
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void aNextTokenThatWasNeverIssuedIsRefused() {
    AwsErrorDetails error = errorOf(() -> events.listEventBuses(b -> b.nextToken("made-up")));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
  }

  @Test
  void updateEventBusChangesTheDescriptionAndDeadLetterConfig() {
    String name = uniqueName("updated");
    events.createEventBus(b -> b.name(name).description("before"));
    String dlq = queueArn("bus-dlq");

    UpdateEventBusResponse updated =
        events.updateEventBus(
            b -> b.name(name).description("after").deadLetterConfig(d -> d.arn(dlq)));
    DescribeEventBusResponse described = events.describeEventBus(b -> b.name(name));

    assertThat(updated.arn()).isEqualTo(busArn(name));
    assertThat(updated.description()).isEqualTo("after");
    assertThat(described.description()).isEqualTo("after");
    assertThat(described.deadLetterConfig().arn()).isEqualTo(dlq);
  }

  @Test
  void updatingAnUnknownBusFailsWithResourceNotFound() {
    AwsErrorDetails error =
        errorOf(() -> events.updateEventBus(b -> b.name("missing-bus").description("x")));

    assertThat(error.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(error.errorMessage()).isEqualTo("Event bus missing-bus does not exist.");
  }

  @Test
  void createEventBusRefusesADeadLetterArnThatIsNoQueue() {
    AwsErrorDetails error =
        errorOf(
            () ->
                events.createEventBus(
                    b -> b.name(uniqueName("bad-dlq")).deadLetterConfig(d -> d.arn("nope"))));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
  }

  @Test
  void createEventBusRefusesNamesTheModelRefuses() {
    AwsErrorDetails error = errorOf(() -> events.createEventBus(b -> b.name("has space")));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
    assertThat(error.errorMessage())
        .isEqualTo(
            "1 validation error detected: Value 'has space' at 'name' failed to satisfy"
                + " constraint: Member must satisfy regular expression pattern:"
                + " [/\\.\\-_A-Za-z0-9]+");
  }
}
