package dev.docket.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** JSONPath selection: the direct walk for dot paths and Jayway for the rest. */
class EventPathTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonNode event =
      parse(
          """
          {"detail-type":"T","detail":{"instance-id":"i-1","a/b":"slash","z":null,
           "items":[{"id":"a","n":1},{"id":"b","n":2}],"matrix":[[1,2],[3,4]]}}
          """);

  @Test
  void rootSelectsTheWholeEvent() {
    assertThat(EventPath.of("$").select(event)).contains(event);
  }

  @Test
  void dashesSlashesAndIndexesWalkDirectly() {
    assertThat(text("$.detail-type")).isEqualTo("\"T\"");
    assertThat(text("$.detail.instance-id")).isEqualTo("\"i-1\"");
    assertThat(text("$.detail.a/b")).isEqualTo("\"slash\"");
    assertThat(text("$.detail.items[1].id")).isEqualTo("\"b\"");
    assertThat(text("$.detail.matrix[1][0]")).isEqualTo("3");
  }

  @Test
  void missingMembersAndIndexesSelectNothing() {
    assertThat(EventPath.of("$.detail.absent").select(event)).isEmpty();
    assertThat(EventPath.of("$.detail.items[5]").select(event)).isEmpty();
    assertThat(EventPath.of("$.detail.items.id").select(event)).isEmpty();
    assertThat(EventPath.of("$.detail.instance-id[0]").select(event)).isEmpty();
  }

  @Test
  void memberWithNullValueSelectsNull() {
    assertThat(EventPath.of("$.detail.z").select(event)).hasValueSatisfying(n -> n.isNull());
  }

  @Test
  void wildcardsAndFiltersGoThroughJayway() {
    assertThat(text("$.detail.items[*].id")).isEqualTo("[\"a\",\"b\"]");
    assertThat(text("$..id")).isEqualTo("[\"a\",\"b\"]");
    assertThat(text("$.detail.items[?(@.n > 1)].id")).isEqualTo("[\"b\"]");
    assertThat(text("$['detail']['instance-id']")).isEqualTo("\"i-1\"");
  }

  @Test
  void jaywayPathSelectingNothingSelectsNothing() {
    assertThat(EventPath.of("$['detail']['absent']").select(event)).isEmpty();
  }

  @Test
  void pathsNotStartingWithDollarOrMalformedAreRefused() {
    assertThat(EventPath.parse("detail")).isEmpty();
    assertThat(EventPath.parse("$.")).isEmpty();
    assertThat(EventPath.parse("$.a[?(")).isEmpty();
    assertThatThrownBy(() -> EventPath.of("x")).isInstanceOf(InvalidInputException.class);
  }

  private String text(String path) {
    return EventPath.of(path).select(event).orElseThrow().toString();
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
