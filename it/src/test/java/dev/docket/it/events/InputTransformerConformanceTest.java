package dev.docket.it.events;

import static dev.docket.it.events.EventsIt.JSON;
import static dev.docket.it.events.EventsIt.parse;
import static dev.docket.it.events.EventsIt.put;
import static dev.docket.it.events.EventsIt.queue;
import static dev.docket.it.events.EventsIt.receive;
import static dev.docket.it.events.EventsIt.receiveNow;
import static dev.docket.it.events.EventsIt.rule;
import static dev.docket.it.events.EventsIt.target;
import static dev.docket.it.events.EventsIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.it.events.EventsIt.Queue;
import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.InputTransformer;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The 13 AWS-recorded input transformer cases ({@code conformance/input-transformers}, see
 * PROVENANCE.md there), each through a real rule with an SQS target: the body the queue receives is
 * what AWS delivered, and where AWS delivered nothing, nothing arrives.
 */
class InputTransformerConformanceTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

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

  static Stream<Arguments> cases() throws IOException, URISyntaxException {
    Path dir =
        Path.of(
            InputTransformerConformanceTest.class
                .getResource("/conformance/input-transformers")
                .toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".json"))
          .sorted()
          .map(
              f -> {
                try {
                  return Arguments.of(f.getFileName().toString(), JSON.readTree(f.toFile()));
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void queueReceivesWhatAwsDelivered(String file, JsonNode c) throws Exception {
    String bus = uniqueName("bus");
    events.createEventBus(b -> b.name(bus));
    Queue transformed = queue(sqs, "transformed");
    Queue sentinel = queue(sqs, "sentinel");
    Map<String, String> paths = new LinkedHashMap<>();
    c.path("inputPathsMap").properties().forEach(e -> paths.put(e.getKey(), e.getValue().asText()));
    rule(
        events,
        bus,
        "conformance",
        JSON.writeValueAsString(c.path("rulePattern")),
        Target.builder()
            .id("transformed")
            .arn(transformed.arn())
            .inputTransformer(
                InputTransformer.builder()
                    .inputPathsMap(paths)
                    .inputTemplate(c.path("inputTemplate").asText())
                    .build())
            .build(),
        target("sentinel", sentinel.arn()));
    JsonNode event = c.path("event");
    PutEventsRequestEntry entry =
        PutEventsRequestEntry.builder()
            .eventBusName(bus)
            .source(event.path("Source").asText())
            .detailType(event.path("DetailType").asText())
            .detail(event.path("Detail").asText())
            .build();

    put(events, entry);

    if (c.path("expected").asText().equals("DELIVERED")) {
      String body = receive(sqs, transformed.url(), 1).getFirst().body();
      if (c.path("expectedDeliveredKind").asText().equals("json")) {
        assertThat(parse(body)).isEqualTo(c.path("expectedDelivered"));
      } else {
        assertThat(body).isEqualTo(c.path("expectedDelivered").asText());
      }
    } else {
      // the router handles events in order: once a later event reached the sentinel queue, the
      // first one's deliveries are done
      receive(sqs, sentinel.url(), 1);
      put(events, entry);
      receive(sqs, sentinel.url(), 1);
      assertThat(receiveNow(sqs, transformed.url())).as(file).isEmpty();
    }
  }
}
