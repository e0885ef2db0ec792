package dev.docket.it.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.docket.events.EventsConfig;
import dev.docket.testing.DocketExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** PutEvents validation as AWS recorded it: per-entry failures and whole-request errors. */
class PutEventsTest {

  // a small limit, so that a request over it still fits in http.max-request-bytes
  private static final int LIMIT = 64 * 1024;

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder().configure(c -> c.withEvents(new EventsConfig(LIMIT))).build();

  private static EventBridgeClient events;

  @BeforeAll
  static void client() {
    events = EventsIt.client(docket.endpoint());
  }

  @AfterAll
  static void close() {
    events.close();
  }

  @Test
  void entriesMissingAMemberFailAloneWithAwsMessages() {
    PutEventsResponse response =
        events.putEvents(
            b ->
                b.entries(
                    PutEventsRequestEntry.builder().detailType("t").detail("{}").build(),
                    PutEventsRequestEntry.builder().source("s").detail("{}").build(),
                    PutEventsRequestEntry.builder().source("s").detailType("t").build(),
                    PutEventsRequestEntry.builder()
                        .source("s")
                        .detailType("t")
                        .detail("{}")
                        .build()));

    assertThat(response.failedEntryCount()).isEqualTo(3);
    List<PutEventsResultEntry> entries = response.entries();
    assertThat(entries.get(0).errorCode()).isEqualTo("InvalidArgument");
    assertThat(entries.get(0).errorMessage())
        .isEqualTo("Parameter Source is not valid. Reason: Source is a required argument.");
    assertThat(entries.get(1).errorMessage())
        .isEqualTo("Parameter DetailType is not valid. Reason: DetailType is a required argument.");
    assertThat(entries.get(2).errorMessage())
        .isEqualTo("Parameter Detail is not valid. Reason: Detail is a required argument.");
    assertThat(entries.get(3).eventId()).isNotEmpty();
    assertThat(entries.get(3).errorCode()).isNull();
  }

  @Test
  void detailThatIsNotAJsonObjectIsMalformed() {
    for (String detail : List.of("\"text\"", "[\"a\"]", "{\"a\": ", "\"{\\\"a\\\": 1}\"")) {
      PutEventsResponse response =
          events.putEvents(
              b ->
                  b.entries(
                      PutEventsRequestEntry.builder()
                          .source("s")
                          .detailType("t")
                          .detail(detail)
                          .build()));

      assertThat(response.failedEntryCount()).as(detail).isOne();
      assertThat(response.entries().getFirst().errorCode()).isEqualTo("MalformedDetail");
      assertThat(response.entries().getFirst().errorMessage()).isEqualTo("Detail is malformed.");
    }
  }

  @Test
  void entriesOverTheSizeLimitFailTheWholeRequest() {
    String detail = "{\"big\": \"" + "x".repeat(LIMIT) + "\"}";

    EventBridgeException e =
        catchThrowableOfType(
            EventBridgeException.class,
            () ->
                events.putEvents(
                    b ->
                        b.entries(
                            PutEventsRequestEntry.builder()
                                .source("s")
                                .detailType("t")
                                .detail(detail)
                                .build())));

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("Total size of the entries in the request is over the limit.");
  }

  @Test
  void eventsForABusThatDoesNotExistAreAcknowledged() {
    PutEventsResponse response =
        events.putEvents(b -> b.entries(EventsIt.entry("no-such-bus", "s", "{}")));

    assertThat(response.failedEntryCount()).isZero();
    assertThat(response.entries().getFirst().eventId()).isNotEmpty();
  }

  @Test
  void moreThanTenEntriesAreRefused() {
    PutEventsRequestEntry entry = EventsIt.entry("default", "s", "{}");
    PutEventsRequestEntry[] eleven = new PutEventsRequestEntry[11];
    java.util.Arrays.fill(eleven, entry);

    EventBridgeException e =
        catchThrowableOfType(
            EventBridgeException.class, () -> events.putEvents(b -> b.entries(eleven)));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
  }
}
