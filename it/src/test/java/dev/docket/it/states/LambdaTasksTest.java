package dev.docket.it.states;

import static dev.docket.it.states.StatesIt.awaitEnd;
import static dev.docket.it.states.StatesIt.machine;
import static dev.docket.it.states.StatesIt.parse;
import static dev.docket.it.states.StatesIt.runToSuccess;
import static dev.docket.it.states.StatesIt.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.docket.states.StatesConfig;
import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Lambda resources against Docket functions (configured in {@code states.functions}) served by a
 * local HTTP server: {@code arn:aws:states:::lambda:invoke} answers the payload wrapped as AWS
 * does, a bare function ARN answers the payload itself, and a function error fails the task with
 * the function's error type.
 */
class LambdaTasksTest {

  /** Started before the server so its port can go into the configuration. */
  private static final HttpServer FUNCTIONS = StatesIt.httpServer(LambdaTasksTest::answer);

  private static final List<String> PAYLOADS = new CopyOnWriteArrayList<>();
  private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .configure(
              c ->
                  c.withStates(
                      new StatesConfig(
                          StatesConfig.defaults().parkAfter(),
                          StatesConfig.defaults().activityPollWait(),
                          Map.of(
                              "greeter",
                              URI.create(StatesIt.baseUrl(FUNCTIONS) + "/greeter"),
                              "failing",
                              URI.create(StatesIt.baseUrl(FUNCTIONS) + "/failing"),
                              "flaky",
                              URI.create(StatesIt.baseUrl(FUNCTIONS) + "/flaky")))))
          .build();

  private static SfnClient sfn;

  @BeforeAll
  static void clients() {
    sfn = StatesIt.sfn(docket);
  }

  @AfterAll
  static void stop() {
    sfn.close();
    FUNCTIONS.stop(0);
  }

  @BeforeEach
  void forget() {
    PAYLOADS.clear();
  }

  /** {@code /greeter} greets {@code name}; {@code /failing} answers a function error. */
  private static void answer(HttpExchange exchange) throws IOException {
    String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    PAYLOADS.add(payload);
    String body;
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/failing") || (path.equals("/flaky") && FLAKY_CALLS.incrementAndGet() == 1)) {
      exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
      body =
          path.equals("/flaky")
              ? "{\"errorType\": \"Busy\", \"errorMessage\": \"try again\"}"
              : "{\"errorType\": \"OrderRejected\", \"errorMessage\": \"order 5 is not valid\"}";
    } else {
      body = "{\"greeting\": \"hello " + parse(payload).path("name").asText() + "\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Test
  void lambdaInvokeAnswersTheFunctionsPayloadWrapped() {
    String machine =
        machine(
            sfn,
            "lambda-invoke",
            """
            {"StartAt": "Greet", "States": {"Greet": {
              "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "greeter", "Payload": {"name.$": "$.who"}},
              "End": true}}}
            """);

    JsonNode result = runToSuccess(sfn, machine, "{\"who\": \"ana\"}");

    assertThat(PAYLOADS).hasSize(1);
    assertThat(parse(PAYLOADS.getFirst())).isEqualTo(parse("{\"name\": \"ana\"}"));
    assertThat(result.path("Payload")).isEqualTo(parse("{\"greeting\": \"hello ana\"}"));
    assertThat(result.path("StatusCode").asInt()).isEqualTo(200);
    assertThat(result.path("ExecutedVersion").asText()).isEqualTo("$LATEST");
  }

  @Test
  void aBareFunctionArnAnswersThePayloadItself() {
    String machine =
        machine(
            sfn,
            "lambda-arn",
            """
            {"StartAt": "Greet", "States": {"Greet": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:000000000000:function:greeter",
              "End": true}}}
            """);

    JsonNode result = runToSuccess(sfn, machine, "{\"name\": \"bo\"}");

    assertThat(result).isEqualTo(parse("{\"greeting\": \"hello bo\"}"));
    assertThat(parse(PAYLOADS.getFirst())).isEqualTo(parse("{\"name\": \"bo\"}"));
  }

  @Test
  void aFunctionErrorIsRetriedByTheTasksRetrier() {
    String machine =
        machine(
            sfn,
            "lambda-retry",
            """
            {"StartAt": "Greet", "States": {"Greet": {
              "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "flaky", "Payload": {"name": "cy"}},
              "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 1, "MaxAttempts": 2}],
              "OutputPath": "$.Payload",
              "End": true}}}
            """);

    JsonNode result = runToSuccess(sfn, machine, "{}");

    assertThat(result).isEqualTo(parse("{\"greeting\": \"hello cy\"}"));
    assertThat(FLAKY_CALLS.get()).isEqualTo(2);
  }

  @Test
  void aFunctionErrorFailsTheTaskWithTheFunctionsErrorType() {
    String machine =
        machine(
            sfn,
            "lambda-error",
            """
            {"StartAt": "Check", "States": {"Check": {
              "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:failing",
                             "Payload.$": "$"},
              "End": true}}}
            """);

    String execution = start(sfn, machine, "{\"order\": 5}");
    DescribeExecutionResponse end = awaitEnd(sfn, execution);

    assertThat(end.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(end.error()).isEqualTo("OrderRejected");
    assertThat(end.cause()).contains("order 5 is not valid");
  }
}
