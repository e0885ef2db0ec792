package dev.docket.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.AwsService;
import dev.docket.model.ErrorCode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.model.ServiceModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestJsonProtocolTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private WireServer server;

  /** The error the fake service throws; its table says 400, the model says 404. */
  enum GizmoError implements ErrorCode {
    NOT_FOUND;

    @Override
    public String type() {
      return "GizmoNotFound";
    }

    @Override
    public int httpStatus() {
      return 400;
    }

    @Override
    public String defaultMessage() {
      return "Gizmo does not exist.";
    }
  }

  /** A restJson1 service on a small hand-written model that echoes its input, with the route. */
  static final class Gizmos implements AwsService {
    private final ServiceModel model;

    Gizmos() {
      try {
        model =
            ServiceModel.of(
                MAPPER.readTree(
                    """
                    {"metadata":{"protocol":"rest-json","jsonVersion":"1.1","signingName":"gizmos",
                                 "serviceId":"Gizmos"},
                     "operations":{
                      "GetGizmo":{"name":"GetGizmo","http":{"method":"GET","requestUri":"/gizmos/{Name}","responseCode":200},
                                  "input":"GetGizmoInput","output":"GizmoOutput"},
                      "GetSpecial":{"name":"GetSpecial","http":{"method":"GET","requestUri":"/gizmos/special","responseCode":200},
                                  "output":"GizmoOutput"},
                      "ListGizmos":{"name":"ListGizmos","http":{"method":"GET","requestUri":"/gizmos","responseCode":200},
                                  "input":"ListGizmosInput","output":"GizmoOutput"},
                      "PutGizmo":{"name":"PutGizmo","http":{"method":"POST","requestUri":"/gizmos/{Name}","responseCode":201},
                                  "input":"PutGizmoInput","output":"GizmoOutput"},
                      "TagGizmo":{"name":"TagGizmo","http":{"method":"POST","requestUri":"/tags/{Arn+}","responseCode":200},
                                  "input":"TagGizmoInput","output":"GizmoOutput"}},
                     "shapes":{
                      "GetGizmoInput":{"type":"structure","required":["Name"],"members":{
                        "Name":{"shape":"Name","location":"uri","locationName":"Name"},
                        "Group":{"shape":"Name","location":"querystring","locationName":"groupName"},
                        "Verbose":{"shape":"Flag","location":"querystring","locationName":"verbose"}}},
                      "ListGizmosInput":{"type":"structure","members":{
                        "MaxResults":{"shape":"Size","location":"querystring","locationName":"MaxResults"},
                        "Colours":{"shape":"Names","location":"querystring","locationName":"colour"},
                        "Since":{"shape":"Time","location":"querystring","locationName":"since"}}},
                      "PutGizmoInput":{"type":"structure","required":["Name"],"members":{
                        "Name":{"shape":"Name","location":"uri","locationName":"Name"},
                        "Token":{"shape":"Name","location":"header","locationName":"X-Token"},
                        "Size":{"shape":"Size"},
                        "Made":{"shape":"Time"}}},
                      "TagGizmoInput":{"type":"structure","required":["Arn"],"members":{
                        "Arn":{"shape":"Name","location":"uri","locationName":"Arn"}}},
                      "GizmoOutput":{"type":"structure","members":{
                        "Echo":{"shape":"Echo"},
                        "ETag":{"shape":"Name","location":"header","locationName":"ETag"}}},
                      "GizmoNotFound":{"type":"structure","exception":true,
                        "error":{"httpStatusCode":404,"senderFault":true},
                        "members":{"Message":{"shape":"Name"}}},
                      "Echo":{"type":"structure","members":{}},
                      "Name":{"type":"string","min":1},
                      "Names":{"type":"list","member":{"shape":"Name"}},
                      "Flag":{"type":"boolean"},
                      "Time":{"type":"timestamp"},
                      "Size":{"type":"integer","max":10}}}
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
      if ("missing".equals(input.path("Name").asText())) {
        throw new ServiceException(GizmoError.NOT_FOUND, "Gizmo missing does not exist.");
      }
      ObjectNode output = MAPPER.createObjectNode();
      output.set("Echo", input.deepCopy().put("operation", operation));
      output.put("ETag", "\"v1\"");
      return output;
    }
  }

  @BeforeAll
  void start() {
    HttpConfig config =
        new HttpConfig("127.0.0.1", 0, false, Map.of(), "000000000000", "us-east-1", 4096);
    server = WireServer.start(config, List.of(new FakeQueues(), new Gizmos()), Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void labelAndQueryStringBecomeInputMembersTypedByTheirShapes() throws Exception {
    HttpResponse<String> response = send("GET", "/gizmos/my%20gizmo?groupName=g1&verbose=true", "");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode echo = MAPPER.readTree(response.body()).get("Echo");
    assertThat(echo.get("operation").asText()).isEqualTo("GetGizmo");
    assertThat(echo.get("Name").asText()).isEqualTo("my gizmo");
    assertThat(echo.get("Group").asText()).isEqualTo("g1");
    assertThat(echo.get("Verbose").isBoolean()).isTrue();
    assertThat(response.headers().firstValue("ETag")).contains("\"v1\"");
    assertThat(MAPPER.readTree(response.body()).has("ETag")).isFalse();
  }

  @Test
  void aLiteralSegmentIsMoreSpecificThanALabel() throws Exception {
    HttpResponse<String> response = send("GET", "/gizmos/special", "");

    assertThat(MAPPER.readTree(response.body()).get("Echo").get("operation").asText())
        .isEqualTo("GetSpecial");
  }

  @Test
  void repeatedQueryParametersFormAListAndNumbersAndTimestampsAreTyped() throws Exception {
    HttpResponse<String> response =
        send("GET", "/gizmos?MaxResults=5&colour=red&colour=blue&since=2026-01-01T00:00:01Z", "");

    JsonNode echo = MAPPER.readTree(response.body()).get("Echo");
    assertThat(echo.get("MaxResults").isInt()).isTrue();
    assertThat(echo.get("MaxResults").asInt()).isEqualTo(5);
    assertThat(echo.get("Colours").toString()).isEqualTo("[\"red\",\"blue\"]");
    assertThat(echo.get("Since").asLong()).isEqualTo(1767225601L);
  }

  @Test
  void bodyHeaderAndLabelMeetInOneInputAndTheModelledStatusIsAnswered() throws Exception {
    HttpResponse<String> response =
        send("POST", "/gizmos/g%2Fone", "{\"Size\":3,\"Made\":1767225601.5,\"Name\":\"ignored\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode echo = MAPPER.readTree(response.body()).get("Echo");
    assertThat(echo.get("Name").asText()).isEqualTo("g/one");
    assertThat(echo.get("Size").asInt()).isEqualTo(3);
    assertThat(echo.get("Token").asText()).isEqualTo("tok");
  }

  @Test
  void aGreedyLabelTakesTheRestOfThePath() throws Exception {
    HttpResponse<String> response =
        send("POST", "/tags/arn:aws:gizmos:us-east-1:000000000000:gizmo/a/b", "");

    assertThat(MAPPER.readTree(response.body()).get("Echo").get("Arn").asText())
        .isEqualTo("arn:aws:gizmos:us-east-1:000000000000:gizmo/a/b");
  }

  @Test
  void validationFailuresAreRestJsonErrors() throws Exception {
    HttpResponse<String> response = send("POST", "/gizmos/g1", "{\"Size\":11}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("ValidationException");
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(MAPPER.readTree(response.body()).has("message")).isTrue();
  }

  @Test
  void aServiceErrorTakesTheModelsStatusAndMessageMember() throws Exception {
    HttpResponse<String> response = send("GET", "/gizmos/missing", "");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("GizmoNotFound");
    assertThat(response.body()).isEqualTo("{\"Message\":\"Gizmo missing does not exist.\"}");
  }

  @Test
  void aQueryValueThatDoesNotParseIsASerializationError() throws Exception {
    HttpResponse<String> response = send("GET", "/gizmos?MaxResults=five", "");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("X-Amzn-ErrorType"))
        .contains("SerializationException");
  }

  @Test
  void anUnknownPathOfAScopedRestServiceIsA404() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(base() + "/nothing/here"))
                .header(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/gizmos/aws4_request,"
                        + " SignedHeaders=host, Signature=00")
                .GET()
                .build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("X-Amzn-ErrorType"))
        .contains("UnknownOperationException");
    // the model has no ValidationException to take the member name from: AWS's usual "message"
    assertThat(MAPPER.readTree(response.body()).get("message").asText())
        .isEqualTo("No Gizmos operation answers GET /nothing/here");
  }

  @Test
  void aGetNoRouteMatchesStillAnswersAsSqsDoes() throws Exception {
    HttpResponse<String> response = send("GET", "/000000000000/some-queue", "");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("<UnknownOperationException/>");
  }

  private HttpResponse<String> send(String method, String pathAndQuery, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
            .header("X-Token", "tok")
            .method(
                method, body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (!body.isEmpty()) {
      request.header("Content-Type", "application/json");
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }

  private String base() {
    return "http://127.0.0.1:" + server.port();
  }
}
