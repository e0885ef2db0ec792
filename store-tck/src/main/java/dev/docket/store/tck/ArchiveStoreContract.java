package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.ArchivePosition;
import dev.docket.store.ArchiveStats;
import dev.docket.store.ArchiveStore;
import dev.docket.store.ArchivedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Archives: events kept in position order (time, then sequence), an event appended twice kept once,
 * reads in pages after a position and up to a time, counters, retention by whole day segments,
 * deletion.
 */
public abstract class ArchiveStoreContract extends StoreContract {

  /** The archive most cases use. */
  protected static final String ARCHIVE = "arn:aws:events:us-east-1:000000000000:archive/a";

  /** Another archive, whose events a reader of {@link #ARCHIVE} must never see. */
  protected static final String OTHER = "arn:aws:events:us-east-1:000000000000:archive/b";

  private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);

  @Test
  void readReturnsEventsInTimeThenSequenceOrder() {
    archives()
        .append(
            List.of(
                event(ARCHIVE, 5, "late", at(20)),
                event(ARCHIVE, 2, "b", at(10)),
                event(ARCHIVE, 1, "a", at(10)),
                event(ARCHIVE, 9, "first", at(5))));

    List<ArchivedEvent> read = archives().read(ARCHIVE, ArchivePosition.before(T0), FAR, 100);

    assertThat(ids(read)).containsExactly("first", "a", "b", "late");
  }

  @Test
  void readReturnsEveryFieldAsAppended() {
    ArchivedEvent event =
        new ArchivedEvent(
            ARCHIVE, 7, "id-1", at(3).plusNanos(250_000), "{\"detail\":{\"k\":\"é\"}}", "Root=1");
    archives().append(List.of(event));

    assertThat(archives().read(ARCHIVE, ArchivePosition.before(T0), FAR, 10))
        .containsExactly(event);
  }

  @Test
  void readPagesAfterAPositionAndStopsAtUntil() {
    List<ArchivedEvent> events = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      events.add(event(ARCHIVE, i, "e" + i, at(i)));
    }
    archives().append(events);

    List<ArchivedEvent> first = archives().read(ARCHIVE, ArchivePosition.before(at(2)), at(8), 3);
    List<ArchivedEvent> second = archives().read(ARCHIVE, first.getLast().position(), at(8), 3);
    List<ArchivedEvent> third = archives().read(ARCHIVE, second.getLast().position(), at(8), 3);

    assertThat(ids(first)).containsExactly("e2", "e3", "e4");
    assertThat(ids(second)).containsExactly("e5", "e6", "e7");
    assertThat(ids(third)).containsExactly("e8");
    assertThat(archives().read(ARCHIVE, third.getLast().position(), at(8), 3)).isEmpty();
    assertThat(archives().read(ARCHIVE, ArchivePosition.before(T0), FAR, 0)).isEmpty();
  }

  @Test
  void readWalksSegmentsOfManyDaysInOrder() {
    archives()
        .append(
            List.of(
                event(ARCHIVE, 30, "day3", T0.plus(DAY.multipliedBy(3))),
                event(ARCHIVE, 10, "day0", T0.plusSeconds(1)),
                event(ARCHIVE, 20, "day1", T0.plus(DAY).plusSeconds(1)),
                event(ARCHIVE, 21, "day1-end", T0.plus(DAY.multipliedBy(2)).minusNanos(1000))));

    List<ArchivedEvent> page = archives().read(ARCHIVE, ArchivePosition.before(T0), FAR, 2);
    List<ArchivedEvent> rest = archives().read(ARCHIVE, page.getLast().position(), FAR, 10);

    assertThat(ids(page)).containsExactly("day0", "day1");
    assertThat(ids(rest)).containsExactly("day1-end", "day3");
  }

  @Test
  void anEventAppendedTwiceIsKeptAndCountedOnce() {
    ArchivedEvent event = event(ARCHIVE, 1, "a", at(1));

    int first = archives().append(List.of(event));
    int again = archives().append(List.of(event, event(ARCHIVE, 2, "b", at(1))));

    assertThat(first).isEqualTo(1);
    assertThat(again).isEqualTo(1);
    assertThat(ids(archives().read(ARCHIVE, ArchivePosition.before(T0), FAR, 10)))
        .containsExactly("a", "b");
    assertThat(archives().stats(ARCHIVE).eventCount()).isEqualTo(2);
  }

  @Test
  void statsCountEventsAndTheirUtf8Bytes() {
    ArchivedEvent a = event(ARCHIVE, 1, "a", at(1));
    ArchivedEvent b = new ArchivedEvent(ARCHIVE, 2, "b", T0.plus(DAY), "{\"k\":\"é\"}", "");
    archives().append(List.of(a, b));

    ArchiveStats stats = archives().stats(ARCHIVE);

    assertThat(stats.eventCount()).isEqualTo(2);
    assertThat(stats.sizeBytes()).isEqualTo(a.json().getBytes(StandardCharsets.UTF_8).length + 10);
    assertThat(archives().stats(OTHER)).isEqualTo(ArchiveStats.EMPTY);
  }

  @Test
  void archivesAreSeparate() {
    archives().append(List.of(event(ARCHIVE, 1, "mine", at(1)), event(OTHER, 1, "theirs", at(1))));

    assertThat(ids(archives().read(ARCHIVE, ArchivePosition.before(T0), FAR, 10)))
        .containsExactly("mine");
    assertThat(ids(archives().read(OTHER, ArchivePosition.before(T0), FAR, 10)))
        .containsExactly("theirs");
    assertThat(
            archives()
                .read(
                    "arn:aws:events:us-east-1:0:archive/none", ArchivePosition.before(T0), FAR, 10))
        .isEmpty();
  }

  @Test
  void expireDropsWholeDaysOlderThanTheCutOff() {
    archives()
        .append(
            List.of(
                event(ARCHIVE, 1, "day0", T0.plusSeconds(5)),
                event(ARCHIVE, 2, "day1-early", T0.plus(DAY)),
                event(ARCHIVE, 3, "day1-late", T0.plus(DAY).plusSeconds(80_000)),
                event(ARCHIVE, 4, "day2", T0.plus(DAY.multipliedBy(2))),
                event(OTHER, 5, "other-day0", T0.plusSeconds(5))));

    long dropped = archives().expire(ARCHIVE, T0.plus(DAY).plusSeconds(10));

    assertThat(dropped).isEqualTo(1);
    assertThat(ids(archives().read(ARCHIVE, ArchivePosition.before(T0), FAR, 10)))
        .containsExactly("day1-early", "day1-late", "day2");
    assertThat(archives().stats(ARCHIVE).eventCount()).isEqualTo(3);
    assertThat(archives().stats(OTHER).eventCount()).isEqualTo(1);
    assertThat(archives().expire(ARCHIVE, T0.plus(DAY).plusSeconds(10))).isZero();
  }

  @Test
  void deleteRemovesTheArchiveAndANewOneOfTheSameNameStartsEmpty() {
    archives().append(List.of(event(ARCHIVE, 1, "old", at(1)), event(OTHER, 1, "kept", at(1))));

    archives().delete(ARCHIVE);
    archives().append(List.of(event(ARCHIVE, 2, "new", at(2))));

    assertThat(ids(archives().read(ARCHIVE, ArchivePosition.before(T0), FAR, 10)))
        .containsExactly("new");
    assertThat(archives().stats(ARCHIVE).eventCount()).isEqualTo(1);
    assertThat(archives().stats(OTHER).eventCount()).isEqualTo(1);
    archives().delete("arn:aws:events:us-east-1:0:archive/none");
  }

  /** The archive store of the store under test. */
  protected ArchiveStore archives() {
    return store.archives();
  }

  /** An archived event with a small envelope naming its id. */
  protected static ArchivedEvent event(String archive, long sequence, String id, Instant time) {
    return new ArchivedEvent(archive, sequence, id, time, "{\"id\":\"" + id + "\"}", "");
  }

  private static List<String> ids(List<ArchivedEvent> events) {
    return events.stream().map(ArchivedEvent::id).toList();
  }
}
