package dev.docket.it.events;

import static dev.docket.it.events.EventsIt.entry;
import static dev.docket.it.events.EventsIt.put;
import static dev.docket.it.events.EventsIt.queue;
import static dev.docket.it.events.EventsIt.receive;
import static dev.docket.it.events.EventsIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.delivery.DeliveryConfig;
import dev.docket.it.events.EventsIt.Queue;
import dev.docket.policy.PolicyEnforcement;
import dev.docket.queues.QueuesConfig;
import dev.docket.testing.DocketExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code auth.policy-enforcement: strict}: a rule delivers to a queue of its own account only if
 * the queue's policy allows {@code events.amazonaws.com} for that rule; a refused event goes to the
 * target's dead-letter queue (whose policy allows it) with {@code ERROR_CODE} {@code
 * NO_PERMISSIONS}.
 */
class StrictPolicyDeliveryTest {

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .configure(
              c ->
                  c.withQueues(
                          QueuesConfig.defaults().withDeliveryPolicies(PolicyEnforcement.STRICT))
                      .withDelivery(
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

  @Test
  void aQueueWhosePolicyDoesNotAllowTheRuleGetsNothingAndTheEventIsDeadLettered() {
    String name = uniqueName("strict");
    String ruleArn = "arn:aws:events:us-east-1:000000000000:rule/" + name;
    Queue closed = queue(sqs, "closed");
    Queue dlq = queue(sqs, "strict-dlq");
    allowEvents(dlq, ruleArn);
    events.putRule(b -> b.name(name).eventPattern("{\"source\":[\"strict.test\"]}"));
    events.putTargets(
        b ->
            b.rule(name)
                .targets(
                    Target.builder()
                        .id("q")
                        .arn(closed.arn())
                        .deadLetterConfig(d -> d.arn(dlq.arn()))
                        .build()));

    put(events, entry("default", "strict.test", "{\"n\":1}"));

    List<Message> dead = receive(sqs, dlq.url(), 1);
    assertThat(dead.getFirst().messageAttributes().get("ERROR_CODE").stringValue())
        .isEqualTo("NO_PERMISSIONS");
    assertThat(dead.getFirst().messageAttributes().get("RULE_ARN").stringValue())
        .isEqualTo(ruleArn);
    assertThat(EventsIt.receiveNow(sqs, closed.url())).isEmpty();
  }

  @Test
  void aQueueWhosePolicyAllowsTheRuleReceivesTheEvent() {
    String name = uniqueName("strict-open");
    String ruleArn = "arn:aws:events:us-east-1:000000000000:rule/" + name;
    Queue open = queue(sqs, "open");
    allowEvents(open, ruleArn);
    events.putRule(b -> b.name(name).eventPattern("{\"source\":[\"strict.open\"]}"));
    events.putTargets(b -> b.rule(name).targets(EventsIt.target("q", open.arn())));

    put(events, entry("default", "strict.open", "{\"n\":2}"));

    assertThat(receive(sqs, open.url(), 1)).hasSize(1);
  }

  private static void allowEvents(Queue queue, String ruleArn) {
    String policy =
        """
        {"Version":"2012-10-17","Statement":[{"Sid":"events","Effect":"Allow",
          "Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage",
          "Resource":"%s","Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}
        """
            .formatted(queue.arn(), ruleArn);
    sqs.setQueueAttributes(
        b -> b.queueUrl(queue.url()).attributes(Map.of(QueueAttributeName.POLICY, policy)));
  }
}
