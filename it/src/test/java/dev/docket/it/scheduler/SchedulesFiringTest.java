package dev.docket.it.scheduler;

import static dev.docket.it.scheduler.SchedulerIt.OFF;
import static dev.docket.it.scheduler.SchedulerIt.ROLE;
import static dev.docket.it.scheduler.SchedulerIt.failure;
import static dev.docket.it.scheduler.SchedulerIt.queue;
import static dev.docket.it.scheduler.SchedulerIt.target;
import static dev.docket.it.scheduler.SchedulerIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.it.Arrivals;
import dev.docket.it.scheduler.SchedulerIt.Queue;
import dev.docket.testing.DocketExtension;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Schedules on a manual clock: each delivers its target's input at its occurrences and at no other
 * time, to queues, buses and state machines, with flexible windows, time zones, start dates,
 * one-time schedules that delete themselves, and missed occurrences after a long pause.
 */
class SchedulesFiringTest {

  private static final Instant START = Instant.parse("2026-12-01T09:58:30Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  @RegisterExtension
  static DocketExtension docket = DocketExtension.builder().manualClock(START).build();

  private static SchedulerClient scheduler;
  private static SqsClient sqs;

  @BeforeAll
  static void clients() {
    scheduler = SchedulerIt.client(docket.endpoint());
    sqs = docket.sqs();
  }

  @AfterAll
  static void close() {
    scheduler.close();
  }

  private static String create(
      String name, String expression, Target target, Consumer<CreateScheduleRequest.Builder> more) {
    return scheduler
        .createSchedule(
            b -> {
              b.name(name).scheduleExpression(expression).flexibleTimeWindow(OFF).target(target);
              more.accept(b);
            })
        .scheduleArn();
  }

  private static String at(Instant instant) {
    return "at(" + LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(AT) + ")";
  }

  @Test
  void aRateScheduleDeliversItsInputOncePerPeriod() {
    Queue queue = queue(sqs, "rate", Map.of());
    String name = uniqueName("rate");
    create(name, "rate(5 minutes)", target(queue.arn(), "{\"job\":\"report\"}"), b -> {});

    docket.advance(Duration.ofMinutes(4));
    assertThat(settledMessages(queue)).as("nothing before the first period ends").isEmpty();
    docket.advance(Duration.ofMinutes(1));
    assertThat(awaitMessages(queue, 1).getFirst().body()).isEqualTo("{\"job\":\"report\"}");
    docket.advance(Duration.ofMinutes(5));
    assertThat(awaitMessages(queue, 1)).hasSize(1);

    scheduler.deleteSchedule(b -> b.name(name));
    docket.advance(Duration.ofMinutes(5));
    assertThat(settledMessages(queue)).as("a deleted schedule stops").isEmpty();
  }

  @Test
  void aOneTimeScheduleFiresOnceAndDeletesItselfWhenAsked() {
    Queue queue = queue(sqs, "once", Map.of());
    String name = uniqueName("once");
    Instant when = docket.clock().instant().plus(Duration.ofMinutes(3));
    create(
        name,
        at(when),
        target(queue.arn(), "once"),
        b -> b.actionAfterCompletion(ActionAfterCompletion.DELETE));

    docket.advance(Duration.ofMinutes(2));
    assertThat(settledMessages(queue)).isEmpty();
    docket.advance(Duration.ofMinutes(1));

    assertThat(awaitMessages(queue, 1).getFirst().body()).isEqualTo("once");
    awaitGone(name);
    docket.advance(Duration.ofHours(1));
    assertThat(settledMessages(queue)).isEmpty();
  }

  @Test
  void aDisabledScheduleDoesNotFireUntilEnabled() {
    Queue queue = queue(sqs, "disabled", Map.of());
    String name = uniqueName("disabled");
    Target target = target(queue.arn(), "tick");
    create(name, "rate(1 minute)", target, b -> b.state(ScheduleState.DISABLED));

    docket.advance(Duration.ofMinutes(3));
    assertThat(settledMessages(queue)).isEmpty();
    scheduler.updateSchedule(
        b ->
            b.name(name)
                .scheduleExpression("rate(1 minute)")
                .flexibleTimeWindow(OFF)
                .target(target)
                .state(ScheduleState.ENABLED));
    docket.advance(Duration.ofMinutes(1));

    assertThat(awaitMessages(queue, 1)).hasSize(1);
    scheduler.deleteSchedule(b -> b.name(name));
  }

  @Test
  void aCronScheduleRunsInItsTimeZone() {
    Queue queue = queue(sqs, "zoned", Map.of());
    String name = uniqueName("zoned");
    // 05:00 in New York (EST, UTC-5 in December) is 10:00 UTC
    create(
        name,
        "cron(0 5 * * ? *)",
        target(queue.arn(), "morning"),
        b -> b.scheduleExpressionTimezone("America/New_York"));
    Instant now = docket.clock().instant();
    Instant tenUtc =
        now.atZone(ZoneOffset.UTC).toLocalDate().atTime(10, 0).toInstant(ZoneOffset.UTC);
    if (!tenUtc.isAfter(now)) {
      tenUtc = tenUtc.plus(Duration.ofDays(1));
    }

    docket.advance(Duration.between(now, tenUtc).minusSeconds(1));
    assertThat(settledMessages(queue)).isEmpty();
    docket.advance(Duration.ofSeconds(1));

    assertThat(awaitMessages(queue, 1).getFirst().body()).isEqualTo("morning");
    scheduler.deleteSchedule(b -> b.name(name));
  }

  @Test
  void aStartDateDelaysTheFirstOccurrence() {
    Queue queue = queue(sqs, "start", Map.of());
    String name = uniqueName("start");
    Instant start = docket.clock().instant().plus(Duration.ofMinutes(10));
    create(name, "rate(1 minute)", target(queue.arn(), "go"), b -> b.startDate(start));

    docket.advance(Duration.ofMinutes(9));
    assertThat(settledMessages(queue)).isEmpty();
    docket.advance(Duration.ofMinutes(1));

    assertThat(awaitMessages(queue, 1)).hasSize(1);
    scheduler.deleteSchedule(b -> b.name(name));
  }

  @Test
  void aFlexibleWindowFiresOnceWithinTheWindow() {
    Queue queue = queue(sqs, "flexible", Map.of());
    String name = uniqueName("flexible");
    create(
        name,
        "rate(1 hour)",
        target(queue.arn(), "sometime"),
        b ->
            b.flexibleTimeWindow(
                w -> w.mode(FlexibleTimeWindowMode.FLEXIBLE).maximumWindowInMinutes(15)));

    docket.advance(Duration.ofMinutes(59));
    assertThat(settledMessages(queue)).as("not before the occurrence").isEmpty();
    docket.advance(Duration.ofMinutes(16));

    assertThat(awaitMessages(queue, 1)).hasSize(1);
    scheduler.deleteSchedule(b -> b.name(name));
  }

  @Test
  void aFifoQueueTargetGetsTheMessageGroupId() {
    Queue queue =
        queue(sqs, "fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"));
    String name = uniqueName("fifo");
    create(
        name,
        "rate(1 minute)",
        Target.builder()
            .arn(queue.arn())
            .roleArn(ROLE)
            .input("{\"fifo\":true}")
            .sqsParameters(p -> p.messageGroupId("group-7"))
            .build(),
        b -> {});

    docket.advance(Duration.ofMinutes(1));

    Message message = awaitMessages(queue, 1).getFirst();
    assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
        .isEqualTo("group-7");
    scheduler.deleteSchedule(b -> b.name(name));
  }

  @Test
  void aBusTargetGetsAnEventWhoseDetailIsTheInput() throws Exception {
    Queue queue = queue(sqs, "via-bus", Map.of());
    String bus = uniqueName("bus");
    String name = uniqueName("to-bus");
    try (EventBridgeClient events = events()) {
      String busArn = events.createEventBus(b -> b.name(bus)).eventBusArn();
      events.putRule(
          b ->
              b.name("from-scheduler").eventBusName(bus).eventPattern("{\"source\":[\"my.app\"]}"));
      events.putTargets(
          b -> b.rule("from-scheduler").eventBusName(bus).targets(t -> t.id("q").arn(queue.arn())));
      String scheduleArn =
          create(
              name,
              "rate(1 minute)",
              Target.builder()
                  .arn(busArn)
                  .roleArn(ROLE)
                  .input("{\"order\":42}")
                  .eventBridgeParameters(p -> p.source("my.app").detailType("Order Due"))
                  .build(),
              b -> {});

      docket.advance(Duration.ofMinutes(1));

      JsonNode event = JSON.readTree(awaitMessages(queue, 1).getFirst().body());
      assertThat(event.get("source").asText()).isEqualTo("my.app");
      assertThat(event.get("detail-type").asText()).isEqualTo("Order Due");
      assertThat(event.get("detail").toString()).isEqualTo("{\"order\":42}");
      assertThat(event.get("resources").toString()).isEqualTo("[\"" + scheduleArn + "\"]");
      scheduler.deleteSchedule(b -> b.name(name));
    }
  }

  @Test
  void aStateMachineTargetStartsAnExecutionWithTheInput() throws Exception {
    String name = uniqueName("to-machine");
    try (SfnClient sfn = sfn()) {
      String machine =
          sfn.createStateMachine(
                  b ->
                      b.name(uniqueName("scheduled"))
                          .roleArn(ROLE)
                          .definition(
                              "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"))
              .stateMachineArn();
      create(name, "rate(1 minute)", target(machine, "{\"run\":1}"), b -> {});

      docket.advance(Duration.ofMinutes(1));

      List<ExecutionListItem> executions = List.of();
      for (int i = 0; i < 400 && executions.isEmpty(); i++) {
        executions = sfn.listExecutions(b -> b.stateMachineArn(machine)).executions();
        pause();
      }
      assertThat(executions).hasSize(1);
      String arn = executions.getFirst().executionArn();
      assertThat(sfn.describeExecution(b -> b.executionArn(arn)).input()).isEqualTo("{\"run\":1}");
      scheduler.deleteSchedule(b -> b.name(name));
    }
  }

  @Test
  void aFailedDeliveryGoesToTheDeadLetterQueue() {
    Queue deadLetters = queue(sqs, "dlq", Map.of());
    String name = uniqueName("undeliverable");
    create(
        name,
        "rate(1 minute)",
        Target.builder()
            .arn("arn:aws:sqs:us-east-1:000000000000:no-such-queue")
            .roleArn(ROLE)
            .input("lost")
            .retryPolicy(r -> r.maximumRetryAttempts(0))
            .deadLetterConfig(d -> d.arn(deadLetters.arn()))
            .build(),
        b -> {});

    docket.advance(Duration.ofMinutes(1));

    assertThat(awaitMessages(deadLetters, 1).getFirst().body()).isEqualTo("lost");
    scheduler.deleteSchedule(b -> b.name(name));
  }

  @Test
  void afterALongPauseOnlyTheLatestMissedOccurrenceFires() {
    Queue queue = queue(sqs, "missed", Map.of());
    String name = uniqueName("missed");
    create(name, "rate(1 minute)", target(queue.arn(), "caught-up"), b -> {});

    docket.advance(Duration.ofHours(3));

    assertThat(awaitMessages(queue, 1)).hasSize(1);
    assertThat(settledMessages(queue)).as("older occurrences are not fired").isEmpty();
    scheduler.deleteSchedule(b -> b.name(name));
  }

  @Test
  void aMissedOccurrenceOlderThanTheMaximumEventAgeIsSkipped() {
    Queue queue = queue(sqs, "too-old", Map.of());
    String name = uniqueName("too-old");
    Instant when = docket.clock().instant().plus(Duration.ofMinutes(1));
    create(
        name,
        at(when),
        Target.builder()
            .arn(queue.arn())
            .roleArn(ROLE)
            .input("stale")
            .retryPolicy(r -> r.maximumEventAgeInSeconds(60))
            .build(),
        b -> {});

    docket.advance(Duration.ofMinutes(10));

    assertThat(settledMessages(queue)).isEmpty();
    assertThat(scheduler.getSchedule(b -> b.name(name)).name())
        .as("ActionAfterCompletion NONE keeps it")
        .isEqualTo(name);
    scheduler.deleteSchedule(b -> b.name(name));
  }

  private static void awaitGone(String name) {
    for (int i = 0; i < 200; i++) {
      try {
        scheduler.getSchedule(b -> b.name(name));
      } catch (software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException e) {
        return;
      }
      pause();
    }
    assertThat(failure(() -> scheduler.getSchedule(b -> b.name(name))).status()).isEqualTo(404);
  }

  private static EventBridgeClient events() {
    return EventBridgeClient.builder()
        .endpointOverride(URI.create(docket.endpoint().toString()))
        .region(DocketExtension.REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static SfnClient sfn() {
    return SfnClient.builder()
        .endpointOverride(URI.create(docket.endpoint().toString()))
        .region(DocketExtension.REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** Receives (and deletes) until {@code count} messages arrived, polling in real time. */
  private static List<Message> awaitMessages(Queue queue, int count) {
    return Arrivals.await(sqs, queue.url(), count, Duration.ofSeconds(20));
  }

  /** What reaches the queue once the timer loops have had a moment to act on the clock's move. */
  private static List<Message> settledMessages(Queue queue) {
    return Arrivals.settled(sqs, queue.url(), Duration.ofMillis(500));
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
