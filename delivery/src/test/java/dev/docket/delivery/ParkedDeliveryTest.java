package dev.docket.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParkedDeliveryTest {

  @Test
  void aParkedDeliveryReadsBackAsItWasWritten() {
    ObjectNode parameters = JsonNodeFactory.instance.objectNode();
    parameters.putObject("SqsParameters").put("MessageGroupId", "g1");
    ParkedDelivery parked =
        new ParkedDelivery(
            new DeliveryRequest(
                new Delivery(
                    "arn:aws:sqs:us-east-1:000000000000:q.fifo",
                    "{\"a\":\"ü \\\" x\"}",
                    parameters,
                    Map.of("k", "v"),
                    "e1",
                    "Root=1-abc",
                    new Origin(
                        "events.amazonaws.com",
                        "arn:aws:events:us-east-1:000000000000:rule/r",
                        "000000000000")),
                new RetryPolicy(7, Duration.ofSeconds(3600)),
                Optional.of("arn:aws:sqs:us-east-1:000000000000:dlq"),
                "arn:aws:events:us-east-1:000000000000:rule/r",
                "t1",
                Instant.parse("2026-12-01T00:00:00.123456789Z"),
                Optional.of("{\"id\":\"e1\",\"detail\":{}}")),
            3,
            new Outcome.Failed("THROTTLING", "slow down", true));

    assertThat(ParkedDelivery.decode(parked.encode())).isEqualTo(parked);
  }

  @Test
  void anUnattemptedDeliveryReadsBackWithoutALastError() {
    ParkedDelivery parked =
        ParkedDelivery.unattempted(
            new DeliveryRequest(
                new Delivery(
                    "arn:aws:sqs:us-east-1:000000000000:q",
                    "{}",
                    JsonNodeFactory.instance.objectNode(),
                    Map.of(),
                    "e2",
                    ""),
                RetryPolicy.DEFAULT,
                Optional.empty(),
                "arn:aws:scheduler:us-east-1:000000000000:schedule/default/s",
                "s",
                Instant.parse("2026-12-01T00:00:00Z")));

    ParkedDelivery read = ParkedDelivery.decode(parked.encode());

    assertThat(read).isEqualTo(parked);
    assertThat(read.attempts()).isZero();
    assertThat(read.lastError()).isEmpty();
    assertThat(read.request().delivery().origin()).isEqualTo(Origin.NONE);
  }

  @Test
  void aPayloadOfAnotherVersionIsRefused() {
    assertThatThrownBy(() -> ParkedDelivery.decode("{\"v\":2}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ParkedDelivery.decode("not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
