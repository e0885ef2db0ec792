package dev.docket.states.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every definition of the conformance cases ran on AWS, so every one must parse and validate
 * without a problem. The cases are read from the test resources ({@code
 * conformance/states/<folder>/<case>.json}), else from the steering repository's {@code
 * shared/conformance/states}.
 */
class ConformanceDefinitionsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int CASES = 492;

  static List<Path> cases() {
    try (Stream<Path> files = Files.walk(root())) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path root() {
    URL resource = ConformanceDefinitionsTest.class.getResource("/conformance/states");
    if (resource != null) {
      try {
        return Path.of(resource.toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    Path repository = Path.of("").toAbsolutePath().getParent();
    return repository.getParent().resolve("../shared/conformance/states").normalize();
  }

  @Test
  void everyCaseIsRead() {
    assertThat(cases()).hasSize(CASES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void awsAcceptedDefinitionIsValid(Path file) throws IOException {
    JsonNode conformanceCase = MAPPER.readTree(file.toFile());
    String definition = MAPPER.writeValueAsString(conformanceCase.get("definition"));
    boolean express = "EXPRESS".equals(conformanceCase.path("stateMachineType").asText());

    assertThat(Definitions.validate(definition, express)).isEmpty();
    StateMachineDefinition parsed = Definitions.parse(definition, express);
    assertThat(parsed.states()).containsKey(parsed.startAt());
  }
}
