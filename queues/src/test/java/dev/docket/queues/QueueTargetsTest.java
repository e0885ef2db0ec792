package dev.docket.queues;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.DeliveryConfig;
import dev.docket.delivery.DeliveryEngine;
import dev.docket.delivery.DeliveryRequest;
import dev.docket.delivery.Outcome;
import dev.docket.delivery.RetryPolicy;
import dev.docket.delivery.Target;
import dev.docket.delivery.Targets;
import dev.docket.model.RequestContext;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueTargetsTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String ACCOUNT = "000000000000";
  private static final RequestContext CONTEXT =
      new RequestContext(
          "r1",
          ACCOUNT,
          "us-east-1",
          "http://localhost:4566",
          Instant.parse("2026-12-01T00:00:00Z"));

  @TempDir Path directory;

  private SqliteStore store;
  private QueueService queues;

  @BeforeEach
  void open() {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
    queues =
        new QueueService(
            store.queues(),
            QueuesConfig.defaults(),
            Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    queues.close();
    store.close();
  }

  @Test
  void aDeliveryBecomesAMessageWithItsAttributesAsStringMessageAttributes() {
    String url = createQueue("orders", Map.of());

    Outcome outcome =
        target(arn("orders"))
            .deliver(
                delivery(
                    arn("orders"),
                    "{\"order\":1}",
                    NODES.objectNode(),
                    Map.of("RULE_ARN", "arn:aws:events:us-east-1:000000000000:rule/r", "EMPTY", ""),
                    "Root=1-5759e988-bd862e3fe1be46a994272793"));

    JsonNode message = receiveOne(url);
    JsonNode answer = answer(outcome);
    assertThat(answer.path("MessageId").asText()).isEqualTo(message.path("MessageId").asText());
    assertThat(answer.path("MD5OfMessageBody").asText())
        .isEqualTo(message.path("MD5OfBody").asText());
    assertThat(answer.path("MD5OfMessageAttributes").asText())
        .isEqualTo(message.path("MD5OfMessageAttributes").asText());
    assertThat(answer.has("SequenceNumber")).isFalse();
    assertThat(message.path("Body").asText()).isEqualTo("{\"order\":1}");
    assertThat(message.path("MessageAttributes").path("RULE_ARN").path("DataType").asText())
        .isEqualTo("String");
    assertThat(message.path("MessageAttributes").path("RULE_ARN").path("StringValue").asText())
        .isEqualTo("arn:aws:events:us-east-1:000000000000:rule/r");
    assertThat(message.path("MessageAttributes").has("EMPTY")).isFalse();
    assertThat(message.path("Attributes").path("AWSTraceHeader").asText())
        .isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793");
  }

  @Test
  void aFifoQueueTakesTheGroupFromSqsParametersAndDeduplicatesByEventId() {
    String url = createQueue("orders.fifo", Map.of("FifoQueue", "true"));
    ObjectNode parameters = NODES.objectNode();
    parameters.putObject("SqsParameters").put("MessageGroupId", "customer-7");
    Delivery delivery = delivery(arn("orders.fifo"), "{}", parameters, Map.of(), "");

    Outcome first = target(arn("orders.fifo")).deliver(delivery);
    Outcome again = target(arn("orders.fifo")).deliver(delivery);

    JsonNode received = receive(url);
    assertThat(received.path("Messages")).hasSize(1);
    JsonNode attributes = received.path("Messages").get(0).path("Attributes");
    // the duplicate answers the stored message's id and sequence number, as SQS does
    assertThat(answer(again)).isEqualTo(answer(first));
    assertThat(answer(first).path("MessageId").asText())
        .isEqualTo(received.path("Messages").get(0).path("MessageId").asText());
    assertThat(answer(first).path("SequenceNumber").asText())
        .isEqualTo(attributes.path("SequenceNumber").asText())
        .hasSize(20);
    assertThat(attributes.path("MessageGroupId").asText()).isEqualTo("customer-7");
    assertThat(attributes.path("MessageDeduplicationId").asText()).isEqualTo("event-1");
  }

  @Test
  void sendMessageParametersAreSentAsSendMessageWouldSendThem() {
    String url =
        createQueue("steps.fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"));
    ObjectNode parameters = NODES.objectNode();
    ObjectNode send = parameters.putObject("SendMessageParameters");
    send.put("MessageGroupId", "g-1").put("MessageDeduplicationId", "d-1");
    send.putObject("MessageAttributes")
        .putObject("kind")
        .put("DataType", "String")
        .put("StringValue", "order");

    Outcome first =
        target(arn("steps.fifo"))
            .deliver(delivery(arn("steps.fifo"), "a", parameters, Map.of(), ""));
    // same explicit deduplication id, other body: a duplicate despite content-based deduplication
    Outcome again =
        target(arn("steps.fifo"))
            .deliver(delivery(arn("steps.fifo"), "b", parameters, Map.of(), ""));

    JsonNode message = receiveOne(url);
    assertThat(message.path("Body").asText()).isEqualTo("a");
    assertThat(message.path("Attributes").path("MessageGroupId").asText()).isEqualTo("g-1");
    assertThat(message.path("Attributes").path("MessageDeduplicationId").asText()).isEqualTo("d-1");
    assertThat(message.path("MessageAttributes").path("kind").path("StringValue").asText())
        .isEqualTo("order");
    assertThat(answer(first).path("MD5OfMessageAttributes").asText())
        .isEqualTo(message.path("MD5OfMessageAttributes").asText());
    assertThat(answer(again).path("MessageId")).isEqualTo(answer(first).path("MessageId"));
  }

  @Test
  void aFifoDeliveryWithoutMessageGroupIdFailsWithoutRetry() {
    createQueue("orders.fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"));

    Outcome outcome =
        target(arn("orders.fifo"))
            .deliver(delivery(arn("orders.fifo"), "{}", NODES.objectNode(), Map.of(), ""));

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Failed(
                "INVALID_PARAMETER",
                "The request must contain the parameter MessageGroupId.",
                false));
  }

  @Test
  void aMissingQueueIsANonRetryableNoResourceFailure() {
    Outcome outcome =
        target(arn("gone")).deliver(delivery(arn("gone"), "{}", NODES.objectNode(), Map.of(), ""));

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Failed(
                "NO_RESOURCE",
                "The specified queue arn:aws:sqs:us-east-1:000000000000:gone does not exist.",
                false));
  }

  @Test
  void aMessageLargerThanTheQueueAllowsFailsWithoutRetry() {
    createQueue("small", Map.of("MaximumMessageSize", "1024"));

    Outcome outcome =
        target(arn("small"))
            .deliver(delivery(arn("small"), "x".repeat(1025), NODES.objectNode(), Map.of(), ""));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Outcome.Failed.class,
            f -> {
              assertThat(f.errorCode()).isEqualTo("INVALID_PARAMETER");
              assertThat(f.retryable()).isFalse();
            });
  }

  @Test
  void aBatchOfDeliveriesIsSentTogetherAndARefusedOneFailsAlone() {
    String url = createQueue("batch", Map.of("MaximumMessageSize", "1024"));
    List<Delivery> deliveries =
        List.of(
            delivery(arn("batch"), "first", NODES.objectNode(), Map.of(), ""),
            delivery(arn("batch"), "x".repeat(1025), NODES.objectNode(), Map.of(), ""),
            delivery(arn("batch"), "third", NODES.objectNode(), Map.of(), ""));
    Target target = target(arn("batch"));

    List<Outcome> outcomes = target.deliverAll(deliveries);

    assertThat(target.batches()).isTrue();
    assertThat(outcomes.get(1)).isInstanceOf(Outcome.Failed.class);
    List<String> bodies = new java.util.ArrayList<>();
    List<String> ids = new java.util.ArrayList<>();
    receive(url)
        .path("Messages")
        .forEach(
            m -> {
              bodies.add(m.path("Body").asText());
              ids.add(m.path("MessageId").asText());
            });
    assertThat(bodies).containsExactly("first", "third");
    assertThat(List.of(answer(outcomes.get(0)), answer(outcomes.get(2))))
        .extracting(a -> a.path("MessageId").asText())
        .containsExactlyElementsOf(ids);
  }

  @Test
  void aBatchToAMissingQueueFailsEveryDeliveryWithoutRetry() {
    List<Outcome> outcomes =
        target(arn("gone"))
            .deliverAll(
                List.of(
                    delivery(arn("gone"), "a", NODES.objectNode(), Map.of(), ""),
                    delivery(arn("gone"), "b", NODES.objectNode(), Map.of(), "")));

    assertThat(outcomes)
        .allSatisfy(
            o ->
                assertThat(o)
                    .isInstanceOfSatisfying(
                        Outcome.Failed.class,
                        f -> assertThat(f.errorCode()).isEqualTo("NO_RESOURCE")));
  }

  @Test
  void onlySqsQueueArnsAreServed() {
    assertThat(queues.targets().target("arn:aws:events:us-east-1:000000000000:event-bus/b"))
        .isEmpty();
    assertThat(queues.targets().target("not-an-arn")).isEmpty();
    assertThat(queues.targets().target(arn("anything"))).isPresent();
  }

  @Test
  void aDeliveryToADeletedQueueIsDeadLetteredToAQueueWithEventBridgesAttributes() {
    String dlq = createQueue("orders-dlq", Map.of());
    Targets targets = new Targets();
    targets.register(queues.targets());
    try (DeliveryEngine engine =
        new DeliveryEngine(
            store.timers(),
            targets,
            DeliveryConfig.defaults(),
            Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC))) {

      engine.deliverAll(
          List.of(
              new DeliveryRequest(
                  delivery(arn("gone"), "{\"id\":\"event-1\"}", NODES.objectNode(), Map.of(), ""),
                  RetryPolicy.DEFAULT,
                  Optional.of(arn("orders-dlq")),
                  "arn:aws:events:us-east-1:000000000000:rule/orders",
                  "t1",
                  Instant.parse("2026-12-01T00:00:00Z"))));
    }

    JsonNode message = receiveOne(dlq);
    assertThat(message.path("Body").asText()).isEqualTo("{\"id\":\"event-1\"}");
    JsonNode attributes = message.path("MessageAttributes");
    assertThat(attributes.path("ERROR_CODE").path("StringValue").asText()).isEqualTo("NO_RESOURCE");
    assertThat(attributes.path("TARGET_ARN").path("StringValue").asText()).isEqualTo(arn("gone"));
    assertThat(attributes.path("RULE_ARN").path("StringValue").asText())
        .isEqualTo("arn:aws:events:us-east-1:000000000000:rule/orders");
    assertThat(attributes.path("RETRY_ATTEMPTS").path("StringValue").asText()).isEqualTo("0");
    assertThat(attributes.has("ERROR_MESSAGE")).isTrue();
    assertThat(attributes.has("EXHAUSTED_RETRY_CONDITION")).isFalse();
  }

  private static JsonNode answer(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
    JsonNode response = ((Outcome.Succeeded) outcome).response();
    assertThat(response).isNotNull();
    return response;
  }

  private Target target(String arn) {
    return queues.targets().target(arn).orElseThrow();
  }

  private static String arn(String name) {
    return "arn:aws:sqs:us-east-1:" + ACCOUNT + ":" + name;
  }

  private static Delivery delivery(
      String arn,
      String body,
      ObjectNode parameters,
      Map<String, String> attributes,
      String trace) {
    return new Delivery(arn, body, parameters, attributes, "event-1", trace);
  }

  private String createQueue(String name, Map<String, String> attributes) {
    ObjectNode input = NODES.objectNode().put("QueueName", name);
    ObjectNode map = input.putObject("Attributes");
    attributes.forEach(map::put);
    return queues.invoke("CreateQueue", input, CONTEXT).path("QueueUrl").asText();
  }

  private JsonNode receiveOne(String url) {
    JsonNode messages = receive(url).path("Messages");
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }

  private JsonNode receive(String url) {
    ObjectNode input = NODES.objectNode().put("QueueUrl", url).put("MaxNumberOfMessages", 10);
    input.putArray("MessageAttributeNames").add("All");
    input.putArray("MessageSystemAttributeNames").add("All");
    return queues.invoke("ReceiveMessage", input, CONTEXT);
  }
}
