package dev.docket.states.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.delivery.Node;
import dev.docket.store.Lease;
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
 * The execution leases of two nodes on one store (SQLite stands in for the shared database; its
 * leases obey the same contract): one holder at a time, takeover after expiry, lost leases found by
 * the bulk renewal, stray ones released, a paused holder refused at its next write, a shutdown that
 * hands over at once. Time is the test's clock.
 */
class ExecutionLeasesTest {

  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final String X = "arn:aws:states:us-east-1:000000000000:execution:m:x";
  private static final String Y = "arn:aws:states:us-east-1:000000000000:execution:m:y";

  @TempDir Path directory;

  private final TestClock clock = new TestClock(Instant.parse("2026-12-01T00:00:00Z"));
  private Store store;
  private Node nodeA;
  private Node nodeB;
  private ExecutionLeases a;
  private ExecutionLeases b;

  @BeforeEach
  void open() {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
    // long resyncs: nothing but the test moves
    nodeA = Node.shared(store, "a", LEASE, Duration.ofHours(1), clock);
    nodeB = Node.shared(store, "b", LEASE, Duration.ofHours(1), clock);
    a = new ExecutionLeases(nodeA);
    b = new ExecutionLeases(nodeB);
  }

  @AfterEach
  void close() {
    nodeA.close();
    nodeB.close();
    store.close();
  }

  @Test
  void anExecutionIsHeldByOneNodeUntilItsLeaseExpiresThenTakenUnderALargerToken() {
    assertThat(a.take(X)).isTrue();
    assertThat(b.take(X)).isFalse();
    assertThat(b.heldElsewhere(X)).isTrue();
    long first = lease(X).token();

    clock.advance(LEASE);

    assertThat(b.expired()).containsExactly(X);
    assertThat(b.take(X)).isTrue();
    assertThat(lease(X).owner()).isEqualTo(nodeB.id());
    assertThat(lease(X).token()).isGreaterThan(first);
  }

  @Test
  void theBulkRenewalKeepsWhatIsHeldAndReportsWhatAnotherNodeTook() {
    a.take(X);
    a.take(Y);
    clock.advance(LEASE.plusSeconds(1));
    b.take(X);

    assertThat(a.renew()).containsExactly(X);

    assertThat(a.holds(X)).isFalse();
    assertThat(a.holds(Y)).isTrue();
    assertThat(lease(Y).until()).isEqualTo(clock.instant().plus(LEASE));
    assertThat(lease(X).owner()).isEqualTo(nodeB.id());
    assertThat(a.renew()).isEmpty();
  }

  @Test
  void aLeaseOfThisNodeItNoLongerHoldsIsReleasedAtTheNextRenewal() {
    a.take(X);
    // a release that failed: the store still says node a holds Y
    store.leases().acquire(ExecutionLeases.name(Y), nodeA.id(), LEASE, clock.instant());

    assertThat(a.renew()).isEmpty();

    assertThat(store.leases().get(ExecutionLeases.name(Y))).isEmpty();
    assertThat(a.holds(X)).isTrue();
  }

  @Test
  void aHolderPausedPastItsLeaseMayNotWriteOnceAnotherNodeTookIt() {
    a.take(X);
    a.take(Y);
    assertThat(a.confirm(X)).isTrue();

    clock.advance(LEASE.plusSeconds(5)); // a is paused: no renewal
    b.take(X);

    assertThat(a.confirm(X)).isFalse(); // taken: the write is refused
    assertThat(a.holds(X)).isFalse();
    assertThat(a.confirm(Y)).isTrue(); // nobody took it: still a's work, renewed now
    assertThat(lease(Y).until()).isEqualTo(clock.instant().plus(LEASE));
  }

  @Test
  void aShutdownLeavesItsLeasesExpiredForTheOtherNodesToFind() {
    a.take(X);

    a.expireAll();

    assertThat(a.holds(X)).isFalse();
    assertThat(b.expired()).containsExactly(X);
    assertThat(b.take(X)).isTrue();
  }

  @Test
  void aReleasedLeaseIsFreeAtOnce() {
    a.take(X);

    a.release(X);

    assertThat(store.leases().get(ExecutionLeases.name(X))).isEmpty();
    assertThat(b.take(X)).isTrue();
  }

  @Test
  void aSingleNodeWritesNoLease() {
    Node single = Node.single(store, clock);
    ExecutionLeases only = new ExecutionLeases(single);

    assertThat(only.take(X)).isTrue();
    assertThat(only.confirm(X)).isTrue();
    assertThat(only.renew()).isEmpty();

    assertThat(store.leases().list("")).isEmpty();
  }

  private Lease lease(String arn) {
    return store.leases().get(ExecutionLeases.name(arn)).orElseThrow();
  }
}
