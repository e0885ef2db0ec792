package dev.docket.it.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

/**
 * What the connection and API-destination tests share: an EventBridge client for the running
 * server, unique names, AWS's recorded answers, and connections of each authorization type.
 */
final class ApiDestinationFixtures {

  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final JsonNode SNAPSHOTS = load();
  private static final String SNAPSHOT_PREFIX =
      "tests/aws/services/events/test_api_destinations_and_connection.py::";

  private ApiDestinationFixtures() {}

  /** An EventBridge client for the server; the caller closes it. */
  static EventBridgeClient eventBridge(DocketExtension docket) {
    return EventBridgeClient.builder()
        .endpointOverride(docket.endpoint())
        .region(DocketExtension.REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A name no other test of the run uses. */
  static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  /**
   * One recorded answer: {@code test} is the snapshot key after the module, {@code answer} its
   * entry.
   */
  static JsonNode recorded(String test, String answer) {
    JsonNode node = SNAPSHOTS.path(SNAPSHOT_PREFIX + test).path("recorded-content").path(answer);
    assertThat(node.isMissingNode()).as("recorded answer %s / %s", test, answer).isFalse();
    return node;
  }

  /**
   * The error message AWS recorded, with a placeholder such as {@code <connection-name>} filled.
   */
  static String recordedMessage(String test, String answer, String placeholder, String value) {
    return recorded(test, answer)
        .path("Error")
        .path("Message")
        .asText()
        .replace(placeholder, value);
  }

  /** Runs a call expected to fail with an EventBridge error and returns that error. */
  static EventBridgeException failure(ThrowingCallable call) {
    EventBridgeException e = catchThrowableOfType(EventBridgeException.class, call);
    assertThat(e).as("the call should fail with an EventBridge error").isNotNull();
    return e;
  }

  /** Creates a Basic connection {@code user} / {@code pass}; returns its ARN. */
  static String basicConnection(EventBridgeClient events, String name) {
    return events
        .createConnection(
            b ->
                b.name(name)
                    .authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(
                        p -> p.basicAuthParameters(a -> a.username("user").password("pass"))))
        .connectionArn();
  }

  /** Creates an OAuth client-credentials connection to {@code endpoint}; returns its ARN. */
  static String oauthConnection(EventBridgeClient events, String name, String endpoint) {
    return events
        .createConnection(
            b ->
                b.name(name)
                    .authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                    .authParameters(
                        p ->
                            p.oAuthParameters(
                                o ->
                                    o.authorizationEndpoint(endpoint)
                                        .httpMethod("POST")
                                        .clientParameters(
                                            c ->
                                                c.clientID("client_id")
                                                    .clientSecret("client_secret")))))
        .connectionArn();
  }

  private static JsonNode load() {
    String resource =
        "/conformance/events/api-snapshots/test_api_destinations_and_connection.snapshot.json";
    try (InputStream in = ApiDestinationFixtures.class.getResourceAsStream(resource)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The member names of a recorded answer, without the SDK's response metadata. */
  static List<String> members(JsonNode recorded) {
    return recorded.properties().stream()
        .map(Map.Entry::getKey)
        .filter(name -> !name.equals("ResponseMetadata"))
        .toList();
  }

  /** The wire names of the members an SDK object has set. */
  static List<String> presentMembers(SdkPojo pojo) {
    return pojo.sdkFields().stream()
        .filter(field -> field.getValueOrDefault(pojo) != null)
        .map(SdkField::locationName)
        .toList();
  }
}
