package dev.docket.it.events;

import static dev.docket.it.events.ApiDestinationFixtures.basicConnection;
import static dev.docket.it.events.ApiDestinationFixtures.failure;
import static dev.docket.it.events.ApiDestinationFixtures.members;
import static dev.docket.it.events.ApiDestinationFixtures.oauthConnection;
import static dev.docket.it.events.ApiDestinationFixtures.presentMembers;
import static dev.docket.it.events.ApiDestinationFixtures.recorded;
import static dev.docket.it.events.ApiDestinationFixtures.recordedMessage;
import static dev.docket.it.events.ApiDestinationFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Connection;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.CreateConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.DeleteConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ListConnectionsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.UpdateConnectionResponse;

/** The connection operations against AWS's recorded answers. */
class ConnectionsApiTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final String ARN =
      "arn:aws:events:us-east-1:000000000000:connection/%s/[0-9a-f-]{36}";
  private static final String SECRET_ARN =
      "arn:aws:secretsmanager:us-east-1:000000000000:secret:events!connection/%s/[0-9a-f-]{36}"
          + "-[0-9a-f]{6}";

  private static EventBridgeClient events;

  @BeforeAll
  static void client() {
    events = ApiDestinationFixtures.eventBridge(docket);
  }

  @AfterAll
  static void close() {
    events.close();
  }

  @Test
  void createConnectionAnswersArnAuthorizedStateAndTimes() {
    String name = uniqueName("create");

    CreateConnectionResponse created =
        events.createConnection(
            b ->
                b.name(name)
                    .authorizationType(ConnectionAuthorizationType.API_KEY)
                    .authParameters(
                        p ->
                            p.apiKeyAuthParameters(
                                    a -> a.apiKeyName("ApiKey").apiKeyValue("secret"))
                                .invocationHttpParameters(h -> {})));

    assertThat(created.connectionArn()).matches(ARN.formatted(name));
    assertThat(created.connectionState()).isEqualTo(ConnectionState.AUTHORIZED);
    assertThat(created.creationTime()).isNotNull();
    assertThat(created.lastModifiedTime()).isEqualTo(created.creationTime());
    assertThat(presentMembers(created))
        .containsExactlyInAnyOrderElementsOf(
            members(
                recorded(
                    "TestEventBridgeConnections::test_create_connection", "create-connection")));
  }

  @Test
  void describeConnectionShowsTheApiKeyNameButNeverItsValue() {
    String name = uniqueName("describe");
    String arn =
        events
            .createConnection(
                b ->
                    b.name(name)
                        .authorizationType(ConnectionAuthorizationType.API_KEY)
                        .authParameters(
                            p ->
                                p.apiKeyAuthParameters(
                                        a -> a.apiKeyName("ApiKey").apiKeyValue("secret"))
                                    .invocationHttpParameters(h -> {})))
            .connectionArn();

    DescribeConnectionResponse described = events.describeConnection(b -> b.name(name));

    assertThat(described.connectionArn()).isEqualTo(arn);
    assertThat(described.name()).isEqualTo(name);
    assertThat(described.authorizationType()).isEqualTo(ConnectionAuthorizationType.API_KEY);
    assertThat(described.connectionState()).isEqualTo(ConnectionState.AUTHORIZED);
    assertThat(described.authParameters().apiKeyAuthParameters().apiKeyName()).isEqualTo("ApiKey");
    assertThat(described.authParameters().invocationHttpParameters()).isNotNull();
    assertThat(described.secretArn()).matches(SECRET_ARN.formatted(name));
    assertThat(described.lastAuthorizedTime()).isNotNull();
    assertThat(presentMembers(described))
        .containsExactlyInAnyOrderElementsOf(
            members(
                recorded(
                    "TestEventBridgeConnections::test_create_connection", "describe-connection")));
  }

  @Test
  void secretInvocationParametersAreDescribedWithoutTheirValues() {
    String name = uniqueName("secret-params");
    events.createConnection(
        b ->
            b.name(name)
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(
                    p ->
                        p.basicAuthParameters(a -> a.username("user").password("pass"))
                            .invocationHttpParameters(
                                h ->
                                    h.headerParameters(
                                        x -> x.key("X-Secret").value("hidden").isValueSecret(true),
                                        x -> x.key("X-Plain").value("shown")))));

    var headers =
        events
            .describeConnection(b -> b.name(name))
            .authParameters()
            .invocationHttpParameters()
            .headerParameters();

    assertThat(headers).hasSize(2);
    assertThat(headers.get(0).key()).isEqualTo("X-Secret");
    assertThat(headers.get(0).value()).isNull();
    assertThat(headers.get(0).isValueSecret()).isTrue();
    assertThat(headers.get(1).value()).isEqualTo("shown");
  }

  @Test
  void basicConnectionIsDescribedWithItsUsernameOnly() {
    String name = uniqueName("basic");
    basicConnection(events, name);

    DescribeConnectionResponse described = events.describeConnection(b -> b.name(name));

    assertThat(described.authorizationType()).isEqualTo(ConnectionAuthorizationType.BASIC);
    assertThat(described.authParameters().basicAuthParameters().username()).isEqualTo("user");
  }

  @Test
  void oauthConnectionIsAuthorizingUntilItHasAToken() {
    String name = uniqueName("oauth");

    String arn = oauthConnection(events, name, "https://example.com/oauth");
    DescribeConnectionResponse described = events.describeConnection(b -> b.name(name));

    assertThat(arn).matches(ARN.formatted(name));
    assertThat(described.connectionState()).isEqualTo(ConnectionState.AUTHORIZING);
    var oauth = described.authParameters().oAuthParameters();
    assertThat(oauth.authorizationEndpoint()).isEqualTo("https://example.com/oauth");
    assertThat(oauth.httpMethodAsString()).isEqualTo("POST");
    assertThat(oauth.clientParameters().clientID()).isEqualTo("client_id");
  }

  @Test
  void creatingAConnectionAgainFailsWithResourceAlreadyExists() {
    String name = uniqueName("twice");
    basicConnection(events, name);

    EventBridgeException e = failure(() -> basicConnection(events, name));

    assertThat(e).isInstanceOf(ResourceAlreadyExistsException.class);
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("Connection " + name + " already exists.");
  }

  @Test
  void anUnknownAuthorizationTypeFailsWithAwsValidationMessage() {
    EventBridgeException e =
        failure(
            () ->
                events.createConnection(
                    b ->
                        b.name(uniqueName("invalid-auth"))
                            .authorizationType("INVALID_AUTH_TYPE")
                            .authParameters(
                                p -> p.basicAuthParameters(a -> a.username("u").password("p")))));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            recordedMessage(
                "TestEventBridgeConnections::test_create_connection_invalid_parameters",
                "create-connection-invalid-auth-error",
                "",
                ""));
  }

  @Test
  void aNameWithSpacesFailsWithAwsValidationMessage() {
    EventBridgeException e = failure(() -> basicConnection(events, "Invalid Name With Spaces!"));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            recordedMessage(
                "TestEventBridgeConnections::test_create_connection_name_validation",
                "create-connection-invalid-name-error",
                "",
                ""));
  }

  @Test
  void authParametersOfAnotherTypeFailValidation() {
    EventBridgeException e =
        failure(
            () ->
                events.createConnection(
                    b ->
                        b.name(uniqueName("mismatch"))
                            .authorizationType(ConnectionAuthorizationType.API_KEY)
                            .authParameters(
                                p -> p.basicAuthParameters(a -> a.username("u").password("p")))));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
  }

  @Test
  void updateConnectionReplacesTheCredentialsAndStaysAuthorized() {
    String name = uniqueName("update");
    basicConnection(events, name);

    UpdateConnectionResponse updated =
        events.updateConnection(
            b ->
                b.name(name)
                    .authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(
                        p ->
                            p.basicAuthParameters(
                                a -> a.username("new_user").password("new_pass"))));
    DescribeConnectionResponse described = events.describeConnection(b -> b.name(name));

    assertThat(updated.connectionState()).isEqualTo(ConnectionState.AUTHORIZED);
    assertThat(updated.lastAuthorizedTime()).isNotNull();
    assertThat(described.authParameters().basicAuthParameters().username()).isEqualTo("new_user");
    assertThat(described.lastModifiedTime()).isAfterOrEqualTo(described.creationTime());
    assertThat(presentMembers(updated))
        .containsExactlyInAnyOrderElementsOf(
            members(
                recorded(
                    "TestEventBridgeConnections::test_update_connection", "update-connection")));
  }

  @Test
  void updateConnectionWithOnlyADescriptionKeepsTheCredentials() {
    String name = uniqueName("describe-only");
    basicConnection(events, name);

    events.updateConnection(b -> b.name(name).description("now described"));
    DescribeConnectionResponse described = events.describeConnection(b -> b.name(name));

    assertThat(described.description()).isEqualTo("now described");
    assertThat(described.authParameters().basicAuthParameters().username()).isEqualTo("user");
  }

  @Test
  void deleteConnectionAnswersDeletingAndTheConnectionIsGone() {
    String name = uniqueName("delete");
    String arn = basicConnection(events, name);

    DeleteConnectionResponse deleted = events.deleteConnection(b -> b.name(name));
    EventBridgeException e = failure(() -> events.describeConnection(b -> b.name(name)));

    assertThat(deleted.connectionArn()).isEqualTo(arn);
    assertThat(deleted.connectionState()).isEqualTo(ConnectionState.DELETING);
    assertThat(deleted.lastAuthorizedTime()).isNotNull();
    assertThat(e).isInstanceOf(ResourceNotFoundException.class);
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            recordedMessage(
                "TestEventBridgeConnections::test_delete_connection",
                "describe-deleted-connection",
                "<connection-name>",
                name));
  }

  @Test
  void operationsOnAMissingConnectionFailWithResourceNotFound() {
    String name = uniqueName("missing");

    List<EventBridgeException> failures =
        List.of(
            failure(() -> events.describeConnection(b -> b.name(name))),
            failure(() -> events.updateConnection(b -> b.name(name).description("x"))),
            failure(() -> events.deleteConnection(b -> b.name(name))),
            failure(() -> events.deauthorizeConnection(b -> b.name(name))));

    assertThat(failures)
        .allSatisfy(e -> assertThat(e).isInstanceOf(ResourceNotFoundException.class));
    assertThat(failures.get(2).awsErrorDetails().errorMessage())
        .isEqualTo("Failed to delete the connection(s). Connection '" + name + "' does not exist.");
  }

  @Test
  void deauthorizeConnectionAnswersDeauthorizingThenTheConnectionIsDeauthorized() {
    String name = uniqueName("deauthorize");
    basicConnection(events, name);

    var answer = events.deauthorizeConnection(b -> b.name(name));
    DescribeConnectionResponse described = events.describeConnection(b -> b.name(name));

    assertThat(answer.connectionState()).isEqualTo(ConnectionState.DEAUTHORIZING);
    assertThat(described.connectionState()).isEqualTo(ConnectionState.DEAUTHORIZED);
    assertThat(described.authParameters().basicAuthParameters().username()).isEqualTo("user");
  }

  @Test
  void listConnectionsFiltersByPrefixAndStateAndPages() {
    String prefix = uniqueName("listed");
    for (int i = 0; i < 3; i++) {
      basicConnection(events, prefix + "-" + i);
    }
    events.deauthorizeConnection(b -> b.name(prefix + "-1"));

    ListConnectionsResponse all = events.listConnections(b -> b.namePrefix(prefix));
    ListConnectionsResponse authorized =
        events.listConnections(
            b -> b.namePrefix(prefix).connectionState(ConnectionState.AUTHORIZED));
    ListConnectionsResponse first = events.listConnections(b -> b.namePrefix(prefix).limit(2));
    ListConnectionsResponse second =
        events.listConnections(b -> b.namePrefix(prefix).limit(2).nextToken(first.nextToken()));

    assertThat(all.connections())
        .extracting(Connection::name)
        .containsExactly(prefix + "-0", prefix + "-1", prefix + "-2");
    assertThat(all.nextToken()).isNull();
    assertThat(authorized.connections())
        .extracting(Connection::name)
        .containsExactly(prefix + "-0", prefix + "-2");
    assertThat(first.connections()).hasSize(2);
    assertThat(first.nextToken()).isNotNull();
    assertThat(second.connections()).extracting(Connection::name).containsExactly(prefix + "-2");
    assertThat(second.nextToken()).isNull();
    Connection listed = all.connections().getFirst();
    assertThat(listed.authorizationType()).isEqualTo(ConnectionAuthorizationType.BASIC);
    assertThat(listed.lastAuthorizedTime()).isNotNull();
    assertThat(presentMembers(listed))
        .containsExactlyInAnyOrderElementsOf(
            members(
                recorded("TestEventBridgeConnections::test_list_connections", "list-connections")
                    .path("Connections")
                    .get(0)));
  }
}
