package dev.docket.it.events;

import static dev.docket.it.events.EventBridgeClients.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * TestEventPattern over the wire: the 103 AWS-recorded cases of {@code conformance/patterns} (see
 * the PROVENANCE.md there) answer as AWS answered, with AWS's error codes and messages.
 */
class TestEventPatternTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static EventBridgeClient events;

  @BeforeAll
  static void client() {
    events = EventBridgeClients.client(docket);
  }

  @AfterAll
  static void close() {
    events.close();
  }

  /** One recorded case: its file name and contents. */
  record Case(String file, JsonNode json) {

    /** A member as TestEventPattern received it: a JSON string is raw text, else its JSON text. */
    String sent(String member) {
      JsonNode value = json.get(member);
      return value.isTextual() ? value.asText() : value.toString();
    }

    @Override
    public String toString() {
      return file;
    }
  }

  static List<Case> cases() throws URISyntaxException {
    Path directory =
        Path.of(TestEventPatternTest.class.getResource("/conformance/patterns").toURI());
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          .sorted()
          .map(
              f -> {
                try {
                  return new Case(f.getFileName().toString(), JSON.readTree(f.toFile()));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersAsAwsAnswered(Case c) {
    String expected = c.json().get("expected").asText();
    String pattern = c.sent("eventPattern");
    String event = c.sent("event");

    if (expected.equals("INVALID")) {
      AwsErrorDetails error =
          errorOf(() -> events.testEventPattern(b -> b.eventPattern(pattern).event(event)));
      assertThat(error.errorCode()).isEqualTo(c.json().get("awsErrorCode").asText());
      assertThat(error.errorMessage()).isEqualTo(c.json().get("awsErrorMessage").asText());
    } else {
      boolean result = events.testEventPattern(b -> b.eventPattern(pattern).event(event)).result();
      assertThat(result).isEqualTo(expected.equals("MATCH"));
    }
  }

  @Test
  void allOneHundredAndThreeCasesAreThere() throws URISyntaxException {
    assertThat(cases()).hasSize(103);
  }

  @Test
  void anEventWithoutItsEnvelopeFieldsIsRefused() {
    AwsErrorDetails error =
        errorOf(
            () ->
                events.testEventPattern(
                    b -> b.eventPattern("{\"source\":[\"a\"]}").event("{\"source\":\"a\"}")));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
    assertThat(error.errorMessage()).isEqualTo("Parameter Event is not valid.");
  }
}
