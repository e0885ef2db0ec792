package dev.docket.it.states;

import static dev.docket.it.states.StatesIt.machine;
import static dev.docket.it.states.StatesIt.parse;
import static dev.docket.it.states.StatesIt.receiveOne;
import static dev.docket.it.states.StatesIt.runToSuccess;
import static dev.docket.it.states.StatesIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.testing.DocketExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code arn:aws:states:::events:putEvents} through the SDK: the event reaches the bus, a rule on
 * the bus routes it to a queue, and the task's result names the id the event arrived with.
 */
class PutEventsTaskTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static SfnClient sfn;
  private static EventBridgeClient events;
  private static SqsClient sqs;

  @BeforeAll
  static void clients() {
    sfn = StatesIt.sfn(docket);
    events = StatesIt.eventBridge(docket);
    sqs = docket.sqs();
  }

  @AfterAll
  static void close() {
    sfn.close();
    events.close();
  }

  @Test
  void anEventPutByATaskIsRoutedByARuleAndTheResultCarriesItsId() {
    String bus = uniqueName("sfn-bus");
    events.createEventBus(b -> b.name(bus));
    String url = sqs.createQueue(b -> b.queueName(uniqueName("sfn-events"))).queueUrl();
    String queueArn =
        sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String rule = uniqueName("sfn-rule");
    events.putRule(
        b -> b.name(rule).eventBusName(bus).eventPattern("{\"source\": [\"docket.orders\"]}"));
    events.putTargets(b -> b.rule(rule).eventBusName(bus).targets(t -> t.id("q").arn(queueArn)));
    String machine =
        machine(
            sfn,
            "put-events",
            """
            {"StartAt": "Put", "States": {"Put": {
              "Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
              "Parameters": {"Entries": [{
                "EventBusName": "%s", "Source": "docket.orders", "DetailType": "OrderPlaced",
                "Detail": {"order.$": "$.order"}}]},
              "End": true}}}
            """
                .formatted(bus));

    JsonNode result = runToSuccess(sfn, machine, "{\"order\": 9}");

    JsonNode event = parse(receiveOne(sqs, url).body());
    assertThat(event.path("source").asText()).isEqualTo("docket.orders");
    assertThat(event.path("detail-type").asText()).isEqualTo("OrderPlaced");
    assertThat(event.path("detail")).isEqualTo(parse("{\"order\": 9}"));
    assertThat(result.path("FailedEntryCount").asInt()).isZero();
    assertThat(result.path("Entries")).hasSize(1);
    assertThat(result.path("Entries").get(0).path("EventId").asText())
        .isEqualTo(event.path("id").asText());
  }
}
