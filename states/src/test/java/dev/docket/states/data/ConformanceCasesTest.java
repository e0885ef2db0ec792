package dev.docket.states.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays AWS-recorded executions (src/test/resources/conformance/states, the layout of
 * ../shared/conformance/states) whose definitions use only Pass, Choice, Fail and Succeed states,
 * and checks the data-flow functions produce AWS's output, or its error and cause.
 */
class ConformanceCasesTest {

  private static final List<String> FOLDERS =
      List.of(
          "intrinsic_functions",
          "choice_operators",
          "assign",
          "query_language",
          "outputdecl",
          "base",
          "context_object",
          "scenarios",
          "api",
          "comments",
          "express");

  @TestFactory
  Stream<DynamicTest> awsRecordedExecutionsAreReproduced() throws Exception {
    return cases().map(file -> DynamicTest.dynamicTest(name(file), () -> check(file)));
  }

  static Stream<Path> cases() throws URISyntaxException, IOException {
    Path root = Path.of(ConformanceCasesTest.class.getResource("/conformance/states").toURI());
    return FOLDERS.stream()
        .map(root::resolve)
        .filter(Files::isDirectory)
        .flatMap(
            folder -> {
              try {
                return Files.list(folder).filter(p -> p.toString().endsWith(".json")).sorted();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            })
        .filter(ConformanceCasesTest::supported);
  }

  private static boolean supported(Path file) {
    try {
      return PassChoiceMachine.supports(read(file).get("definition"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String name(Path file) {
    return file.getParent().getFileName() + "/" + file.getFileName();
  }

  private static JsonNode read(Path file) throws IOException {
    return PassChoiceMachine.MAPPER.readTree(file.toFile());
  }

  private static void check(Path file) throws IOException {
    JsonNode testCase = read(file);
    JsonNode input =
        testCase.get("input").isNull()
            ? PassChoiceMachine.MAPPER.createObjectNode()
            : PassChoiceMachine.MAPPER.readTree(testCase.get("input").asText());
    JsonNode expected = testCase.get("expected");

    PassChoiceMachine.Outcome outcome = PassChoiceMachine.run(testCase.get("definition"), input);

    assertThat(outcome.status())
        .as("status (%s)", outcome)
        .isEqualTo(expected.get("status").asText());
    if (outcome.status().equals("SUCCEEDED")) {
      JsonNode expectedOutput = expected.get("output");
      if (expectedOutput.isTextual()) {
        expectedOutput = PassChoiceMachine.MAPPER.readTree(expectedOutput.asText());
      }
      JsonNode actual =
          PassChoiceMachine.MAPPER.readTree(
              PassChoiceMachine.MAPPER.writeValueAsString(outcome.output()));
      assertThat(actual).isEqualTo(expectedOutput);
    } else {
      assertThat(outcome.error()).isEqualTo(expected.path("error").asText(null));
      String expectedCause = expected.path("cause").asText(null);
      if (expectedCause == null) {
        assertThat(outcome.cause()).isNull();
      } else {
        assertThat(outcome.cause()).matches(causePattern(expectedCause));
      }
    }
  }

  /** The recorded cause with its {@code <json-input:N>} placeholders matching anything. */
  private static Pattern causePattern(String cause) {
    StringBuilder regex = new StringBuilder();
    for (String part : cause.split("<json-input:\\d+>", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
