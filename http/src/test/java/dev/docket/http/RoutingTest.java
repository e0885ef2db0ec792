package dev.docket.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.AwsService;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private final FakeQueues queues = new FakeQueues();
  private final Widgets widgets = new Widgets();
  private WireServer server;

  /** A JSON 1.1 service on a small hand-written model that echoes its input. */
  static final class Widgets implements AwsService {
    private final ServiceModel model;

    Widgets() {
      try {
        model =
            ServiceModel.of(
                MAPPER.readTree(
                    """
                    {"metadata":{"protocol":"json","jsonVersion":"1.1","signingName":"widgets",
                                 "targetPrefix":"Widgets_20260101"},
                     "operations":{"Spin":{"name":"Spin","input":"SpinInput","output":"SpinInput"}},
                     "shapes":{"SpinInput":{"type":"structure","members":{"Speed":{"shape":"Speed"}}},
                               "Speed":{"type":"integer","max":10}}}
                    """));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public ServiceModel model() {
      return model;
    }

    @Override
    public ObjectNode invoke(String operation, ObjectNode input, RequestContext context) {
      return input;
    }
  }

  @BeforeAll
  void start() {
    HttpConfig config =
        new HttpConfig(
            "127.0.0.1", 0, false, java.util.Map.of(), "000000000000", "us-east-1", 4096);
    server = WireServer.start(config, List.of(queues, widgets), Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void targetPrefixPicksTheServiceAndItsJsonVersion() throws Exception {
    HttpResponse<String> response = post("Widgets_20260101.Spin", null, "{\"Speed\":3}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/x-amz-json-1.1");
    assertThat(response.body()).isEqualTo("{\"Speed\":3}");
  }

  @Test
  void errorsOfAServiceThatIsNotQueryCompatibleCarryNoQueryErrorHeader() throws Exception {
    HttpResponse<String> response = post("Widgets_20260101.Spin", null, "{\"Speed\":11}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("ValidationException");
    assertThat(response.headers().firstValue("x-amzn-query-error")).isEmpty();
  }

  @Test
  void credentialScopeWinsOverTheTargetPrefix() throws Exception {
    String authorization =
        "AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/widgets/aws4_request,"
            + " SignedHeaders=host, Signature=00";

    HttpResponse<String> response = post("AmazonSQS.ListQueues", authorization, "{}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(MAPPER.readTree(response.body()).get("__type").asText())
        .isEqualTo("UnknownOperationException");
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/x-amz-json-1.1");
  }

  @Test
  void unknownTargetPrefixIsAnUnknownOperation() throws Exception {
    HttpResponse<String> response = post("Gadgets.Spin", null, "{}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(MAPPER.readTree(response.body()).get("__type").asText())
        .isEqualTo("UnknownOperationException");
  }

  private HttpResponse<String> post(String target, String authorization, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
            .header("X-Amz-Target", target)
            .header("Content-Type", "application/x-amz-json-1.1")
            .POST(BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }
}
