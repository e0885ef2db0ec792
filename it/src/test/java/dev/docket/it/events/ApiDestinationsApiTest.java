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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestination;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationState;
import software.amazon.awssdk.services.eventbridge.model.CreateApiDestinationResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeApiDestinationResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ListApiDestinationsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.UpdateApiDestinationResponse;

/** The API-destination operations against AWS's recorded answers. */
class ApiDestinationsApiTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final String TEST = "TestEventBridgeApiDestinations::test_api_destinations[auth0]";
  private static final String ARN =
      "arn:aws:events:us-east-1:000000000000:api-destination/%s/[0-9a-f-]{36}";

  private static EventBridgeClient events;

  @BeforeAll
  static void client() {
    events = ApiDestinationFixtures.eventBridge(docket);
  }

  @AfterAll
  static void close() {
    events.close();
  }

  private static CreateApiDestinationResponse create(String name, String connectionArn) {
    return events.createApiDestination(
        b ->
            b.name(name)
                .description("Test API destination")
                .connectionArn(connectionArn)
                .invocationEndpoint("https://example.com/api")
                .httpMethod(ApiDestinationHttpMethod.POST));
  }

  @Test
  void anApiDestinationGoesThroughItsLifecycleAsAwsRecordedIt() {
    String connectionArn = basicConnection(events, uniqueName("dest-conn"));
    String name = uniqueName("lifecycle");

    CreateApiDestinationResponse created = create(name, connectionArn);
    DescribeApiDestinationResponse described = events.describeApiDestination(b -> b.name(name));
    ListApiDestinationsResponse listed = events.listApiDestinations(b -> b.namePrefix(name));
    UpdateApiDestinationResponse updated =
        events.updateApiDestination(
            b ->
                b.name(name)
                    .description("Updated API destination")
                    .invocationEndpoint("https://example.com/api/v2")
                    .httpMethod(ApiDestinationHttpMethod.PUT));
    DescribeApiDestinationResponse afterUpdate = events.describeApiDestination(b -> b.name(name));
    events.deleteApiDestination(b -> b.name(name));
    EventBridgeException gone = failure(() -> events.describeApiDestination(b -> b.name(name)));

    assertThat(created.apiDestinationArn()).matches(ARN.formatted(name));
    assertThat(created.apiDestinationState()).isEqualTo(ApiDestinationState.ACTIVE);
    assertThat(presentMembers(created))
        .containsExactlyInAnyOrderElementsOf(members(recorded(TEST, "create-api-destination")));
    assertThat(described.connectionArn()).isEqualTo(connectionArn);
    assertThat(described.invocationRateLimitPerSecond()).isEqualTo(300);
    assertThat(described.description()).isEqualTo("Test API destination");
    assertThat(presentMembers(described))
        .containsExactlyInAnyOrderElementsOf(members(recorded(TEST, "describe-api-destination")));
    assertThat(listed.apiDestinations()).hasSize(1);
    assertThat(presentMembers(listed.apiDestinations().getFirst()))
        .containsExactlyInAnyOrderElementsOf(
            members(recorded(TEST, "list-api-destinations").path("ApiDestinations").get(0)));
    assertThat(presentMembers(updated))
        .containsExactlyInAnyOrderElementsOf(members(recorded(TEST, "update-api-destination")));
    assertThat(afterUpdate.description()).isEqualTo("Updated API destination");
    assertThat(afterUpdate.invocationEndpoint()).isEqualTo("https://example.com/api/v2");
    assertThat(afterUpdate.httpMethod()).isEqualTo(ApiDestinationHttpMethod.PUT);
    assertThat(afterUpdate.lastModifiedTime()).isAfterOrEqualTo(afterUpdate.creationTime());
    assertThat(gone).isInstanceOf(ResourceNotFoundException.class);
    assertThat(gone.awsErrorDetails().errorMessage())
        .isEqualTo(
            recordedMessage(
                TEST, "describe-api-destination-not-found-error", "<destination-name>", name));
  }

  @Test
  void aDestinationOfAnOauthConnectionStillAuthorizingIsInactive() {
    String connectionArn =
        oauthConnection(events, uniqueName("oauth-conn"), "https://example.com/oauth");
    String name = uniqueName("inactive");

    CreateApiDestinationResponse created = create(name, connectionArn);

    assertThat(created.apiDestinationState()).isEqualTo(ApiDestinationState.INACTIVE);
    assertThat(events.describeApiDestination(b -> b.name(name)).apiDestinationState())
        .isEqualTo(ApiDestinationState.INACTIVE);
  }

  @Test
  void aDestinationTurnsInactiveWhenItsConnectionIsDeauthorized() {
    String connectionName = uniqueName("deauth-conn");
    String name = uniqueName("deauth-dest");
    create(name, basicConnection(events, connectionName));

    events.deauthorizeConnection(b -> b.name(connectionName));

    assertThat(events.describeApiDestination(b -> b.name(name)).apiDestinationState())
        .isEqualTo(ApiDestinationState.INACTIVE);
  }

  @Test
  void aGivenRateLimitIsKept() {
    String name = uniqueName("rate");
    events.createApiDestination(
        b ->
            b.name(name)
                .connectionArn(basicConnection(events, uniqueName("rate-conn")))
                .invocationEndpoint("https://example.com/api")
                .httpMethod(ApiDestinationHttpMethod.GET)
                .invocationRateLimitPerSecond(7));

    assertThat(events.describeApiDestination(b -> b.name(name)).invocationRateLimitPerSecond())
        .isEqualTo(7);
  }

  @Test
  void aMalformedConnectionArnFailsValidationWithAwsMessage() {
    EventBridgeException e =
        failure(
            () ->
                events.createApiDestination(
                    b ->
                        b.name(uniqueName("invalid"))
                            .connectionArn("invalid-connection-arn")
                            .invocationEndpoint("https://example.com/api")
                            .httpMethod("INVALID_METHOD")));

    // AWS reports both broken members ("2 validation errors detected: ..."); Docket's validator
    // stops at the first, so its message is AWS's first clause as a one-error message.
    String recordedText =
        recordedMessage(
            "TestEventBridgeApiDestinations::test_create_api_destination_invalid_parameters",
            "create-api-destination-invalid-parameters-error",
            "",
            "");
    String firstClause =
        recordedText.substring(
            "2 validation errors detected: ".length(), recordedText.indexOf("; Value"));
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("1 validation error detected: " + firstClause);
  }

  @Test
  void aNameWithSpacesFailsWithAwsValidationMessage() {
    String connectionArn = basicConnection(events, uniqueName("name-conn"));

    EventBridgeException e = failure(() -> create("Invalid Name With Spaces!", connectionArn));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            recordedMessage(
                "TestEventBridgeApiDestinations::test_create_api_destination_name_validation",
                "create-api-destination-invalid-name-error",
                "",
                ""));
  }

  @Test
  void aMissingConnectionFailsWithResourceNotFound() {
    String missing =
        "arn:aws:events:us-east-1:000000000000:connection/nope/"
            + "00000000-0000-0000-0000-000000000000";

    EventBridgeException e = failure(() -> create(uniqueName("orphan"), missing));

    assertThat(e).isInstanceOf(ResourceNotFoundException.class);
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Connection 'nope' does not exist.");
  }

  @Test
  void creatingADestinationAgainFailsWithResourceAlreadyExists() {
    String connectionArn = basicConnection(events, uniqueName("again-conn"));
    String name = uniqueName("again");
    create(name, connectionArn);

    EventBridgeException e = failure(() -> create(name, connectionArn));

    assertThat(e).isInstanceOf(ResourceAlreadyExistsException.class);
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("An api-destination '" + name + "' already exists.");
  }

  @Test
  void updatingOrDeletingAMissingDestinationFailsWithResourceNotFound() {
    String name = uniqueName("missing");

    EventBridgeException update =
        failure(() -> events.updateApiDestination(b -> b.name(name).description("x")));
    EventBridgeException delete = failure(() -> events.deleteApiDestination(b -> b.name(name)));

    assertThat(update).isInstanceOf(ResourceNotFoundException.class);
    assertThat(delete.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Failed to delete the api-destination(s). An api-destination '"
                + name
                + "' does not exist.");
  }

  @Test
  void listApiDestinationsFiltersByConnectionAndPages() {
    String prefix = uniqueName("paged");
    String one = basicConnection(events, uniqueName("paged-conn"));
    String other = basicConnection(events, uniqueName("paged-conn"));
    create(prefix + "-a", one);
    create(prefix + "-b", other);
    create(prefix + "-c", one);

    ListApiDestinationsResponse byConnection =
        events.listApiDestinations(b -> b.namePrefix(prefix).connectionArn(one));
    ListApiDestinationsResponse first =
        events.listApiDestinations(b -> b.namePrefix(prefix).limit(2));
    ListApiDestinationsResponse second =
        events.listApiDestinations(b -> b.namePrefix(prefix).limit(2).nextToken(first.nextToken()));

    assertThat(byConnection.apiDestinations())
        .extracting(ApiDestination::name)
        .containsExactly(prefix + "-a", prefix + "-c");
    assertThat(first.apiDestinations())
        .extracting(ApiDestination::name)
        .containsExactly(prefix + "-a", prefix + "-b");
    assertThat(second.apiDestinations())
        .extracting(ApiDestination::name)
        .containsExactly(prefix + "-c");
    assertThat(second.nextToken()).isNull();
  }
}
