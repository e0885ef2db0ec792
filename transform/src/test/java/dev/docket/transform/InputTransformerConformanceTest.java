package dev.docket.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AWS-recorded cases in {@code src/test/resources/conformance} (see {@code PROVENANCE.md}
 * there): each case's PutEvents entry becomes the event EventBridge builds, the case's target input
 * renders it, and the body must be what AWS delivered to its SQS target, or nothing, or the
 * PutTargets error AWS answered.
 */
class InputTransformerConformanceTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ISO_8601 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

  static Stream<Arguments> sharedCases() throws IOException, URISyntaxException {
    return cases("/conformance/input-transformers");
  }

  static Stream<Arguments> moreCases() throws IOException, URISyntaxException {
    return cases("/conformance/input-transformers-more");
  }

  @ParameterizedTest
  @MethodSource("sharedCases")
  void sharedCorpusCaseRendersWhatAwsDelivered(JsonNode testCase) throws IOException {
    assertRendersAsRecorded(testCase);
  }

  @ParameterizedTest
  @MethodSource("moreCases")
  void furtherRecordedCaseRendersWhatAwsDelivered(JsonNode testCase) throws IOException {
    assertRendersAsRecorded(testCase);
  }

  private static void assertRendersAsRecorded(JsonNode testCase) throws IOException {
    String expected = testCase.path("expected").asText();
    if (expected.equals("INVALID")) {
      assertThatThrownBy(() -> targetInput(testCase))
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e ->
                  assertThat(e.messageFor(testCase.path("targetId").asText()))
                      .isEqualTo(testCase.path("awsErrorMessage").asText()));
      return;
    }
    TargetInput input = targetInput(testCase);

    Optional<String> delivered = input.render(event(testCase), context(testCase));

    if (expected.equals("NOT_DELIVERED")) {
      assertThat(delivered).isEmpty();
      return;
    }
    assertThat(delivered).isPresent();
    String body = delivered.get().replaceAll(ISO_8601, "date");
    if (testCase.path("expectedDeliveredKind").asText().equals("raw")) {
      assertThat(body).isEqualTo(testCase.path("expectedDelivered").asText());
    } else {
      JsonNode actual = MAPPER.readTree(body);
      testCase
          .path("replaceBeforeComparing")
          .properties()
          .forEach(replacement -> replace(actual, replacement.getKey(), replacement.getValue()));
      assertThat(actual).isEqualTo(testCase.path("expectedDelivered"));
    }
  }

  private static TargetInput targetInput(JsonNode testCase) {
    if (testCase.has("inputPath")) {
      return TargetInput.path(testCase.get("inputPath").asText());
    }
    if (!testCase.has("inputTemplate")) {
      return TargetInput.whole();
    }
    Map<String, String> paths = new LinkedHashMap<>();
    testCase
        .path("inputPathsMap")
        .properties()
        .forEach(entry -> paths.put(entry.getKey(), entry.getValue().asText()));
    return TargetInput.transformer(paths, testCase.get("inputTemplate").asText());
  }

  /** The event EventBridge builds from the case's PutEvents entry. */
  private static JsonNode event(JsonNode testCase) throws IOException {
    JsonNode entry = testCase.get("event");
    JsonNode envelope = testCase.path("envelope");
    ObjectNode event = MAPPER.createObjectNode();
    event.put("version", "0");
    event.put("id", envelope.path("id").asText("6f1c9a3e-2b7d-4e0a-9c55-0d4f2f6a8b11"));
    event.put("detail-type", entry.get("DetailType").asText());
    event.put("source", entry.get("Source").asText());
    event.put("account", envelope.path("account").asText("111111111111"));
    event.put("time", envelope.path("time").asText("2026-12-01T06:00:00Z"));
    event.put("region", envelope.path("region").asText("us-east-1"));
    event.set(
        "resources", entry.has("Resources") ? entry.get("Resources") : MAPPER.createArrayNode());
    event.set("detail", MAPPER.readTree(entry.get("Detail").asText()));
    return event;
  }

  private static TransformContext context(JsonNode testCase) {
    JsonNode context = testCase.path("context");
    return new TransformContext(
        context.path("ruleArn").asText("arn:aws:events:us-east-1:111111111111:rule/test-rule"),
        context.path("ruleName").asText("test-rule"),
        Instant.parse("2026-12-01T06:00:01.250Z"));
  }

  private static void replace(JsonNode root, String dottedPath, JsonNode value) {
    String[] names = dottedPath.split("\\.");
    JsonNode parent = root;
    for (int i = 0; i < names.length - 1; i++) {
      parent = parent.get(names[i]);
    }
    ((ObjectNode) parent).set(names[names.length - 1], value);
  }

  private static Stream<Arguments> cases(String folder) throws IOException, URISyntaxException {
    Path dir = Path.of(InputTransformerConformanceTest.class.getResource(folder).toURI());
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream()
        .map(
            file -> {
              try {
                return Arguments.of(
                    Named.of(file.getFileName().toString(), MAPPER.readTree(file.toFile())));
              } catch (IOException e) {
                throw new IllegalStateException(file.toString(), e);
              }
            });
  }
}
