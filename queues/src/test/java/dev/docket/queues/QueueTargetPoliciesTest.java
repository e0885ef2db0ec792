package dev.docket.queues;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.Origin;
import dev.docket.delivery.Outcome;
import dev.docket.model.RequestContext;
import dev.docket.policy.PolicyEnforcement;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries a service makes into a queue on a rule's behalf, checked against the queue's policy:
 * in strict mode always, by default only when the rule belongs to another account.
 */
class QueueTargetPoliciesTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String OWNER = "111111111111";
  private static final String OTHER = "222222222222";
  private static final String RULE = "arn:aws:events:us-east-1:" + OWNER + ":rule/orders";
  private static final String OTHER_RULE = "arn:aws:events:us-east-1:" + OTHER + ":rule/orders";
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final RequestContext CONTEXT =
      new RequestContext("r1", OWNER, "us-east-1", "http://localhost:4566", NOW);

  @TempDir Path directory;

  private SqliteStore store;
  private QueueService queues;

  private void open(PolicyEnforcement enforcement) {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
    queues =
        new QueueService(
            store.queues(),
            QueuesConfig.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC),
            "us-east-1",
            enforcement);
  }

  @AfterEach
  void close() {
    queues.close();
    store.close();
  }

  @Test
  void strictModeRefusesARuleOfTheSameAccountWithoutAPolicyAsNoPermissions() {
    open(PolicyEnforcement.STRICT);
    createQueue("orders", Map.of());

    Outcome outcome = deliver("orders", RULE, OWNER);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Outcome.Failed.class,
            failed -> {
              assertThat(failed.errorCode()).isEqualTo("NO_PERMISSIONS");
              assertThat(failed.retryable()).isFalse();
              assertThat(failed.errorMessage()).contains("events.amazonaws.com", RULE);
            });
    assertThat(messages("orders")).isZero();
  }

  @Test
  void strictModeAllowsWhatThePolicyGrantsTheServiceForThatRuleOnly() {
    open(PolicyEnforcement.STRICT);
    createQueue("orders", Map.of("Policy", eventsMayDeliverFor(RULE)));

    assertThat(deliver("orders", RULE, OWNER)).isInstanceOf(Outcome.Succeeded.class);
    assertThat(deliver("orders", RULE.replace("orders", "other-rule"), OWNER))
        .isInstanceOf(Outcome.Failed.class);
    assertThat(messages("orders")).isOne();
  }

  @Test
  void byDefaultOnlyAnotherAccountsRuleNeedsThePolicy() {
    open(PolicyEnforcement.ACCOUNTS);
    createQueue("orders", Map.of());

    assertThat(deliver("orders", RULE, OWNER)).isInstanceOf(Outcome.Succeeded.class);
    assertThat(deliver("orders", OTHER_RULE, OTHER))
        .isInstanceOfSatisfying(
            Outcome.Failed.class, f -> assertThat(f.errorCode()).isEqualTo("NO_PERMISSIONS"));
    assertThat(messages("orders")).isOne();
  }

  @Test
  void byDefaultAnotherAccountsRuleIsAllowedByThePolicy() {
    open(PolicyEnforcement.ACCOUNTS);
    createQueue("orders", Map.of("Policy", eventsMayDeliverFor(OTHER_RULE)));

    assertThat(deliver("orders", OTHER_RULE, OTHER)).isInstanceOf(Outcome.Succeeded.class);
  }

  @Test
  void aTaskOfAnotherAccountActsAsThatAccountAndNeedsTheQueuePolicyToAllowIt() {
    open(PolicyEnforcement.ACCOUNTS);
    createQueue("orders", Map.of());
    String arn = "arn:aws:sqs:us-east-1:" + OWNER + ":orders";
    Origin task = new Origin("", "arn:aws:states:us-east-1:" + OTHER + ":execution:m:e1", OTHER);
    Origin ownTask = new Origin("", "arn:aws:states:us-east-1:" + OWNER + ":execution:m:e2", OWNER);

    assertThat(queues.targets().target(arn).orElseThrow().deliver(delivery(arn, "e1", task)))
        .isInstanceOf(Outcome.Failed.class);
    assertThat(queues.targets().target(arn).orElseThrow().deliver(delivery(arn, "e2", ownTask)))
        .isInstanceOf(Outcome.Succeeded.class);

    queues.invoke(
        "AddPermission",
        NODES
            .objectNode()
            .put("QueueUrl", "http://localhost:4566/" + OWNER + "/orders")
            .put("Label", "other-may-send")
            .<ObjectNode>set("AWSAccountIds", NODES.arrayNode().add(OTHER))
            .set("Actions", NODES.arrayNode().add("SendMessage")),
        CONTEXT);
    assertThat(queues.targets().target(arn).orElseThrow().deliver(delivery(arn, "e3", task)))
        .isInstanceOf(Outcome.Succeeded.class);
  }

  @Test
  void aRefusedDeliveryInABatchFailsAloneAndKeepsItsPlace() {
    open(PolicyEnforcement.ACCOUNTS);
    createQueue("orders", Map.of());
    String arn = "arn:aws:sqs:us-east-1:" + OWNER + ":orders";

    List<Outcome> outcomes =
        queues
            .targets()
            .target(arn)
            .orElseThrow()
            .deliverAll(
                List.of(
                    delivery(arn, "e1", new Origin("events.amazonaws.com", RULE, OWNER)),
                    delivery(arn, "e2", new Origin("events.amazonaws.com", OTHER_RULE, OTHER)),
                    delivery(arn, "e3", Origin.NONE)));

    assertThat(outcomes.get(0)).isInstanceOf(Outcome.Succeeded.class);
    assertThat(outcomes.get(1)).isInstanceOf(Outcome.Failed.class);
    assertThat(outcomes.get(2)).isInstanceOf(Outcome.Succeeded.class);
    assertThat(messages("orders")).isEqualTo(2);
  }

  private static String eventsMayDeliverFor(String ruleArn) {
    return """
        {"Version":"2012-10-17","Statement":[{"Sid":"events","Effect":"Allow",
          "Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage",
          "Resource":"arn:aws:sqs:us-east-1:%s:orders",
          "Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}
        """
        .formatted(OWNER, ruleArn);
  }

  private Outcome deliver(String queue, String ruleArn, String ruleAccount) {
    String arn = "arn:aws:sqs:us-east-1:" + OWNER + ":" + queue;
    return queues
        .targets()
        .target(arn)
        .orElseThrow()
        .deliver(
            delivery(arn, "event-1", new Origin("events.amazonaws.com", ruleArn, ruleAccount)));
  }

  private static Delivery delivery(String arn, String eventId, Origin origin) {
    return new Delivery(arn, "{}", NODES.objectNode(), Map.of(), eventId, "", origin);
  }

  private void createQueue(String name, Map<String, String> attributes) {
    ObjectNode input = NODES.objectNode().put("QueueName", name);
    ObjectNode map = input.putObject("Attributes");
    attributes.forEach(map::put);
    queues.invoke("CreateQueue", input, CONTEXT);
  }

  private int messages(String name) {
    ObjectNode input =
        NODES
            .objectNode()
            .put("QueueUrl", "http://localhost:4566/" + OWNER + "/" + name)
            .put("MaxNumberOfMessages", 10);
    return queues.invoke("ReceiveMessage", input, CONTEXT).path("Messages").size();
  }
}
