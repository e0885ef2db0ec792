package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.delivery.DeliveryConfig;
import dev.docket.delivery.DeliveryEngine;
import dev.docket.delivery.Targets;
import dev.docket.model.ServiceException;
import dev.docket.schedule.ScheduleExpression;
import dev.docket.store.LoggedEvent;
import dev.docket.store.Timer;
import dev.docket.store.TimerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduledRulesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cron(INVALID)",
        "cron(0 dummy ? * MON-FRI *)",
        "cron(7 20 * * NOT *)",
        "cron(71 8 1 * ? *)",
        "cron(0 1 * * * *)",
        "rate(0 minutes)",
        "rate(1 minutes)",
        "rate(5 seconds)",
        "at(2026-12-01T10:00:00)",
        "every day"
      })
  void invalidExpressionsAreRefusedWithAwsMessage(String expression) {
    assertThatThrownBy(() -> ScheduledRules.parse(expression))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> {
              assertThat(e.code()).isEqualTo(EventsError.VALIDATION);
              assertThat(e.getMessage()).isEqualTo("Parameter ScheduleExpression is not valid.");
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rate(1 minute)",
        "rate(5 minutes)",
        "rate(1 day)",
        "cron(0 10 * * ? *)",
        "cron(0/5 8-17 ? * MON-FRI *)",
        "cron(15 10 ? * 6L 2002-2005)",
        "cron(0 2 ? * SAT#3 *)",
        "cron(0/5 5 ? JAN 1-5 2022)"
      })
  void rateAndCronAreAccepted(String expression) {
    assertThat(ScheduledRules.parse(expression)).isNotInstanceOf(ScheduleExpression.At.class);
  }

  @Test
  void theScheduledEventIsWrittenAsEventBridgeWritesIt() throws Exception {
    Rule rule = rule("arn:aws:events:eu-west-1:111111111111:rule/tick");
    LoggedEvent event =
        ScheduledRules.scheduledEvent(rule, Instant.parse("2026-12-01T10:05:00.120Z"));

    JsonNode json = new ObjectMapper().readTree(event.json());

    assertThat(json.fieldNames())
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
    assertThat(json.get("version").asText()).isEqualTo("0");
    assertThat(json.get("id").asText()).isEqualTo(event.id()).hasSize(36);
    assertThat(json.get("detail-type").asText()).isEqualTo("Scheduled Event");
    assertThat(json.get("source").asText()).isEqualTo("aws.events");
    assertThat(json.get("account").asText()).isEqualTo("111111111111");
    assertThat(json.get("time").asText()).isEqualTo("2026-12-01T10:05:00Z");
    assertThat(json.get("region").asText()).isEqualTo("eu-west-1");
    assertThat(json.get("resources").toString()).isEqualTo("[\"" + rule.arn() + "\"]");
    assertThat(json.get("detail").toString()).isEqualTo("{}");
  }

  private static Rule rule(String arn) {
    return new Rule(
        "tick",
        arn,
        "default",
        "arn:aws:events:eu-west-1:111111111111:event-bus/default",
        Optional.empty(),
        Optional.of("rate(5 minutes)"),
        RuleState.ENABLED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "111111111111",
        Instant.EPOCH,
        Map.of(),
        List.of());
  }

  /** Scheduled rules for tests that write only pattern rules: any timer use fails the test. */
  static ScheduledRules unused(Clock clock) {
    TimerStore none =
        new TimerStore() {
          @Override
          public void schedule(Timer timer) {
            throw new AssertionError("no timers expected");
          }

          @Override
          public boolean cancel(String id) {
            throw new AssertionError("no timers expected");
          }

          @Override
          public List<Timer> claimDue(String kind, Instant now, int limit, Duration lease) {
            throw new AssertionError("no timers expected");
          }

          @Override
          public boolean reschedule(String id, long leaseToken, Instant dueAt, String payload) {
            throw new AssertionError("no timers expected");
          }

          @Override
          public boolean advance(
              String id,
              long leaseToken,
              Optional<Instant> nextDue,
              String payload,
              List<Timer> created) {
            throw new AssertionError("no timers expected");
          }

          @Override
          public boolean complete(String id, long leaseToken) {
            throw new AssertionError("no timers expected");
          }

          @Override
          public Optional<Instant> nextDue(String kind, Instant now) {
            throw new AssertionError("no timers expected");
          }
        };
    return new ScheduledRules(
        new InMemoryResources(),
        none,
        new DeliveryEngine(none, new Targets(), DeliveryConfig.defaults(), clock),
        clock);
  }
}
