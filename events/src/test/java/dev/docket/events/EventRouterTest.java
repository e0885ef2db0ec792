package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.DeliveryRequest;
import dev.docket.model.RequestContext;
import dev.docket.store.LoggedEvent;
import dev.docket.store.NewEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventRouterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "000000000000";
  private static final String BUS = Arns.bus(REGION, ACCOUNT, "default");
  private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:orders";
  private static final RequestContext CONTEXT =
      new RequestContext("r", ACCOUNT, REGION, "http://localhost", Instant.EPOCH);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final MemoryEventLog log = new MemoryEventLog();
  private final InMemoryResources resources = new InMemoryResources();
  private final RuleBook ruleBook = new RuleBook(resources);
  private final List<DeliveryRequest> delivered = new CopyOnWriteArrayList<>();
  private EventRouters routers;
  private PutEvents putEvents;

  @AfterEach
  void stop() {
    if (routers != null) {
      routers.close();
    }
  }

  private void startRouting(Consumer<List<DeliveryRequest>> engine) {
    routers = new EventRouters(log, resources, ruleBook, engine);
    routers.start();
    putEvents =
        new PutEvents(
            log, routers, new BusPolicies(resources), EventsConfig.defaults(), Clock.systemUTC());
  }

  @Test
  void matchingRuleDeliversTheWholeEventToItsTargetWithTheTargetsSettings() throws Exception {
    ObjectNode target = target("t1", QUEUE);
    target.putObject("SqsParameters").put("MessageGroupId", "g");
    target.putObject("RetryPolicy").put("MaximumRetryAttempts", 3);
    target.putObject("DeadLetterConfig").put("Arn", "arn:aws:sqs:us-east-1:000000000000:dlq");
    putRule("orders", "{\"source\":[\"shop\"]}", RuleState.ENABLED, target);
    startRouting(delivered::addAll);

    String id = put("shop", "{\"n\":1}", "Root=1-x");

    await(() -> delivered.size() == 1);
    DeliveryRequest request = delivered.getFirst();
    LoggedEvent logged = log.appended().getFirst();
    assertThat(request.delivery().body()).isEqualTo(logged.json());
    assertThat(request.delivery().eventId()).isEqualTo(id);
    assertThat(request.delivery().traceHeader()).isEqualTo("Root=1-x");
    assertThat(request.delivery().targetArn()).isEqualTo(QUEUE);
    assertThat(
            request.delivery().parameters().path("SqsParameters").path("MessageGroupId").asText())
        .isEqualTo("g");
    assertThat(request.retryPolicy().maximumRetryAttempts()).isEqualTo(3);
    assertThat(request.deadLetterArn()).contains("arn:aws:sqs:us-east-1:000000000000:dlq");
    assertThat(request.ruleArn()).isEqualTo(Arns.rule(REGION, ACCOUNT, "default", "orders"));
    assertThat(request.targetId()).isEqualTo("t1");
    await(() -> log.cursor(EventRouter.consumerOf(BUS)) == logged.sequence());
  }

  @Test
  void eventsMatchingNoRuleAndDisabledRulesDeliverNothing() {
    putRule("other", "{\"source\":[\"elsewhere\"]}", RuleState.ENABLED, target("t", QUEUE));
    putRule("off", "{\"source\":[\"shop\"]}", RuleState.DISABLED, target("t", QUEUE));
    startRouting(delivered::addAll);

    put("shop", "{}", null);

    long last = log.appended().getLast().sequence();
    await(() -> log.cursor(EventRouter.consumerOf(BUS)) == last);
    assertThat(delivered).isEmpty();
  }

  @Test
  void inputTransformerRendersTheBody() {
    ObjectNode target = target("t", QUEUE);
    ObjectNode transformer = target.putObject("InputTransformer");
    transformer.putObject("InputPathsMap").put("n", "$.detail.n");
    transformer.put("InputTemplate", "{\"rule\": <aws.events.rule-name>, \"n\": <n>}");
    putRule("orders", "{\"source\":[\"shop\"]}", RuleState.ENABLED, target);
    startRouting(delivered::addAll);

    put("shop", "{\"n\":42}", null);

    await(() -> delivered.size() == 1);
    assertThat(delivered.getFirst().delivery().body()).contains("\"orders\"").contains("42");
  }

  @Test
  void aFailedHandOffIsRoutedAgainBeforeTheCursorMoves() {
    putRule("orders", "{\"source\":[\"shop\"]}", RuleState.ENABLED, target("t", QUEUE));
    AtomicInteger calls = new AtomicInteger();
    startRouting(
        requests -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("store unavailable");
          }
          delivered.addAll(requests);
        });

    put("shop", "{}", null);

    await(() -> delivered.size() == 1);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void restartResumesFromTheDurableCursor() {
    putRule("orders", "{\"source\":[\"shop\"]}", RuleState.ENABLED, target("t", QUEUE));
    startRouting(delivered::addAll);
    put("shop", "{\"n\":1}", null);
    await(() -> delivered.size() == 1);
    routers.close();
    // appended while nothing routes: only this one is delivered after the restart
    log.append(
        List.of(
            new NewEvent(
                BUS,
                "e2",
                Instant.EPOCH,
                "{\"id\":\"e2\",\"source\":\"shop\",\"detail\":{\"n\":2}}",
                "")));
    delivered.clear();

    startRouting(delivered::addAll);

    await(() -> delivered.size() == 1);
    assertThat(delivered.getFirst().delivery().body()).contains("\"n\":2");
  }

  @Test
  void aRuleAddedLaterIsUsedForLaterEvents() {
    startRouting(delivered::addAll);
    put("shop", "{}", null);
    long first = log.appended().getLast().sequence();
    await(() -> log.cursor(EventRouter.consumerOf(BUS)) == first);

    putRule("orders", "{\"source\":[\"shop\"]}", RuleState.ENABLED, target("t", QUEUE));
    put("shop", "{}", null);

    await(() -> delivered.size() == 1);
  }

  @Test
  void deletingABusForgetsItsCursorAndEvents() {
    startRouting(delivered::addAll);
    put("shop", "{}", null);
    long first = log.appended().getLast().sequence();
    await(() -> log.cursor(EventRouter.consumerOf(BUS)) == first);

    routers.busDeleted(BUS);

    assertThat(log.cursor(EventRouter.consumerOf(BUS))).isZero();
    assertThat(log.held()).isEmpty();
    assertThat(resources.get(EventRouters.INDEX, BUS)).isEmpty();
  }

  private String put(String source, String detail, String traceHeader) {
    ObjectNode response = putEvents.putEvents(request(source, detail, traceHeader), CONTEXT);
    assertThat(response.path("FailedEntryCount").asInt()).isZero();
    return response.path("Entries").get(0).path("EventId").asText();
  }

  private static ObjectNode request(String source, String detail, String traceHeader) {
    ObjectNode request = JSON.createObjectNode();
    ArrayNode entries = request.putArray("Entries");
    ObjectNode entry = entries.addObject().put("Source", source).put("DetailType", "t");
    entry.put("Detail", detail);
    if (traceHeader != null) {
      entry.put("TraceHeader", traceHeader);
    }
    return request;
  }

  private static ObjectNode target(String id, String arn) {
    return JSON.createObjectNode().put("Id", id).put("Arn", arn);
  }

  private void putRule(String name, String pattern, RuleState state, ObjectNode... targets) {
    Rule rule =
        new Rule(
            name,
            Arns.rule(REGION, ACCOUNT, "default", name),
            "default",
            BUS,
            Optional.of(pattern),
            Optional.empty(),
            state,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ACCOUNT,
            Instant.EPOCH,
            Map.of(),
            java.util.Arrays.stream(targets).map(RuleTarget::new).toList());
    resources.create(Documents.newRecord(rule));
    ruleBook.changed(BUS);
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within %s", WAIT).isLessThan(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
