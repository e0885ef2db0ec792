package dev.docket.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.schedule.ManualClock;
import dev.docket.store.Store;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one store (SQLite stands in for a shared store: the lease logic is the store's) on a
 * manual clock: one holds the work, the other takes it over only once the lease expired, and the
 * first learns of it from a fenced write. Leases last an hour of the manual clock so the nodes'
 * background renewals (on real time) never run during a test.
 */
class LeasedWorkTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final Duration LEASE = Duration.ofHours(1);

  @TempDir Path directory;
  private final ManualClock clock = new ManualClock(T0);
  private Store store;
  private Node a;
  private Node b;

  @BeforeEach
  void open() {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
    a = Node.shared(store, "a", LEASE, Duration.ofHours(1), clock);
    b = Node.shared(store, "b", LEASE, Duration.ofHours(1), clock);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
    store.close();
  }

  @Test
  void onlyOneNodeHoldsTheWorkUntilItsLeaseExpires() {
    LeasedWork first = new LeasedWork(a, "router:bus");
    LeasedWork second = new LeasedWork(b, "router:bus");

    assertThat(first.hold()).isTrue();
    assertThat(second.hold()).isFalse();
    assertThat(first.fence().owner()).isEqualTo(a.id());

    clock.advance(LEASE.minusSeconds(1));
    assertThat(second.hold()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    // it asked a moment ago: it asks the store again only after a third of the lease time
    assertThat(second.hold()).isFalse();
    clock.advance(LEASE.dividedBy(3));
    assertThat(second.hold()).isTrue();
    assertThat(second.fence().token()).isGreaterThan(first.fence().token());

    // the first still believes it holds the work, until a fenced write says otherwise
    assertThat(store.eventLog().advance("router:bus", 7, first.fence())).isFalse();
    first.lost();
    assertThat(first.held()).isFalse();
    assertThat(store.eventLog().advance("router:bus", 7, second.fence())).isTrue();
  }

  @Test
  void aHolderWhoseRenewalsFailStopsOnceItsLeaseRanOut() {
    LeasedWork first = new LeasedWork(a, "router:bus");
    assertThat(first.hold()).isTrue();
    long token = first.fence().token();

    // no renewal ran (they run on real time; this clock is manual): past the lease time the
    // holder no longer trusts its lease, and takes it again like any other node
    clock.advance(LEASE);
    assertThat(first.held()).isFalse();
    assertThat(first.hold()).isTrue(); // nobody took it meanwhile: the same owner and token
    assertThat(first.fence().token()).isEqualTo(token);
  }

  @Test
  void aReleasedLeaseIsTakenAtOnceByANodeToldToTryNow() {
    LeasedWork first = new LeasedWork(a, "archiver:bus");
    LeasedWork second = new LeasedWork(b, "archiver:bus");
    assertThat(first.hold()).isTrue();
    assertThat(second.hold()).isFalse();

    first.release();
    second.tryNow();

    assertThat(second.hold()).isTrue();
    assertThat(first.held()).isFalse();
  }

  @Test
  void aRestartedNodeOfTheSameNameIsAnotherOwner() {
    LeasedWork first = new LeasedWork(a, "router:bus");
    assertThat(first.hold()).isTrue();
    Node again = Node.shared(store, "a", LEASE, Duration.ofHours(1), clock);
    try {
      assertThat(again.id()).isNotEqualTo(a.id()).startsWith("a/");
      assertThat(new LeasedWork(again, "router:bus").hold()).isFalse();
    } finally {
      again.close();
    }
  }

  @Test
  void onASingleNodeTheWorkIsAlwaysHeldAndNothingIsWritten() {
    Node single = Node.single(store, clock);
    LeasedWork work = new LeasedWork(single, "router:bus");

    assertThat(work.hold()).isTrue();
    assertThat(work.fence()).isNull();
    assertThat(store.leases().list("")).isEmpty();
  }
}
