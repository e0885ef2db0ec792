package dev.docket.it.states;

import static dev.docket.it.states.StatesIt.awaitEnd;
import static dev.docket.it.states.StatesIt.machine;
import static dev.docket.it.states.StatesIt.parse;
import static dev.docket.it.states.StatesIt.runToSuccess;
import static dev.docket.it.states.StatesIt.start;
import static dev.docket.it.states.StatesIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@code arn:aws:states:::http:invoke} through an EventBridge connection with API-key auth against
 * a local HTTP server: the request carries the connection's key and invocation parameters with the
 * task's own, the result is the HTTP answer, a status outside 2xx fails the task with {@code
 * States.Http.StatusCode.<code>}, a URL-encoded body follows the array format, and a header Step
 * Functions refuses fails with {@code States.Runtime}.
 */
class HttpInvokeTaskTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  /** What the endpoint received. */
  record Received(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.getFirst();
    }
  }

  private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
  private static HttpServer server;
  private static SfnClient sfn;
  private static EventBridgeClient events;
  private static String connectionArn;

  @BeforeAll
  static void startServer() {
    server = StatesIt.httpServer(HttpInvokeTaskTest::answer);
    sfn = StatesIt.sfn(docket);
    events = StatesIt.eventBridge(docket);
    connectionArn =
        events
            .createConnection(
                b ->
                    b.name(uniqueName("sfn-http"))
                        .authorizationType(ConnectionAuthorizationType.API_KEY)
                        .authParameters(
                            p ->
                                p.apiKeyAuthParameters(
                                        a -> a.apiKeyName("x-api-key").apiKeyValue("k3y"))
                                    .invocationHttpParameters(
                                        h ->
                                            h.headerParameters(x -> x.key("X-Tenant").value("acme"))
                                                .queryStringParameters(
                                                    q -> q.key("region").value("eu"))
                                                .bodyParameters(
                                                    d -> d.key("source").value("docket")))))
            .connectionArn();
  }

  @AfterAll
  static void stop() {
    sfn.close();
    events.close();
    server.stop(0);
  }

  @BeforeEach
  void forget() {
    RECEIVED.clear();
  }

  /** 401 without the key; {@code /missing} 404 as text; otherwise 200 with a JSON answer. */
  private static void answer(HttpExchange exchange) throws IOException {
    Received received =
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestURI().getRawQuery(),
            Map.copyOf(exchange.getRequestHeaders()),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    RECEIVED.add(received);
    int status;
    String contentType;
    String body;
    if (!"k3y".equals(received.header("X-api-key"))) {
      status = 401;
      contentType = "application/json";
      body = "{\"message\": \"no key\"}";
    } else if (received.path().startsWith("/missing")) {
      status = 404;
      contentType = "text/plain";
      body = "no such order";
    } else {
      status = 200;
      contentType = "application/json";
      body = "{\"ok\": true, \"path\": \"" + received.path() + "\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", contentType);
    exchange.getResponseHeaders().add("X-Served-By", "test");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Test
  void theRequestCarriesTheConnectionsKeyAndParametersAndTheResultIsTheAnswer() {
    String machine =
        machine(
            sfn,
            "http",
            """
            {"StartAt": "Call", "States": {"Call": {
              "Type": "Task", "Resource": "arn:aws:states:::http:invoke",
              "Parameters": {
                "ApiEndpoint.$": "States.Format('%s/orders/{}', $.id)",
                "Method": "POST",
                "Authentication": {"ConnectionArn": "%s"},
                "Headers": {"X-Request": "one"},
                "QueryParameters": {"verbose": "true"},
                "RequestBody": {"id.$": "$.id"}},
              "End": true}}}
            """
                .formatted(StatesIt.baseUrl(server), connectionArn));

    JsonNode result = runToSuccess(sfn, machine, "{\"id\": 7}");

    assertThat(result.path("StatusCode").asInt()).isEqualTo(200);
    assertThat(result.path("StatusText").asText()).isEqualTo("OK");
    assertThat(result.path("ResponseBody"))
        .isEqualTo(parse("{\"ok\": true, \"path\": \"/orders/7\"}"));
    assertThat(headerValues(result, "X-served-by")).containsExactly("test");
    assertThat(RECEIVED).hasSize(1);
    Received request = RECEIVED.getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/orders/7");
    assertThat(request.query().split("&")).containsExactlyInAnyOrder("verbose=true", "region=eu");
    assertThat(request.header("X-api-key")).isEqualTo("k3y");
    assertThat(request.header("X-tenant")).isEqualTo("acme");
    assertThat(request.header("X-request")).isEqualTo("one");
    assertThat(request.header("Content-type")).startsWith("application/json");
    assertThat(parse(request.body())).isEqualTo(parse("{\"id\": 7, \"source\": \"docket\"}"));
  }

  @Test
  void a404FailsTheTaskWithStatesHttpStatusCode404() {
    String machine =
        machine(
            sfn,
            "http-404",
            """
            {"StartAt": "Call", "States": {"Call": {
              "Type": "Task", "Resource": "arn:aws:states:::http:invoke",
              "Parameters": {"ApiEndpoint": "%s/missing/1", "Method": "GET",
                             "Authentication": {"ConnectionArn": "%s"}},
              "End": true}}}
            """
                .formatted(StatesIt.baseUrl(server), connectionArn));

    String execution = start(sfn, machine, "{}");
    DescribeExecutionResponse end = awaitEnd(sfn, execution);

    assertThat(end.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(end.error()).isEqualTo("States.Http.StatusCode.404");
    assertThat(RECEIVED).extracting(Received::path).containsExactly("/missing/1");
  }

  @Test
  void aCatchOnTheStatusErrorReceivesTheAnswerAsCause() {
    String machine =
        machine(
            sfn,
            "http-catch",
            """
            {"StartAt": "Call", "States": {
              "Call": {
                "Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                "Parameters": {"ApiEndpoint": "%s/missing/2", "Method": "GET",
                               "Authentication": {"ConnectionArn": "%s"}},
                "Catch": [{"ErrorEquals": ["States.Http.StatusCode.404"], "Next": "Absent"}],
                "End": true},
              "Absent": {"Type": "Pass", "End": true}}}
            """
                .formatted(StatesIt.baseUrl(server), connectionArn));

    JsonNode output = runToSuccess(sfn, machine, "{}");

    assertThat(output.path("Error").asText()).isEqualTo("States.Http.StatusCode.404");
    assertThat(output.path("Cause").asText()).contains("no such order");
  }

  @Test
  void aUrlEncodedBodyIsFormEncodedWithTheArrayFormatAsked() {
    String machine =
        machine(
            sfn,
            "http-form",
            """
            {"StartAt": "Call", "States": {"Call": {
              "Type": "Task", "Resource": "arn:aws:states:::http:invoke",
              "Parameters": {"ApiEndpoint": "%s/form", "Method": "POST",
                             "Authentication": {"ConnectionArn": "%s"},
                             "RequestBody": {"name": "tea pot", "items": ["a", "b"]},
                             "Transform": {"RequestBodyEncoding": "URL_ENCODED",
                                           "RequestEncodingOptions": {"ArrayFormat": "BRACKETS"}}},
              "End": true}}}
            """
                .formatted(StatesIt.baseUrl(server), connectionArn));

    runToSuccess(sfn, machine, "{}");

    Received request = RECEIVED.getFirst();
    assertThat(request.header("Content-type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(request.body()).isEqualTo("name=tea+pot&items%5B%5D=a&items%5B%5D=b&source=docket");
  }

  @Test
  void aHeaderStepFunctionsRefusesFailsTheTaskWithStatesRuntime() {
    String machine =
        machine(
            sfn,
            "http-header",
            """
            {"StartAt": "Call", "States": {"Call": {
              "Type": "Task", "Resource": "arn:aws:states:::http:invoke",
              "Parameters": {"ApiEndpoint": "%s/orders", "Method": "GET",
                             "Authentication": {"ConnectionArn": "%s"},
                             "Headers.$": "$.headers"},
              "End": true}}}
            """
                .formatted(StatesIt.baseUrl(server), connectionArn));

    String execution = start(sfn, machine, "{\"headers\": {\"Cache-Control\": \"no-cache\"}}");
    DescribeExecutionResponse end = awaitEnd(sfn, execution);

    assertThat(end.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(end.error()).isEqualTo("States.Runtime");
    assertThat(end.cause()).contains("cache-control");
    assertThat(RECEIVED).isEmpty();
  }

  private static List<String> headerValues(JsonNode result, String name) {
    JsonNode headers = result.path("Headers");
    for (var header : headers.properties()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue().valueStream().map(JsonNode::asText).toList();
      }
    }
    return List.of();
  }
}
