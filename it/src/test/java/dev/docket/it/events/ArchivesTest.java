package dev.docket.it.events;

import static dev.docket.it.events.EventBridgeClients.errorOf;
import static dev.docket.it.events.EventsIt.entry;
import static dev.docket.it.events.EventsIt.put;
import static dev.docket.it.events.EventsIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Archive;
import software.amazon.awssdk.services.eventbridge.model.ArchiveState;
import software.amazon.awssdk.services.eventbridge.model.CreateArchiveResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeArchiveResponse;
import software.amazon.awssdk.services.eventbridge.model.ListArchivesResponse;

/**
 * The archive operations through the SDK, with AWS's answers and errors as recorded in {@code
 * test_archive_and_replay.snapshot.json}, and archiving itself: events put after an archive is
 * created that match its pattern are kept and counted.
 */
class ArchivesTest {

  private static final String PATTERN =
      "{\"source\":[\"core.update-account-command\"],"
          + "\"detail-type\":[\"core.update-account-command\"],"
          + "\"detail\":{\"command\":[\"update-account\"]}}";
  private static final String DETAIL =
      "{\"command\":\"update-account\",\"payload\":{\"acc_id\":\"0a787ecb-4015\",\"sf_id\":\"baz\"}}";

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static EventBridgeClient events;

  @BeforeAll
  static void client() {
    events = EventBridgeClients.client(docket);
  }

  @AfterAll
  static void close() {
    events.close();
  }

  private static String bus() {
    String name = uniqueName("archived");
    events.createEventBus(b -> b.name(name));
    return name;
  }

  @Test
  void anArchiveIsCreatedDescribedListedUpdatedAndDeleted() {
    String bus = bus();
    String name = uniqueName("archive");

    CreateArchiveResponse created =
        events.createArchive(
            b ->
                b.archiveName(name)
                    .eventSourceArn(EventBridgeClients.busArn(bus))
                    .description("description of the archive")
                    .eventPattern(PATTERN)
                    .retentionDays(1));
    DescribeArchiveResponse described = events.describeArchive(b -> b.archiveName(name));
    ListArchivesResponse listed = events.listArchives(b -> b.namePrefix(name));
    var updated =
        events.updateArchive(b -> b.archiveName(name).description("changed").retentionDays(7));
    DescribeArchiveResponse after = events.describeArchive(b -> b.archiveName(name));
    events.deleteArchive(b -> b.archiveName(name));

    String arn = "arn:aws:events:us-east-1:000000000000:archive/" + name;
    assertThat(created.archiveArn()).isEqualTo(arn);
    assertThat(created.state()).isEqualTo(ArchiveState.ENABLED);
    assertThat(created.creationTime()).isNotNull();
    assertThat(described.archiveArn()).isEqualTo(arn);
    assertThat(described.archiveName()).isEqualTo(name);
    assertThat(described.eventSourceArn()).isEqualTo(EventBridgeClients.busArn(bus));
    assertThat(EventsIt.parse(described.eventPattern())).isEqualTo(EventsIt.parse(PATTERN));
    assertThat(described.description()).isEqualTo("description of the archive");
    assertThat(described.state()).isEqualTo(ArchiveState.ENABLED);
    assertThat(described.retentionDays()).isEqualTo(1);
    assertThat(described.eventCount()).isZero();
    assertThat(described.sizeBytes()).isZero();
    assertThat(described.creationTime()).isEqualTo(created.creationTime());
    assertThat(listed.archives())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.archiveName()).isEqualTo(name);
              assertThat(a.eventSourceArn()).isEqualTo(EventBridgeClients.busArn(bus));
              assertThat(a.state()).isEqualTo(ArchiveState.ENABLED);
              assertThat(a.retentionDays()).isEqualTo(1);
              assertThat(a.eventCount()).isZero();
              assertThat(a.sizeBytes()).isZero();
            });
    assertThat(updated.archiveArn()).isEqualTo(arn);
    assertThat(updated.state()).isEqualTo(ArchiveState.ENABLED);
    assertThat(after.description()).isEqualTo("changed");
    assertThat(after.retentionDays()).isEqualTo(7);
    assertThat(EventsIt.parse(after.eventPattern())).isEqualTo(EventsIt.parse(PATTERN));
    assertThat(errorOf(() -> events.describeArchive(b -> b.archiveName(name))).errorCode())
        .isEqualTo("ResourceNotFoundException");
  }

  @Test
  void createArchiveOnABusThatDoesNotExistIsNotFound() {
    AwsErrorDetails error =
        errorOf(
            () ->
                events.createArchive(
                    b ->
                        b.archiveName(uniqueName("a"))
                            .eventSourceArn(EventBridgeClients.busArn("no-such-bus"))));

    assertThat(error.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(error.errorMessage()).isEqualTo("Event bus no-such-bus does not exist.");
  }

  @Test
  void createArchiveTwiceIsRefusedAndABadPatternIsRefused() {
    String name = uniqueName("dup");
    String busArn = EventBridgeClients.busArn("default");
    events.createArchive(b -> b.archiveName(name).eventSourceArn(busArn));

    AwsErrorDetails duplicate =
        errorOf(() -> events.createArchive(b -> b.archiveName(name).eventSourceArn(busArn)));
    AwsErrorDetails badPattern =
        errorOf(
            () ->
                events.createArchive(
                    b ->
                        b.archiveName(uniqueName("bad"))
                            .eventSourceArn(busArn)
                            .eventPattern("{\"source\":\"not-a-list\"}")));

    assertThat(duplicate.errorCode()).isEqualTo("ResourceAlreadyExistsException");
    assertThat(duplicate.errorMessage()).isEqualTo("Archive " + name + " already exists.");
    assertThat(badPattern.errorCode()).isEqualTo("InvalidEventPatternException");
    events.deleteArchive(b -> b.archiveName(name));
  }

  @Test
  void unknownArchivesAreNotFoundAndAnEmptyUpdateIsInvalid() {
    AwsErrorDetails describe = errorOf(() -> events.describeArchive(b -> b.archiveName("nope")));
    AwsErrorDetails delete = errorOf(() -> events.deleteArchive(b -> b.archiveName("nope")));
    AwsErrorDetails update =
        errorOf(() -> events.updateArchive(b -> b.archiveName("nope").description("d")));
    AwsErrorDetails empty = errorOf(() -> events.updateArchive(b -> b.archiveName("nope")));
    AwsErrorDetails unknownSource =
        errorOf(
            () -> events.listArchives(b -> b.eventSourceArn(EventBridgeClients.busArn("gone"))));

    assertThat(describe.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(describe.errorMessage()).isEqualTo("Archive nope does not exist.");
    assertThat(delete.errorMessage()).isEqualTo("Archive nope does not exist.");
    assertThat(update.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(empty.errorCode()).isEqualTo("ValidationException");
    assertThat(empty.errorMessage())
        .isEqualTo("At least one of EventPattern, RetentionDays or Description must be provided.");
    assertThat(unknownSource.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(unknownSource.errorMessage()).isEqualTo("Event bus gone does not exist.");
  }

  @Test
  void listArchivesFiltersBySourceStateAndPrefixAndPages() {
    String bus = bus();
    String prefix = uniqueName("page");
    for (int i = 0; i < 5; i++) {
      String name = prefix + "-" + i;
      events.createArchive(b -> b.archiveName(name).eventSourceArn(EventBridgeClients.busArn(bus)));
    }

    ListArchivesResponse first = events.listArchives(b -> b.namePrefix(prefix).limit(3));
    ListArchivesResponse second =
        events.listArchives(b -> b.namePrefix(prefix).limit(3).nextToken(first.nextToken()));
    ListArchivesResponse bySource =
        events.listArchives(b -> b.eventSourceArn(EventBridgeClients.busArn(bus)));
    ListArchivesResponse enabled =
        events.listArchives(b -> b.namePrefix(prefix).state(ArchiveState.ENABLED));
    ListArchivesResponse disabled =
        events.listArchives(b -> b.namePrefix(prefix).state(ArchiveState.DISABLED));
    ListArchivesResponse none = events.listArchives(b -> b.namePrefix(prefix + "-x"));

    assertThat(first.archives())
        .extracting(Archive::archiveName)
        .containsExactly(prefix + "-0", prefix + "-1", prefix + "-2");
    assertThat(first.nextToken()).isNotNull();
    assertThat(second.archives())
        .extracting(Archive::archiveName)
        .containsExactly(prefix + "-3", prefix + "-4");
    assertThat(second.nextToken()).isNull();
    assertThat(bySource.archives()).hasSize(5);
    assertThat(enabled.archives()).hasSize(5);
    assertThat(disabled.archives()).isEmpty();
    assertThat(none.archives()).isEmpty();
  }

  @Test
  void matchingEventsPutAfterCreationAreArchivedAndCounted() {
    String bus = bus();
    put(events, entry(bus, "core.update-account-command", DETAIL)); // before the archive
    String filtered = uniqueName("filtered");
    String everything = uniqueName("everything");
    events.createArchive(
        b ->
            b.archiveName(filtered)
                .eventSourceArn(EventBridgeClients.busArn(bus))
                .eventPattern("{\"source\":[\"core.update-account-command\"]}"));
    events.createArchive(
        b -> b.archiveName(everything).eventSourceArn(EventBridgeClients.busArn(bus)));

    for (int i = 0; i < 10; i++) {
      put(
          events,
          entry(bus, "core.update-account-command", DETAIL),
          entry(bus, "other.source", DETAIL));
    }

    DescribeArchiveResponse kept = awaitCount(events, filtered, 10);
    DescribeArchiveResponse all = awaitCount(events, everything, 20);
    assertThat(kept.sizeBytes()).isPositive();
    assertThat(all.sizeBytes()).isGreaterThan(kept.sizeBytes());
    assertThat(events.listArchives(b -> b.namePrefix(filtered)).archives().getFirst().eventCount())
        .isEqualTo(10);
  }

  /** Describes the archive once it counts {@code count} events (archiving is asynchronous). */
  static DescribeArchiveResponse awaitCount(EventBridgeClient events, String archive, long count) {
    DescribeArchiveResponse described =
        Awaits.until(
            () -> events.describeArchive(b -> b.archiveName(archive)),
            d -> d.eventCount() >= count,
            "archive " + archive + " holding " + count + " events");
    assertThat(described.eventCount()).isEqualTo(count);
    return described;
  }
}
