package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArnsTest {

  @Test
  void aRuleOnTheDefaultBusHasNoBusSegment() {
    assertThat(Arns.rule("us-east-1", "123456789012", "default", "r"))
        .isEqualTo("arn:aws:events:us-east-1:123456789012:rule/r");
  }

  @Test
  void aRuleOnACustomBusNamesTheBus() {
    assertThat(Arns.rule("us-east-1", "123456789012", "orders", "r"))
        .isEqualTo("arn:aws:events:us-east-1:123456789012:rule/orders/r");
  }

  @Test
  void busConnectionAndApiDestinationArnsFollowEventBridgesFormats() {
    assertThat(Arns.bus("eu-west-1", "123456789012", "orders"))
        .isEqualTo("arn:aws:events:eu-west-1:123456789012:event-bus/orders");
    assertThat(Arns.connection("eu-west-1", "123456789012", "c", "u-1"))
        .isEqualTo("arn:aws:events:eu-west-1:123456789012:connection/c/u-1");
    assertThat(Arns.apiDestination("eu-west-1", "123456789012", "d", "u-2"))
        .isEqualTo("arn:aws:events:eu-west-1:123456789012:api-destination/d/u-2");
  }

  @Test
  void parseSplitsAnEventBridgeArnAndRefusesOthers() {
    Arns.Parsed parsed = Arns.parse("arn:aws:events:us-east-1:123456789012:rule/orders/r").get();

    assertThat(parsed).isEqualTo(new Arns.Parsed("us-east-1", "123456789012", "rule", "orders/r"));
    assertThat(Arns.parse("arn:aws:sqs:us-east-1:123456789012:q")).isEmpty();
    assertThat(Arns.parse("orders")).isEmpty();
  }

  @Test
  void busNameReadsOnlyBusArns() {
    assertThat(Arns.busName("arn:aws:events:us-east-1:123456789012:event-bus/orders"))
        .contains("orders");
    assertThat(Arns.busName("arn:aws:events:us-east-1:123456789012:rule/r")).isEmpty();
    assertThat(Arns.isBus("arn:aws:events:us-east-1:123456789012:event-bus/orders")).isTrue();
  }
}
