package dev.docket.it.events;

import static dev.docket.it.events.EventBridgeClients.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

class UnsupportedOperationsTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static EventBridgeClient events;

  @BeforeAll
  static void client() {
    events = EventBridgeClients.client(docket);
  }

  @AfterAll
  static void close() {
    events.close();
  }

  @Test
  void endpointsAndPartnerSourcesAnswerUnsupportedOperation() {
    assertThat(errorOf(() -> events.listEndpoints(b -> {})).errorCode())
        .isEqualTo("UnsupportedOperation");
    assertThat(errorOf(() -> events.listEventSources(b -> {})).errorCode())
        .isEqualTo("UnsupportedOperation");
  }
}
