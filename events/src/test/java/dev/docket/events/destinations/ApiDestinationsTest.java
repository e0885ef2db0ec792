package dev.docket.events.destinations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.events.EventsError;
import dev.docket.events.InMemoryResources;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.schedule.ManualClock;
import dev.docket.store.ResourceRecord;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operations' behaviour the SDK tests cannot see: stored documents, merging, long listings. */
class ApiDestinationsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final InMemoryResources store = new InMemoryResources();
  private final ApiDestinations api = new ApiDestinations(store, clock);
  private final RequestContext context =
      new RequestContext("req", "000000000000", "us-east-1", "http://localhost", clock.instant());

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private ObjectNode invoke(String operation, String input) {
    return api.invoke(operation, json(input), context);
  }

  private String basic(String name) {
    return invoke(
            "CreateConnection",
            "{\"Name\":\""
                + name
                + "\",\"AuthorizationType\":\"BASIC\",\"AuthParameters\":"
                + "{\"BasicAuthParameters\":{\"Username\":\"user\",\"Password\":\"pass\"}}}")
        .get("ConnectionArn")
        .asText();
  }

  private JsonNode stored(String arn) {
    return StoredDocuments.parse(store.get(StoredDocuments.CONNECTION, arn).orElseThrow());
  }

  @Test
  void handlesExactlyTheElevenOperations() {
    assertThat(api.handles("CreateConnection")).isTrue();
    assertThat(api.handles("ListApiDestinations")).isTrue();
    assertThat(api.handles("PutRule")).isFalse();
  }

  @Test
  void aNewPasswordKeepsTheStoredUsername() {
    String arn = basic("merge");

    invoke(
        "UpdateConnection",
        "{\"Name\":\"merge\",\"AuthParameters\":{\"BasicAuthParameters\":{\"Password\":\"new\"}}}");

    assertThat(stored(arn).at("/AuthParameters/BasicAuthParameters"))
        .isEqualTo(json("{\"Username\":\"user\",\"Password\":\"new\"}"));
  }

  @Test
  void changingTheAuthorizationTypeReplacesTheAuthParameters() {
    String arn = basic("retype");

    invoke(
        "UpdateConnection",
        "{\"Name\":\"retype\",\"AuthorizationType\":\"API_KEY\",\"AuthParameters\":"
            + "{\"ApiKeyAuthParameters\":{\"ApiKeyName\":\"k\",\"ApiKeyValue\":\"v\"}}}");

    assertThat(stored(arn).get("AuthParameters"))
        .isEqualTo(json("{\"ApiKeyAuthParameters\":{\"ApiKeyName\":\"k\",\"ApiKeyValue\":\"v\"}}"));
    assertThat(stored(arn).get("AuthorizationType").asText()).isEqualTo("API_KEY");
  }

  @Test
  void changingTheAuthorizationTypeKeepsTheInvocationParameters() {
    String arn =
        invoke(
                "CreateConnection",
                "{\"Name\":\"keep\",\"AuthorizationType\":\"BASIC\",\"AuthParameters\":{"
                    + "\"BasicAuthParameters\":{\"Username\":\"u\",\"Password\":\"p\"},"
                    + "\"InvocationHttpParameters\":{\"HeaderParameters\":[{\"Key\":\"h\","
                    + "\"Value\":\"v\"}]}}}")
            .get("ConnectionArn")
            .asText();

    invoke(
        "UpdateConnection",
        "{\"Name\":\"keep\",\"AuthorizationType\":\"API_KEY\",\"AuthParameters\":"
            + "{\"ApiKeyAuthParameters\":{\"ApiKeyName\":\"k\",\"ApiKeyValue\":\"v\"}}}");

    assertThat(
            stored(arn)
                .at("/AuthParameters/InvocationHttpParameters/HeaderParameters/0/Key")
                .asText())
        .isEqualTo("h");
    assertThat(stored(arn).at("/AuthParameters/BasicAuthParameters").isMissingNode()).isTrue();
  }

  @Test
  void changingTheAuthorizationTypeWithoutItsParametersFailsValidation() {
    basic("retype-bare");

    assertThatThrownBy(
            () ->
                invoke(
                    "UpdateConnection",
                    "{\"Name\":\"retype-bare\",\"AuthorizationType\":\"API_KEY\"}"))
        .isInstanceOfSatisfying(
            ServiceException.class, e -> assertThat(e.code()).isEqualTo(EventsError.VALIDATION));
  }

  @Test
  void deauthorizingRemovesTheStoredSecrets() {
    String arn = basic("forget");

    invoke("DeauthorizeConnection", "{\"Name\":\"forget\"}");

    assertThat(stored(arn).at("/AuthParameters/BasicAuthParameters"))
        .isEqualTo(json("{\"Username\":\"user\"}"));
    assertThat(stored(arn).get("ConnectionState").asText()).isEqualTo("DEAUTHORIZED");
  }

  @Test
  void describeNeverShowsASecret() {
    invoke(
        "CreateConnection",
        "{\"Name\":\"oauth\",\"AuthorizationType\":\"OAUTH_CLIENT_CREDENTIALS\",\"AuthParameters\":{"
            + "\"OAuthParameters\":{\"AuthorizationEndpoint\":\"https://a/t\",\"HttpMethod\":\"GET\","
            + "\"ClientParameters\":{\"ClientID\":\"id\",\"ClientSecret\":\"SECRET1\"},"
            + "\"OAuthHttpParameters\":{\"BodyParameters\":[{\"Key\":\"k\",\"Value\":\"SECRET2\","
            + "\"IsValueSecret\":true}]}},"
            + "\"InvocationHttpParameters\":{\"HeaderParameters\":[{\"Key\":\"h\",\"Value\":"
            + "\"SECRET3\",\"IsValueSecret\":true}]}}}");

    String described = invoke("DescribeConnection", "{\"Name\":\"oauth\"}").toString();

    assertThat(described).doesNotContain("SECRET").contains("\"ClientID\":\"id\"");
  }

  @Test
  void updatesAdvanceLastModifiedTimeButNotCreationTime() {
    basic("times");
    clock.advance(Duration.ofSeconds(90));

    ObjectNode updated = invoke("UpdateConnection", "{\"Name\":\"times\",\"Description\":\"d\"}");

    assertThat(updated.get("LastModifiedTime").decimalValue().longValue())
        .isEqualTo(updated.get("CreationTime").decimalValue().longValue() + 90);
  }

  @Test
  void listingFiltersByStateAcrossManyStoreBatchesAndPagesWithoutGapsOrRepeats() {
    for (int i = 0; i < 250; i++) {
      String name = "c-%03d".formatted(i);
      basic(name);
      if (i % 2 == 1) {
        invoke("DeauthorizeConnection", "{\"Name\":\"" + name + "\"}");
      }
    }

    List<String> names = new ArrayList<>();
    String token = null;
    do {
      ObjectNode page =
          invoke(
              "ListConnections",
              "{\"ConnectionState\":\"DEAUTHORIZED\",\"Limit\":40"
                  + (token == null ? "" : ",\"NextToken\":\"" + token + "\"")
                  + "}");
      page.get("Connections").forEach(c -> names.add(c.get("Name").asText()));
      token = page.hasNonNull("NextToken") ? page.get("NextToken").asText() : null;
    } while (token != null);

    assertThat(names)
        .hasSize(125)
        .doesNotHaveDuplicates()
        .isSorted()
        .allMatch(
            n ->
                n.endsWith("1")
                    || n.endsWith("3")
                    || n.endsWith("5")
                    || n.endsWith("7")
                    || n.endsWith("9"));
  }

  @Test
  void aLostRaceToUpdateIsAConcurrentModification() {
    String arn = basic("raced");
    ResourceRecord record = store.get(StoredDocuments.CONNECTION, arn).orElseThrow();
    InMemoryResources racing =
        new InMemoryResources() {
          @Override
          public boolean replace(ResourceRecord next) {
            return false;
          }
        };
    racing.create(record);
    ApiDestinations raced = new ApiDestinations(racing, clock);

    assertThatThrownBy(
            () ->
                raced.invoke(
                    "UpdateConnection",
                    json("{\"Name\":\"raced\",\"Description\":\"x\"}"),
                    context))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> assertThat(e.code()).isEqualTo(EventsError.CONCURRENT_MODIFICATION));
  }

  @Test
  void aNextTokenDocketDidNotIssueFailsValidation() {
    assertThatThrownBy(() -> invoke("ListApiDestinations", "{\"NextToken\":\"***\"}"))
        .isInstanceOfSatisfying(
            ServiceException.class, e -> assertThat(e.code()).isEqualTo(EventsError.VALIDATION));
  }

  @Test
  void privateEndpointConnectivityIsRefusedNotIgnored() {
    assertThatThrownBy(
            () ->
                invoke(
                    "CreateConnection",
                    "{\"Name\":\"private\",\"AuthorizationType\":\"BASIC\",\"AuthParameters\":"
                        + "{\"BasicAuthParameters\":{\"Username\":\"u\",\"Password\":\"p\"}},"
                        + "\"InvocationConnectivityParameters\":{\"ResourceParameters\":"
                        + "{\"ResourceConfigurationArn\":\"\"}}}"))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> assertThat(e.code()).isEqualTo(EventsError.UNSUPPORTED_OPERATION));
  }
}
