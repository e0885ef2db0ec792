package dev.docket.delivery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryConfigTest {

  @Test
  void refusesValuesOutsideTheirRanges() {
    DeliveryConfig defaults = DeliveryConfig.defaults();

    assertThatThrownBy(() -> defaults.withMaxConcurrencyPerTarget(0))
        .hasMessage("maxConcurrencyPerTarget must be between 1 and 10000, but was 0");
    assertThatThrownBy(() -> defaults.withBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessage("backoffBase must be positive, but was PT0S");
    assertThatThrownBy(() -> defaults.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("backoffCap must not be shorter than backoffBase (PT2S), but was PT1S");
    assertThatThrownBy(() -> defaults.withPollInterval(Duration.ofSeconds(-1)))
        .hasMessage("pollInterval must be positive, but was PT-1S");
  }
}
