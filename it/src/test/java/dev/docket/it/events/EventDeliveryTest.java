package dev.docket.it.events;

import static dev.docket.it.events.EventsIt.entry;
import static dev.docket.it.events.EventsIt.parse;
import static dev.docket.it.events.EventsIt.put;
import static dev.docket.it.events.EventsIt.queue;
import static dev.docket.it.events.EventsIt.receive;
import static dev.docket.it.events.EventsIt.receiveNow;
import static dev.docket.it.events.EventsIt.rule;
import static dev.docket.it.events.EventsIt.target;
import static dev.docket.it.events.EventsIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.delivery.DeliveryConfig;
import dev.docket.it.events.EventsIt.Queue;
import dev.docket.testing.DocketExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DeadLetterConfig;
import software.amazon.awssdk.services.eventbridge.model.InputTransformer;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.RetryPolicy;
import software.amazon.awssdk.services.eventbridge.model.SqsParameters;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * From PutEvents to a queue: a rule's SQS target receives the event envelope, or what its Input,
 * InputPath or InputTransformer makes of it; FIFO targets, bus-to-bus routing, dead letters, and
 * rules that match nothing.
 */
class EventDeliveryTest {

  private static final String PATTERN = "{\"source\": [\"shop\"]}";

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .configure(
              c ->
                  c.withDelivery(
                      DeliveryConfig.defaults()
                          .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))))
          .build();

  private static EventBridgeClient events;
  private static SqsClient sqs;

  @BeforeAll
  static void clients() {
    events = EventsIt.client(docket.endpoint());
    sqs = docket.sqs();
  }

  @AfterAll
  static void close() {
    events.close();
  }

  private static String bus() {
    String name = uniqueName("bus");
    events.createEventBus(b -> b.name(name));
    return name;
  }

  @Test
  void ruleWithAQueueTargetDeliversTheEventAsEventBridgeWritesIt() {
    String bus = bus();
    Queue queue = queue(sqs, "orders");
    rule(events, bus, "orders", PATTERN, target("q", queue.arn()));

    String id =
        put(
                events,
                entry(bus, "shop", "{\"order\": {\"id\": 7}}").toBuilder()
                    .resources("arn:aws:s3:::bucket")
                    .time(Instant.parse("2022-01-01T00:00:00.500Z"))
                    .build())
            .getFirst();

    JsonNode body = parse(receive(sqs, queue.url(), 1).getFirst().body());
    assertThat(body.fieldNames())
        .toIterable()
        .containsExactly(
            "version",
            "id",
            "detail-type",
            "source",
            "account",
            "time",
            "region",
            "resources",
            "detail");
    assertThat(body.path("version").asText()).isEqualTo("0");
    assertThat(body.path("id").asText()).isEqualTo(id);
    assertThat(body.path("detail-type").asText()).isEqualTo("test");
    assertThat(body.path("source").asText()).isEqualTo("shop");
    assertThat(body.path("account").asText()).isEqualTo("000000000000");
    assertThat(body.path("time").asText()).isEqualTo("2022-01-01T00:00:00Z");
    assertThat(body.path("region").asText()).isEqualTo("us-east-1");
    assertThat(body.path("resources").get(0).asText()).isEqualTo("arn:aws:s3:::bucket");
    assertThat(body.path("detail")).isEqualTo(parse("{\"order\": {\"id\": 7}}"));
  }

  @Test
  void inputInputPathAndInputTransformerShapeTheBody() {
    String bus = bus();
    Queue constant = queue(sqs, "constant");
    Queue path = queue(sqs, "path");
    Queue transformed = queue(sqs, "transformed");
    rule(
        events,
        bus,
        "shaped",
        PATTERN,
        Target.builder().id("c").arn(constant.arn()).input("{\"fixed\": true}").build(),
        Target.builder().id("p").arn(path.arn()).inputPath("$.detail.order").build(),
        Target.builder()
            .id("t")
            .arn(transformed.arn())
            .inputTransformer(
                InputTransformer.builder()
                    .inputPathsMap(Map.of("id", "$.detail.order.id", "src", "$.source"))
                    .inputTemplate(
                        "{\"orderId\": <id>, \"from\": \"<src>\", \"rule\": <aws.events.rule-name>}")
                    .build())
            .build());

    put(events, entry(bus, "shop", "{\"order\": {\"id\": 7}}"));

    assertThat(parse(receive(sqs, constant.url(), 1).getFirst().body()))
        .isEqualTo(parse("{\"fixed\": true}"));
    assertThat(parse(receive(sqs, path.url(), 1).getFirst().body()))
        .isEqualTo(parse("{\"id\": 7}"));
    assertThat(parse(receive(sqs, transformed.url(), 1).getFirst().body()))
        .isEqualTo(parse("{\"orderId\": 7, \"from\": \"shop\", \"rule\": \"shaped\"}"));
  }

  @Test
  void fifoQueueTargetReceivesTheEventsInTheirMessageGroup() {
    String bus = bus();
    Queue fifo =
        queue(sqs, "events-fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"));
    rule(
        events,
        bus,
        "fifo",
        PATTERN,
        Target.builder()
            .id("f")
            .arn(fifo.arn())
            .sqsParameters(SqsParameters.builder().messageGroupId("group-1").build())
            .build());

    List<String> ids =
        put(events, entry(bus, "shop", "{\"n\": 1}"), entry(bus, "shop", "{\"n\": 2}"));

    List<Message> messages = receive(sqs, fifo.url(), 2);
    assertThat(messages)
        .extracting(m -> m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
        .containsOnly("group-1");
    assertThat(messages)
        .extracting(m -> parse(m.body()).path("id").asText())
        .containsExactlyElementsOf(ids);
  }

  @Test
  void aBusTargetForwardsTheEventToTheOtherBusAndItsRules() {
    String first = bus();
    String second = bus();
    String secondArn = events.describeEventBus(b -> b.name(second)).arn();
    Queue queue = queue(sqs, "forwarded");
    rule(events, first, "forward", PATTERN, target("bus", secondArn));
    rule(events, second, "deliver", PATTERN, target("q", queue.arn()));

    String id = put(events, entry(first, "shop", "{\"hop\": 1}")).getFirst();

    JsonNode body = parse(receive(sqs, queue.url(), 1).getFirst().body());
    assertThat(body.path("id").asText()).isEqualTo(id);
    assertThat(body.path("source").asText()).isEqualTo("shop");
    assertThat(body.path("detail")).isEqualTo(parse("{\"hop\": 1}"));
  }

  @Test
  void aDeliveryToADeletedQueueIsDeadLetteredWithEventBridgesAttributes() {
    String bus = bus();
    Queue gone = queue(sqs, "gone");
    Queue dlq = queue(sqs, "dlq");
    String ruleArn =
        rule(
            events,
            bus,
            "to-gone",
            PATTERN,
            Target.builder()
                .id("gone")
                .arn(gone.arn())
                .retryPolicy(
                    RetryPolicy.builder()
                        .maximumRetryAttempts(2)
                        .maximumEventAgeInSeconds(60)
                        .build())
                .deadLetterConfig(DeadLetterConfig.builder().arn(dlq.arn()).build())
                .build());
    sqs.deleteQueue(b -> b.queueUrl(gone.url()));

    String id = put(events, entry(bus, "shop", "{\"lost\": false}")).getFirst();

    Message dead = receive(sqs, dlq.url(), 1).getFirst();
    assertThat(parse(dead.body()).path("id").asText()).isEqualTo(id);
    Map<String, String> attributes =
        dead.messageAttributes().entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    Map.Entry::getKey, e -> e.getValue().stringValue()));
    assertThat(attributes)
        .containsEntry("RULE_ARN", ruleArn)
        .containsEntry("TARGET_ARN", gone.arn())
        .containsKeys("ERROR_CODE", "ERROR_MESSAGE");
  }

  @Test
  void aRuleThatMatchesNothingDeliversNothing() {
    String bus = bus();
    Queue quiet = queue(sqs, "quiet");
    Queue sentinel = queue(sqs, "sentinel");
    rule(events, bus, "nothing", "{\"source\": [\"elsewhere\"]}", target("q", quiet.arn()));
    rule(events, bus, "sentinel", "{\"source\": [\"sentinel\"]}", target("s", sentinel.arn()));

    put(events, entry(bus, "shop", "{}"));
    put(events, entry(bus, "sentinel", "{}"));

    // the router handles events in order: once the later event arrived, the earlier one is done
    receive(sqs, sentinel.url(), 1);
    assertThat(receiveNow(sqs, quiet.url())).isEmpty();
  }

  @Test
  void eventsOnTheDefaultBusReachItsRules() {
    Queue queue = queue(sqs, "default-bus");
    String name = uniqueName("default-rule");
    rule(events, "default", name, "{\"source\": [\"" + name + "\"]}", target("q", queue.arn()));

    PutEventsRequestEntry entry =
        PutEventsRequestEntry.builder().source(name).detailType("t").detail("{}").build();
    String id = put(events, entry).getFirst();

    assertThat(parse(receive(sqs, queue.url(), 1).getFirst().body()).path("id").asText())
        .isEqualTo(id);
  }

  @Test
  void aBusDeletedAndCreatedAgainRoutesOnlyItsNewEventsToItsNewRules() {
    String bus = bus();
    Queue old = queue(sqs, "old-rule");
    rule(events, bus, "old", PATTERN, target("q", old.arn()));
    put(events, entry(bus, "shop", "{\"n\": 1}"));
    receive(sqs, old.url(), 1);
    events.removeTargets(b -> b.rule("old").eventBusName(bus).ids("q"));
    events.deleteRule(b -> b.name("old").eventBusName(bus));
    events.deleteEventBus(b -> b.name(bus));

    put(events, entry(bus, "shop", "{\"n\": 2}")); // acknowledged and dropped: no such bus
    events.createEventBus(b -> b.name(bus));
    Queue fresh = queue(sqs, "new-rule");
    rule(events, bus, "new", PATTERN, target("q", fresh.arn()));
    String id = put(events, entry(bus, "shop", "{\"n\": 3}")).getFirst();

    Message message = receive(sqs, fresh.url(), 1).getFirst();
    assertThat(parse(message.body()).path("id").asText()).isEqualTo(id);
    assertThat(receiveNow(sqs, old.url())).isEmpty();
  }
}
