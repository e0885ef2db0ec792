package dev.docket.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.DeliveryRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FiringsRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00.250Z");

  private static Schedule scheduleWith(ObjectNode target) {
    return new Schedule(
        "nightly",
        "ops",
        Arns.schedule("eu-west-1", "123456789012", "ops", "nightly"),
        "123456789012",
        "eu-west-1",
        Optional.empty(),
        "rate(1 day)",
        "UTC",
        Optional.empty(),
        Optional.empty(),
        "OFF",
        Optional.empty(),
        "ENABLED",
        "NONE",
        Optional.empty(),
        ScheduleChecks.target(target),
        AT,
        AT,
        Optional.empty());
  }

  @Test
  void aQueueGetsTheInputWithTheRetryPolicyDeadLetterAndGroupId() throws Exception {
    ObjectNode target =
        (ObjectNode)
            JSON.readTree(
                """
                {"Arn":"arn:aws:sqs:eu-west-1:123456789012:jobs.fifo","RoleArn":"r","Input":"job",
                 "RetryPolicy":{"MaximumRetryAttempts":3},
                 "DeadLetterConfig":{"Arn":"arn:aws:sqs:eu-west-1:123456789012:dlq"},
                 "SqsParameters":{"MessageGroupId":"g"}}
                """);

    DeliveryRequest request = Firings.request(scheduleWith(target), AT);

    assertThat(request.delivery().body()).isEqualTo("job");
    assertThat(
            request.delivery().parameters().path("SqsParameters").path("MessageGroupId").asText())
        .isEqualTo("g");
    assertThat(request.retryPolicy().maximumRetryAttempts()).isEqualTo(3);
    assertThat(request.retryPolicy().maximumEventAge()).isEqualTo(Duration.ofDays(1));
    assertThat(request.deadLetterArn()).contains("arn:aws:sqs:eu-west-1:123456789012:dlq");
    assertThat(request.firstAttemptAt()).isEqualTo(AT);
    assertThat(Firings.request(scheduleWith(target), AT).delivery().eventId())
        .as("the same occurrence has the same id")
        .isEqualTo(request.delivery().eventId());
  }

  @Test
  void aBusGetsAnEventWithTheInputAsDetail() throws Exception {
    ObjectNode target =
        (ObjectNode)
            JSON.readTree(
                """
                {"Arn":"arn:aws:events:eu-west-1:123456789012:event-bus/orders","RoleArn":"r",
                 "Input":"{\\"n\\":1}",
                 "EventBridgeParameters":{"DetailType":"Tick","Source":"my.app"}}
                """);

    JsonNode event = JSON.readTree(Firings.request(scheduleWith(target), AT).delivery().body());

    assertThat(event.get("detail-type").asText()).isEqualTo("Tick");
    assertThat(event.get("source").asText()).isEqualTo("my.app");
    assertThat(event.get("detail").toString()).isEqualTo("{\"n\":1}");
    assertThat(event.get("time").asText()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(event.get("account").asText()).isEqualTo("123456789012");
    assertThat(event.get("region").asText()).isEqualTo("eu-west-1");
    assertThat(event.get("resources").get(0).asText())
        .isEqualTo("arn:aws:scheduler:eu-west-1:123456789012:schedule/ops/nightly");
  }

  @Test
  void withoutInputATargetGetsAnEmptyObject() throws Exception {
    ObjectNode target =
        (ObjectNode)
            JSON.readTree(
                "{\"Arn\":\"arn:aws:states:eu-west-1:123456789012:stateMachine:m\",\"RoleArn\":\"r\"}");

    assertThat(Firings.request(scheduleWith(target), AT).delivery().body()).isEqualTo("{}");
  }
}
