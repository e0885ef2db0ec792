package dev.docket.it.events;

import static dev.docket.it.events.EventBridgeClients.errorOf;
import static dev.docket.it.events.EventsIt.parse;
import static dev.docket.it.events.EventsIt.queue;
import static dev.docket.it.events.EventsIt.target;
import static dev.docket.it.events.EventsIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.it.Arrivals;
import dev.docket.it.events.EventsIt.Queue;
import dev.docket.testing.DocketExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Scheduled rules on a manual clock: a rule with {@code rate(...)} or {@code cron(...)} on the
 * default bus hands its targets the Scheduled Event at each occurrence, and at no other time.
 */
class ScheduledRulesTest {

  private static final Instant START = Instant.parse("2026-12-01T09:58:30Z");

  @RegisterExtension
  static DocketExtension docket = DocketExtension.builder().manualClock(START).build();

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
  void aRateRuleDeliversTheScheduledEventOncePerPeriod() {
    Queue queue = queue(sqs, "rate");
    String name = uniqueName("every-5");
    Instant created = docket.clock().instant();
    String arn = scheduled(name, "rate(5 minutes)", target("q", queue.arn()));

    docket.advance(Duration.ofMinutes(4));
    assertThat(settledMessages(queue)).as("nothing before the first period ends").isEmpty();

    docket.advance(Duration.ofMinutes(1));
    List<Message> first = awaitMessages(queue, 1);
    JsonNode event = parse(first.getFirst().body());
    assertThat(event.get("version").asText()).isEqualTo("0");
    assertThat(event.get("detail-type").asText()).isEqualTo("Scheduled Event");
    assertThat(event.get("source").asText()).isEqualTo("aws.events");
    assertThat(event.get("account").asText()).isEqualTo(EventBridgeClients.ACCOUNT);
    assertThat(event.get("region").asText()).isEqualTo(EventBridgeClients.REGION);
    assertThat(event.get("time").asText())
        .isEqualTo(created.plus(Duration.ofMinutes(5)).toString().replace(".000", ""));
    assertThat(event.get("resources").toString()).isEqualTo("[\"" + arn + "\"]");
    assertThat(event.get("detail").toString()).isEqualTo("{}");
    assertThat(event.get("id").asText()).hasSize(36);

    docket.advance(Duration.ofMinutes(5));
    List<Message> second = awaitMessages(queue, 1);
    assertThat(parse(second.getFirst().body()).get("id").asText())
        .isNotEqualTo(event.get("id").asText());
    assertThat(settledMessages(queue)).as("one event per occurrence").isEmpty();
    cleanUp(name);
  }

  @Test
  void aCronRuleFiresAtItsMinuteInUtc() {
    Queue queue = queue(sqs, "cron");
    String name = uniqueName("on-the-hour");
    scheduled(name, "cron(0 * * * ? *)", target("q", queue.arn()));
    Instant now = docket.clock().instant();
    Instant nextHour = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(3600);

    docket.advance(Duration.between(now, nextHour).minusSeconds(1));
    assertThat(settledMessages(queue)).isEmpty();
    docket.advance(Duration.ofSeconds(1));

    JsonNode event = parse(awaitMessages(queue, 1).getFirst().body());
    assertThat(event.get("time").asText()).isEqualTo(nextHour.toString());
    cleanUp(name);
  }

  @Test
  void aTargetsInputReplacesTheScheduledEvent() {
    Queue queue = queue(sqs, "input");
    String name = uniqueName("with-input");
    scheduled(
        name,
        "rate(1 minute)",
        Target.builder().id("q").arn(queue.arn()).input("{\"job\":\"cleanup\"}").build());

    docket.advance(Duration.ofMinutes(1));

    assertThat(awaitMessages(queue, 1).getFirst().body()).isEqualTo("{\"job\":\"cleanup\"}");
    cleanUp(name);
  }

  @Test
  void aDisabledRuleDoesNotFireAndEnablingItStartsItsPeriodAgain() {
    Queue queue = queue(sqs, "disabled");
    String name = uniqueName("paused");
    scheduled(name, "rate(2 minutes)", target("q", queue.arn()));

    docket.advance(Duration.ofMinutes(1));
    events.disableRule(b -> b.name(name));
    docket.advance(Duration.ofMinutes(3));
    assertThat(settledMessages(queue)).isEmpty();

    events.enableRule(b -> b.name(name));
    docket.advance(Duration.ofMinutes(1));
    assertThat(settledMessages(queue)).as("the period counts from enabling").isEmpty();
    docket.advance(Duration.ofMinutes(1));
    assertThat(awaitMessages(queue, 1)).hasSize(1);
    cleanUp(name);
  }

  @Test
  void aDeletedRuleStopsFiring() {
    Queue queue = queue(sqs, "deleted");
    String name = uniqueName("gone");
    scheduled(name, "rate(1 minute)", target("q", queue.arn()));

    cleanUp(name);
    docket.advance(Duration.ofMinutes(3));

    assertThat(settledMessages(queue)).isEmpty();
  }

  @Test
  void changingTheExpressionMovesTheNextFiring() {
    Queue queue = queue(sqs, "changed");
    String name = uniqueName("changed");
    scheduled(name, "rate(10 minutes)", target("q", queue.arn()));

    docket.advance(Duration.ofMinutes(1));
    events.putRule(b -> b.name(name).scheduleExpression("rate(2 minutes)"));
    docket.advance(Duration.ofMinutes(2));

    assertThat(awaitMessages(queue, 1)).hasSize(1);
    cleanUp(name);
  }

  @Test
  void describeAndListShowTheSchedule() {
    String name = uniqueName("described");
    events.putRule(b -> b.name(name).scheduleExpression("cron(0 20 * * ? *)"));

    assertThat(events.describeRule(b -> b.name(name)).scheduleExpression())
        .isEqualTo("cron(0 20 * * ? *)");
    Rule listed = events.listRules(b -> b.namePrefix(name)).rules().getFirst();
    assertThat(listed.scheduleExpression()).isEqualTo("cron(0 20 * * ? *)");
    assertThat(listed.eventPattern()).isNull();
    assertThat(listed.eventBusName()).isEqualTo("default");
    events.deleteRule(b -> b.name(name));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cron(INVALID)",
        "cron(0 dummy ? * MON-FRI *)",
        "cron(7 20 * * NOT *)",
        "cron(71 8 1 * ? *)",
        "cron(0 1 * * * *)",
        "rate(1 minutes)",
        "rate(0 minutes)",
        "at(2026-12-24T18:00:00)"
      })
  void aBadExpressionIsRefusedWithAwsMessage(String expression) {
    AwsErrorDetails error =
        errorOf(
            () -> events.putRule(b -> b.name(uniqueName("bad")).scheduleExpression(expression)));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
    assertThat(error.errorMessage()).isEqualTo("Parameter ScheduleExpression is not valid.");
  }

  private static String scheduled(String name, String expression, Target target) {
    String arn = events.putRule(b -> b.name(name).scheduleExpression(expression)).ruleArn();
    assertThat(events.putTargets(b -> b.rule(name).targets(target)).failedEntryCount()).isZero();
    return arn;
  }

  private static void cleanUp(String name) {
    events.removeTargets(b -> b.rule(name).ids("q"));
    events.deleteRule(b -> b.name(name));
  }

  /** Receives (and deletes) until {@code count} messages arrived, polling in real time. */
  static List<Message> awaitMessages(Queue queue, int count) {
    return Arrivals.await(sqs, queue.url(), count, Duration.ofSeconds(20));
  }

  /** What reaches the queue once the server has had a moment to act on the clock's last move. */
  static List<Message> settledMessages(Queue queue) {
    return Arrivals.settled(sqs, queue.url(), Duration.ofMillis(500));
  }
}
