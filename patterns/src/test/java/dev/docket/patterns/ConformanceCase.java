package dev.docket.patterns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One AWS-recorded TestEventPattern case from {@code src/test/resources/conformance/patterns}.
 *
 * @param file the file name
 * @param event the event as AWS received it
 * @param pattern the pattern as AWS received it
 * @param expected {@code MATCH}, {@code NO_MATCH} or {@code INVALID}
 * @param errorCode AWS's error code for {@code INVALID}, else null
 * @param errorMessage the first line of AWS's error message for {@code INVALID}, else null
 */
record ConformanceCase(
    String file,
    String event,
    String pattern,
    String expected,
    String errorCode,
    String errorMessage) {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String FOLDER = "/conformance/patterns";

  /** Every case, in file-name order. */
  static Stream<ConformanceCase> all() {
    try {
      Path folder = Path.of(ConformanceCase.class.getResource(FOLDER).toURI());
      try (Stream<Path> files = Files.list(folder)) {
        List<Path> cases =
            files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        return cases.stream().map(ConformanceCase::read);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ConformanceCase read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      JsonNode node = MAPPER.readTree(in);
      return new ConformanceCase(
          file.getFileName().toString(),
          asSent(node.get("event")),
          asSent(node.get("eventPattern")),
          node.get("expected").asText(),
          node.hasNonNull("awsErrorCode") ? node.get("awsErrorCode").asText() : null,
          node.hasNonNull("awsErrorMessage") ? node.get("awsErrorMessage").asText() : null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON string is raw text sent as it is; anything else is sent as its JSON text. */
  private static String asSent(JsonNode value) throws IOException {
    return value.isTextual() ? value.asText() : MAPPER.writeValueAsString(value);
  }

  @Override
  public String toString() {
    return file;
  }
}
