package dev.docket.it.states;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * The Step Functions executions recorded against AWS ({@code
 * states/src/test/resources/conformance/states}, from {@code ../shared/conformance/states}), run
 * through the SDK against Docket: status and output (or error and cause) equal after AWS's recorded
 * normalisation, and the history's event types in the same order.
 *
 * <p>Cases listed in {@code known-failures.txt} beside the cases (with the reason) are expected to
 * fail; a listed case that passes fails the run, so the list stays true.
 */
class StatesConformanceTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CASES = Path.of("../states/src/test/resources/conformance/states");
  private static final Pattern DATE =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final Map<String, String> OUTCOMES = new TreeMap<>();

  private static SfnClient sfn;

  @BeforeAll
  static void client() {
    sfn = StatesClients.sfn(docket);
  }

  @AfterAll
  static void report() throws IOException {
    long passed = OUTCOMES.values().stream().filter(v -> v.equals("PASS")).count();
    StringBuilder text = new StringBuilder();
    text.append("passed ").append(passed).append(" of ").append(OUTCOMES.size()).append('\n');
    OUTCOMES.forEach(
        (id, outcome) -> {
          if (!outcome.equals("PASS")) {
            text.append(id).append('\t').append(outcome.replace('\n', ' ')).append('\n');
          }
        });
    Files.writeString(Path.of("target/states-conformance.txt"), text);
    sfn.close();
  }

  @TestFactory
  Stream<DynamicTest> recordedExecutions() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(CASES)) {
      files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(400);
    Map<String, String> known = knownFailures();
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    CASES.relativize(file).toString(),
                    () -> {
                      String id = CASES.relativize(file).toString();
                      String problem = run(read(file));
                      OUTCOMES.put(id, problem == null ? "PASS" : problem);
                      if (known.containsKey(id)) {
                        assertThat(problem)
                            .as(
                                "%s is listed as a known failure (%s) but passes",
                                id, known.get(id))
                            .isNotNull();
                      } else {
                        assertThat(problem).as(id).isNull();
                      }
                    }));
  }

  private static Map<String, String> knownFailures() throws IOException {
    Map<String, String> known = new TreeMap<>();
    Path list = CASES.resolve("known-failures.txt");
    if (Files.exists(list)) {
      for (String line : Files.readAllLines(list)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] parts = line.split("\t", 2);
          known.put(parts[0].trim(), parts.length > 1 ? parts[1] : "");
        }
      }
    }
    return known;
  }

  /** Runs one case; null if Docket answered as AWS did, else what differs. */
  private static String run(JsonNode testCase) throws Exception {
    int n = SEQ.incrementAndGet();
    String prefix = testCase.path("nameHints").path("stateMachine").asText("sm_");
    String execPrefix = testCase.path("nameHints").path("execution").asText("exec_");
    String machineName = prefix + n;
    String executionName = execPrefix + n;
    StateMachineType type = StateMachineType.fromValue(testCase.path("stateMachineType").asText());
    String machineArn =
        sfn.createStateMachine(
                b ->
                    b.name(machineName)
                        .definition(testCase.path("definition").toString())
                        .roleArn("arn:aws:iam::000000000000:role/docket")
                        .type(type))
            .stateMachineArn();
    JsonNode inputNode = testCase.get("input");
    String input = inputNode == null || inputNode.isNull() ? null : inputNode.asText();
    Normaliser normaliser =
        new Normaliser(
            machineName,
            executionName,
            testCase.path("execIndex").asInt(),
            testCase.path("start").asText());
    String status;
    String output;
    String error;
    String cause;
    List<HistoryEvent> history = null;
    if (testCase.path("start").asText().equals("StartSyncExecution")) {
      StartSyncExecutionResponse r =
          sfn.startSyncExecution(
              b -> b.stateMachineArn(machineArn).name(executionName).input(input));
      status = r.statusAsString();
      output = r.output();
      error = r.error();
      cause = r.cause();
    } else if (type == StateMachineType.EXPRESS) {
      return "Express asynchronous executions report only through CloudWatch Logs";
    } else {
      String executionArn =
          sfn.startExecution(b -> b.stateMachineArn(machineArn).name(executionName).input(input))
              .executionArn();
      DescribeExecutionResponse d = null;
      for (int i = 0; i < 600; i++) {
        d = sfn.describeExecution(b -> b.executionArn(executionArn));
        if (d.status() != ExecutionStatus.RUNNING) {
          break;
        }
        Thread.sleep(i < 20 ? 5 : 50);
      }
      status = d.statusAsString();
      output = d.output();
      error = d.error();
      cause = d.cause();
      if (!testCase.path("history").isNull() && testCase.has("history")) {
        history = new ArrayList<>();
        String token = null;
        do {
          String next = token;
          GetExecutionHistoryResponse page =
              sfn.getExecutionHistory(
                  b -> b.executionArn(executionArn).maxResults(1000).nextToken(next));
          history.addAll(page.events());
          token = page.nextToken();
        } while (token != null);
      }
    }
    JsonNode expected = testCase.path("expected");
    List<String> problems = new ArrayList<>();
    if (!expected.path("status").asText().equals(status)) {
      problems.add(
          "status "
              + status
              + " (AWS "
              + expected.path("status").asText()
              + ")"
              + (error != null ? " error=" + error + " cause=" + cause : ""));
    }
    if (status.equals("SUCCEEDED") && expected.has("output")) {
      if (!sameJson(expected.get("output"), normaliser.apply(output))) {
        problems.add("output " + output + " (AWS " + expected.get("output") + ")");
      }
    }
    if (status.equals("FAILED")) {
      if (!sameText(expected.get("error"), error, normaliser)) {
        problems.add("error " + error + " (AWS " + expected.get("error") + ")");
      }
      if (!sameText(expected.get("cause"), cause, normaliser)) {
        problems.add("cause " + cause + " (AWS " + expected.get("cause") + ")");
      }
    }
    if (history != null && problems.isEmpty()) {
      List<String> actualTypes = history.stream().map(HistoryEvent::typeAsString).toList();
      List<String> expectedTypes = new ArrayList<>();
      testCase.path("history").forEach(e -> expectedTypes.add(e.path("type").asText()));
      if (testCase.path("historyParallelUnordered").asBoolean(false)) {
        if (!sortedCopy(actualTypes).containsAll(expectedTypes)) {
          problems.add("history types " + actualTypes + " (AWS, unordered " + expectedTypes + ")");
        }
      } else if (!actualTypes.equals(expectedTypes)) {
        problems.add("history types " + actualTypes + " (AWS " + expectedTypes + ")");
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private static List<String> sortedCopy(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    copy.sort(null);
    return copy;
  }

  /** AWS's recorded replacements (README of the cases), applied to Docket's text. */
  private record Normaliser(String machineName, String executionName, int execIndex, String start) {
    String apply(String text) {
      if (text == null) {
        return null;
      }
      String result = text.replace("arn:aws:iam::000000000000:role/docket", "snf_role_arn");
      result = result.replace("arn:aws:", "arn:<partition>:");
      result = result.replace(":" + DocketExtension.REGION.id() + ":", ":<region>:");
      result = result.replace("000000000000", "111111111111");
      result = result.replace(machineName, "<ArnPart_0idx>");
      String exec =
          start.equals("StartSyncExecution")
              ? "<SyncExecArn_Part1_0idx>"
              : "<ExecArnPart_" + execIndex + "idx>";
      result = result.replace(executionName, exec);
      Matcher date = DATE.matcher(result);
      return date.replaceAll("date");
    }
  }

  private static boolean sameText(JsonNode expected, String actual, Normaliser normaliser) {
    if (expected == null || expected.isNull()) {
      return actual == null || actual.isEmpty();
    }
    if (actual == null) {
      return false;
    }
    String normalised = normaliser.apply(actual);
    if (expected.isTextual()) {
      return wildcard(expected.asText()).matcher(normalised).matches();
    }
    return sameJson(expected, normalised);
  }

  private static boolean sameJson(JsonNode expected, String actualText) {
    if (actualText == null) {
      return false;
    }
    JsonNode actual;
    try {
      actual = JSON.readTree(actualText);
    } catch (IOException e) {
      return expected.isTextual() && wildcard(expected.asText()).matcher(actualText).matches();
    }
    JsonNode expectedNode = expected;
    if (expected.isTextual() && !actual.isObject()) {
      try {
        expectedNode = JSON.readTree(expected.asText());
      } catch (IOException e) {
        return false;
      }
    }
    return matches(expectedNode, unfold(actual));
  }

  /** AWS's rule 2: string values of object members that hold a JSON object become the object. */
  private static JsonNode unfold(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode copy = JSON.createObjectNode();
      object
          .properties()
          .forEach(
              e -> {
                JsonNode value = e.getValue();
                if (value.isTextual() && value.asText().startsWith("{")) {
                  try {
                    value = JSON.readTree(value.asText());
                  } catch (IOException ignored) {
                    // stays text
                  }
                }
                copy.set(e.getKey(), value);
              });
      return copy;
    }
    return node;
  }

  private static boolean matches(JsonNode expected, JsonNode actual) {
    if (expected.isTextual() && actual.isTextual()) {
      return wildcard(expected.asText()).matcher(actual.asText()).matches();
    }
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    if (expected.isObject() && actual.isObject()) {
      if (expected.size() != actual.size()) {
        return false;
      }
      for (var entry : expected.properties()) {
        JsonNode other = actual.get(entry.getKey());
        if (other == null || !matches(entry.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (expected.isArray() && actual.isArray()) {
      ArrayNode e = (ArrayNode) expected;
      if (e.size() != actual.size()) {
        return false;
      }
      for (int i = 0; i < e.size(); i++) {
        if (!matches(e.get(i), actual.get(i))) {
          return false;
        }
      }
      return true;
    }
    return expected.equals(actual);
  }

  private static Pattern wildcard(String expected) {
    String quoted = Pattern.quote(expected);
    quoted =
        quoted
            .replaceAll("<uuid:\\d+>", "\\\\E.*\\\\Q")
            .replaceAll("<json-input:\\d+>", "\\\\E.*\\\\Q");
    return Pattern.compile(quoted, Pattern.DOTALL);
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
