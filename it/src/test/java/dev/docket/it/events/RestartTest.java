package dev.docket.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.server.DocketServer;
import dev.docket.server.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;

/** Buses, rules, targets and tags are in the store: a restarted server answers as before. */
class RestartTest {

  @TempDir Path data;

  private static EventBridgeClient client(DocketServer server) {
    return EventBridgeClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Test
  void busesRulesTargetsAndTagsSurviveARestart() {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDirectory(data);
    Target target =
        Target.builder()
            .id("t1")
            .arn(EventBridgeClients.queueArn("kept"))
            .inputPath("$.detail")
            .build();
    Tag tag = Tag.builder().key("team").value("orders").build();
    try (DocketServer server = DocketServer.start(config);
        EventBridgeClient events = client(server)) {
      events.createEventBus(b -> b.name("kept").description("survives").tags(tag));
      events.putRule(
          b ->
              b.name("r")
                  .eventBusName("kept")
                  .eventPattern("{\"source\":[\"a\"]}")
                  .state(RuleState.DISABLED));
      events.putTargets(b -> b.rule("r").eventBusName("kept").targets(target));
    }

    try (DocketServer server = DocketServer.start(config);
        EventBridgeClient events = client(server)) {
      assertThat(events.describeEventBus(b -> b.name("kept")).description()).isEqualTo("survives");
      assertThat(
              events
                  .listTagsForResource(b -> b.resourceARN(EventBridgeClients.busArn("kept")))
                  .tags())
          .containsExactly(tag);
      assertThat(events.describeRule(b -> b.name("r").eventBusName("kept")).state())
          .isEqualTo(RuleState.DISABLED);
      assertThat(events.listTargetsByRule(b -> b.rule("r").eventBusName("kept")).targets())
          .containsExactly(target);
    }
  }
}
