package dev.docket.it.events;

import static dev.docket.it.events.ApiDestinationFixtures.recorded;
import static dev.docket.it.events.ApiDestinationFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the calls of AWS's recorded connection and API-destination tests as raw awsJson 1.1 and
 * compares each answer with AWS's, member by member, recursively: the same member names at every
 * level; AWS's {@code "datetime"} must be a timestamp (a number); placeholders ({@code <...>},
 * {@code 111111111111}, {@code connection-arn}) must be strings of that form; every other value
 * must be equal. Errors compare {@code __type} and the message.
 */
class ApiDestinationSnapshotTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONNECTIONS = "TestEventBridgeConnections::";
  private static final String DESTINATIONS = "TestEventBridgeApiDestinations::";

  private static HttpClient http;

  @BeforeAll
  static void client() {
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void close() {
    http.close();
  }

  /** One awsJson call; an error answer comes back as AWS's snapshots record it ({@code Error}). */
  private static JsonNode call(String operation, String input) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(docket.endpoint() + "/"))
                  .header("Content-Type", "application/x-amz-json-1.1")
                  .header("X-Amz-Target", "AWSEvents." + operation)
                  .POST(HttpRequest.BodyPublishers.ofString(input))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      if (response.statusCode() == 200) {
        return body;
      }
      ObjectNode error = JSON.createObjectNode();
      String type = body.path("__type").asText();
      error
          .putObject("Error")
          .put("Code", type.substring(type.indexOf('#') + 1))
          .put("Message", body.path("message").asText(body.path("Message").asText()));
      return error;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void assertMatches(String test, String answer, JsonNode actual) {
    match(recorded(test, answer), actual, test + " / " + answer);
  }

  private static void match(JsonNode expected, JsonNode actual, String path) {
    if (expected.isObject()) {
      if (!actual.isObject()) {
        fail("%s: expected an object, but was %s", path, actual);
      }
      TreeSet<String> expectedNames = new TreeSet<>();
      expected.fieldNames().forEachRemaining(expectedNames::add);
      expectedNames.remove("ResponseMetadata");
      TreeSet<String> actualNames = new TreeSet<>();
      actual.fieldNames().forEachRemaining(actualNames::add);
      assertThat(actualNames).as("%s: members", path).isEqualTo(expectedNames);
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        if (!member.getKey().equals("ResponseMetadata")) {
          match(member.getValue(), actual.get(member.getKey()), path + "." + member.getKey());
        }
      }
    } else if (expected.isArray()) {
      assertThat(actual.size()).as("%s: length", path).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        match(expected.get(i), actual.get(i), path + "[" + i + "]");
      }
    } else if (expected.isTextual() && expected.asText().equals("datetime")) {
      assertThat(actual.isNumber()).as("%s: a timestamp, but was %s", path, actual).isTrue();
    } else if (expected.isTextual() && isPlaceholder(expected.asText())) {
      assertThat(actual.asText()).as("%s", path).matches(pattern(expected.asText()));
    } else {
      assertThat(actual).as("%s", path).isEqualTo(expected);
    }
  }

  private static boolean isPlaceholder(String text) {
    return text.contains("<")
        || text.contains("111111111111")
        || text.equals("connection-arn")
        || text.equals("api-destination-arn");
  }

  private static Pattern pattern(String expected) {
    if (expected.equals("connection-arn")) {
      return Pattern.compile("arn:aws:events:[a-z0-9-]+:\\d{12}:connection/.+/[0-9a-f-]{36}");
    }
    if (expected.equals("api-destination-arn")) {
      return Pattern.compile("arn:aws:events:[a-z0-9-]+:\\d{12}:api-destination/.+/[0-9a-f-]{36}");
    }
    StringBuilder regex = new StringBuilder();
    for (String part : expected.split("(?=<)|(?<=>)")) {
      if (part.startsWith("<") && part.endsWith(">")) {
        regex.append(part.equals("<partition>") ? "aws" : "[^/:]+");
      } else {
        regex.append(Pattern.quote(part).replace("111111111111", "\\E\\d{12}\\Q"));
      }
    }
    return Pattern.compile(regex.toString());
  }

  private static String named(String name, String rest) {
    return "{\"Name\":\"" + name + "\"" + rest + "}";
  }

  private static final String[] AUTH = {
    ",\"AuthorizationType\":\"BASIC\",\"AuthParameters\":{\"BasicAuthParameters\":"
        + "{\"Username\":\"user\",\"Password\":\"pass\"}}",
    ",\"AuthorizationType\":\"API_KEY\",\"AuthParameters\":{\"ApiKeyAuthParameters\":"
        + "{\"ApiKeyName\":\"ApiKey\",\"ApiKeyValue\":\"secret\"}}",
    ",\"AuthorizationType\":\"OAUTH_CLIENT_CREDENTIALS\",\"AuthParameters\":{\"OAuthParameters\":"
        + "{\"AuthorizationEndpoint\":\"https://example.com/oauth\",\"HttpMethod\":\"POST\","
        + "\"ClientParameters\":{\"ClientID\":\"client_id\",\"ClientSecret\":\"client_secret\"}}}"
  };

  @Test
  void createAndDescribeAnApiKeyConnection() {
    String name = uniqueName("snap-create");

    JsonNode created =
        call(
            "CreateConnection",
            named(
                name,
                ",\"AuthorizationType\":\"API_KEY\",\"AuthParameters\":{\"ApiKeyAuthParameters\":"
                    + "{\"ApiKeyName\":\"ApiKey\",\"ApiKeyValue\":\"secret\"},"
                    + "\"InvocationHttpParameters\":{}}"));
    JsonNode described = call("DescribeConnection", named(name, ""));

    assertMatches(CONNECTIONS + "test_create_connection", "create-connection", created);
    assertMatches(CONNECTIONS + "test_create_connection", "describe-connection", described);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void createAndDescribeAConnectionOfEachAuthorizationType(int auth) {
    String name = uniqueName("snap-auth");
    String test = CONNECTIONS + "test_create_connection_with_auth[auth_params" + auth + "]";

    JsonNode created = call("CreateConnection", named(name, AUTH[auth]));
    JsonNode described = call("DescribeConnection", named(name, ""));

    assertMatches(test, "create-connection-auth", created);
    assertMatches(test, "describe-connection-auth", described);
  }

  @Test
  void listConnections() {
    String name = uniqueName("snap-list");
    call("CreateConnection", named(name, AUTH[0]));

    JsonNode listed = call("ListConnections", "{\"NamePrefix\":\"" + name + "\"}");

    assertMatches(CONNECTIONS + "test_list_connections", "list-connections", listed);
  }

  @Test
  void deleteConnection() {
    String name = uniqueName("snap-delete");
    String test = CONNECTIONS + "test_delete_connection";

    JsonNode created = call("CreateConnection", named(name, AUTH[0]));
    JsonNode deleted = call("DeleteConnection", named(name, ""));
    JsonNode describeDeleted = call("DescribeConnection", named(name, ""));

    assertMatches(test, "create-connection-response", created);
    assertMatches(test, "delete-connection", deleted);
    assertThat(describeDeleted.at("/Error/Message").asText())
        .isEqualTo(
            recorded(test, "describe-deleted-connection")
                .at("/Error/Message")
                .asText()
                .replace("<connection-name>", name));
    assertThat(describeDeleted.at("/Error/Code").asText()).isEqualTo("ResourceNotFoundException");
  }

  @Test
  void updateConnection() {
    String name = uniqueName("snap-update");
    String test = CONNECTIONS + "test_update_connection";

    JsonNode created =
        call(
            "CreateConnection",
            named(
                name,
                ",\"AuthorizationType\":\"BASIC\",\"AuthParameters\":{\"BasicAuthParameters\":"
                    + "{\"Username\":\"user\",\"Password\":\"pass\"},\"InvocationHttpParameters\":{}}"));
    JsonNode describedCreated = call("DescribeConnection", named(name, ""));
    JsonNode updated =
        call(
            "UpdateConnection",
            named(
                name,
                ",\"AuthorizationType\":\"BASIC\",\"AuthParameters\":{\"BasicAuthParameters\":"
                    + "{\"Username\":\"new_user\",\"Password\":\"new_pass\"},"
                    + "\"InvocationHttpParameters\":{}}"));
    JsonNode describedUpdated = call("DescribeConnection", named(name, ""));

    assertMatches(test, "create-connection", created);
    assertMatches(test, "describe-created-connection", describedCreated);
    assertMatches(test, "update-connection", updated);
    assertMatches(test, "describe-updated-connection", describedUpdated);
  }

  @Test
  void invalidAuthorizationTypeAndName() {
    JsonNode badType =
        call(
            "CreateConnection",
            named(
                uniqueName("snap-bad"),
                ",\"AuthorizationType\":\"INVALID_AUTH_TYPE\",\"AuthParameters\":{}"));
    JsonNode badName = call("CreateConnection", named("Invalid Name With Spaces!", AUTH[0]));

    assertMatches(
        CONNECTIONS + "test_create_connection_invalid_parameters",
        "create-connection-invalid-auth-error",
        badType);
    assertMatches(
        CONNECTIONS + "test_create_connection_name_validation",
        "create-connection-invalid-name-error",
        badName);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void anApiDestinationsLifecycleForEachAuthorizationType(int auth) {
    String test = DESTINATIONS + "test_api_destinations[auth" + auth + "]";
    String connectionArn =
        call("CreateConnection", named(uniqueName("snap-dest-conn"), AUTH[auth]))
            .get("ConnectionArn")
            .asText();
    String name = uniqueName("snap-dest");

    JsonNode created =
        call(
            "CreateApiDestination",
            named(
                name,
                ",\"Description\":\"Test API destination\",\"ConnectionArn\":\""
                    + connectionArn
                    + "\",\"InvocationEndpoint\":\"https://example.com/api\","
                    + "\"HttpMethod\":\"POST\""));
    JsonNode described = call("DescribeApiDestination", named(name, ""));
    JsonNode listed = call("ListApiDestinations", "{\"NamePrefix\":\"" + name + "\"}");
    JsonNode updated =
        call(
            "UpdateApiDestination",
            named(
                name,
                ",\"Description\":\"Updated API destination\","
                    + "\"InvocationEndpoint\":\"https://example.com/api/v2\",\"HttpMethod\":\"PUT\""));
    JsonNode describedUpdated = call("DescribeApiDestination", named(name, ""));
    JsonNode deleted = call("DeleteApiDestination", named(name, ""));
    JsonNode gone = call("DescribeApiDestination", named(name, ""));

    assertMatches(test, "create-api-destination", created);
    assertMatches(test, "describe-api-destination", described);
    assertThat(described.get("ConnectionArn").asText()).isEqualTo(connectionArn);
    assertMatches(test, "list-api-destinations", listed);
    assertMatches(test, "update-api-destination", updated);
    assertMatches(test, "describe-updated-api-destination", describedUpdated);
    assertMatches(test, "delete-api-destination", deleted);
    assertThat(gone.at("/Error/Message").asText())
        .isEqualTo(
            recorded(test, "describe-api-destination-not-found-error")
                .at("/Error/Message")
                .asText()
                .replace("<destination-name>", name));
  }

  @Test
  void invalidApiDestinationName() {
    String connectionArn =
        call("CreateConnection", named(uniqueName("snap-name-conn"), AUTH[0]))
            .get("ConnectionArn")
            .asText();

    JsonNode badName =
        call(
            "CreateApiDestination",
            named(
                "Invalid Name With Spaces!",
                ",\"ConnectionArn\":\""
                    + connectionArn
                    + "\",\"InvocationEndpoint\":\"https://example.com/api\",\"HttpMethod\":\"POST\""));

    assertMatches(
        DESTINATIONS + "test_create_api_destination_name_validation",
        "create-api-destination-invalid-name-error",
        badName);
  }
}
