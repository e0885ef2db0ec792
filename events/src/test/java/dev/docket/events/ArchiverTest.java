package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.delivery.Node;
import dev.docket.schedule.ManualClock;
import dev.docket.store.ArchivePosition;
import dev.docket.store.ArchivedEvent;
import dev.docket.store.NewEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Archiving over in-memory stores: what each archive of a bus keeps (its pattern; nothing from
 * before its creation; no replayed event), the router's trim held behind the archiver, and
 * retention applied on the clock.
 */
class ArchiverTest {

  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "000000000000";
  private static final String BUS = Arns.bus(REGION, ACCOUNT, "orders");
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock(T0);
  private final MemoryEventLog log = new MemoryEventLog();
  private final InMemoryResources resources = new InMemoryResources();
  private final MemoryArchives archives = new MemoryArchives();
  private final Archivers archivers =
      new Archivers(log, archives, resources, clock, Node.alone(clock));
  private final ArchivingEventLog routersLog = new ArchivingEventLog(log, archivers);

  @AfterEach
  void stop() {
    archivers.close();
  }

  @Test
  void eachArchiveKeepsWhatItsPatternMatchesFromItsCreationOnButNoReplayedEvent() {
    append("shop", "{}", T0.minusSeconds(1)); // before the archives
    String filtered = create("filtered", Optional.of("{\"source\":[\"shop\"]}"), 0);
    String everything = create("everything", Optional.empty(), 0);

    append("shop", "{}", T0);
    append("other", "{}", T0);
    append("shop", "{},\"replay-name\":\"r\"", T0);

    await(() -> archives.stats(everything).eventCount() == 2);
    assertThat(read(filtered)).extracting(e -> e.json()).containsExactly(json("shop", "{}"));
    assertThat(read(everything)).hasSize(2);
  }

  @Test
  void theRoutersTrimWaitsForTheArchiver() {
    create("everything", Optional.empty(), 0);
    List<Long> sequences = append("shop", "{}", T0);

    int trimmedEarly = routersLog.trim(BUS, sequences.getLast());
    await(() -> log.cursor(Archiver.consumerOf(BUS)) == sequences.getLast());
    int trimmedLater = routersLog.trim(BUS, sequences.getLast());

    assertThat(trimmedEarly + trimmedLater).isEqualTo(1);
    assertThat(routersLog.trim(BUS, sequences.getLast())).isZero();
  }

  @Test
  void retentionDropsEventsOlderThanTheArchivesRetentionDays() {
    String archive = create("week", Optional.empty(), 7);
    append("shop", "{}", T0);
    await(() -> archives.stats(archive).eventCount() == 1);

    clock.advance(Duration.ofDays(8));
    archivers.wake(BUS);

    await(() -> archives.stats(archive).eventCount() == 0);
  }

  private String create(String name, Optional<String> pattern, int retentionDays) {
    Archive archive =
        new Archive(
            name,
            Archive.arnOf(REGION, ACCOUNT, name),
            ACCOUNT,
            REGION,
            BUS,
            pattern,
            Optional.empty(),
            retentionDays,
            clock.instant());
    archivers.ensure(BUS);
    resources.create(archive.newRecord());
    archivers.archivesChanged(BUS);
    return archive.arn();
  }

  private List<Long> append(String source, String detailAndMore, Instant time) {
    return routersLog.append(
        List.of(
            new NewEvent(BUS, "id-" + System.nanoTime(), time, json(source, detailAndMore), "")));
  }

  private static String json(String source, String detailAndMore) {
    return "{\"source\":\""
        + source
        + "\",\"region\":\"us-east-1\",\"detail\":"
        + detailAndMore
        + "}";
  }

  private List<ArchivedEvent> read(String archive) {
    return archives.read(archive, ArchivePosition.before(Instant.EPOCH), FAR, 100);
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within %s", WAIT).isLessThan(deadline);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
