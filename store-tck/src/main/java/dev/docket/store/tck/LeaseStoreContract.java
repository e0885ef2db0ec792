package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.store.Lease;
import dev.docket.store.LeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Named leases: one owner at a time, expiry takeover under a strictly larger fencing token, renew
 * and release only with the current token, racing acquirers, listing by prefix. Time is the
 * contract's own ({@link #T0} onwards), never the wall clock.
 */
public abstract class LeaseStoreContract extends StoreContract {

  private static final String NAME = "router:bus-1";
  private static final Duration TTL = Duration.ofSeconds(30);

  private LeaseStore leases() {
    return store.leases();
  }

  @Test
  void aFreeLeaseIsTakenByItsFirstOwner() {
    Optional<Lease> taken = leases().acquire(NAME, "node-a", TTL, T0);

    assertThat(taken).isPresent();
    assertThat(taken.get().owner()).isEqualTo("node-a");
    assertThat(taken.get().token()).isPositive();
    assertThat(taken.get().until()).isEqualTo(T0.plus(TTL));
    assertThat(leases().get(NAME)).isEqualTo(taken);
  }

  @Test
  void aHeldLeaseIsRefusedToAnotherOwnerUntilItExpires() {
    Lease held = leases().acquire(NAME, "node-a", TTL, T0).orElseThrow();

    Optional<Lease> during = leases().acquire(NAME, "node-b", TTL, T0.plus(TTL).minusMillis(1));

    assertThat(during).isEmpty();
    assertThat(leases().get(NAME)).contains(held);
  }

  @Test
  void theOwnerAcquiringAgainRenewsUnderTheSameToken() {
    Lease first = leases().acquire(NAME, "node-a", TTL, T0).orElseThrow();

    Lease again = leases().acquire(NAME, "node-a", TTL, at(10)).orElseThrow();

    assertThat(again.token()).isEqualTo(first.token());
    assertThat(again.until()).isEqualTo(at(10).plus(TTL));
    assertThat(leases().acquire(NAME, "node-b", TTL, at(35))).isEmpty();
  }

  @Test
  void anExpiredLeaseIsTakenOverUnderALargerToken() {
    Lease first = leases().acquire(NAME, "node-a", TTL, T0).orElseThrow();

    Optional<Lease> taken = leases().acquire(NAME, "node-b", TTL, T0.plus(TTL));

    assertThat(taken).isPresent();
    assertThat(taken.get().owner()).isEqualTo("node-b");
    assertThat(taken.get().token()).isGreaterThan(first.token());
    assertThat(leases().get(NAME)).isEqualTo(taken);
  }

  @Test
  void aStaleHolderCanNeitherRenewNorRelease() {
    Lease stale = leases().acquire(NAME, "node-a", TTL, T0).orElseThrow();
    Lease current = leases().acquire(NAME, "node-b", TTL, at(40)).orElseThrow();

    boolean renewed = leases().renew(NAME, "node-a", stale.token(), TTL, at(41));
    boolean released = leases().release(NAME, "node-a", stale.token());

    assertThat(renewed).isFalse();
    assertThat(released).isFalse();
    assertThat(leases().get(NAME)).contains(current);
  }

  @Test
  void renewAndReleaseNeedTheCurrentOwnerAndToken() {
    Lease held = leases().acquire(NAME, "node-a", TTL, T0).orElseThrow();

    assertThat(leases().renew(NAME, "node-a", held.token() + 1, TTL, at(1))).isFalse();
    assertThat(leases().renew(NAME, "node-b", held.token(), TTL, at(1))).isFalse();
    assertThat(leases().release(NAME, "node-a", held.token() + 1)).isFalse();
    assertThat(leases().release(NAME, "node-b", held.token())).isFalse();
    assertThat(leases().renew("router:other", "node-a", held.token(), TTL, at(1))).isFalse();
    assertThat(leases().get(NAME)).contains(held);
  }

  @Test
  void renewingPushesTheExpiryForward() {
    Lease held = leases().acquire(NAME, "node-a", TTL, T0).orElseThrow();

    boolean renewed = leases().renew(NAME, "node-a", held.token(), TTL, at(20));

    assertThat(renewed).isTrue();
    assertThat(leases().get(NAME).orElseThrow().until()).isEqualTo(at(50));
    assertThat(leases().acquire(NAME, "node-b", TTL, at(49))).isEmpty();
    assertThat(leases().acquire(NAME, "node-b", TTL, at(50))).isPresent();
  }

  @Test
  void anExpiredLeaseNobodyTookIsStillRenewedByItsHolder() {
    Lease held = leases().acquire(NAME, "node-a", TTL, T0).orElseThrow();

    boolean renewed = leases().renew(NAME, "node-a", held.token(), TTL, at(100));

    assertThat(renewed).isTrue();
    assertThat(leases().get(NAME))
        .contains(new Lease(NAME, "node-a", held.token(), at(100).plus(TTL)));
  }

  @Test
  void aReleasedLeaseIsFreeAndItsNextOwnerGetsALargerToken() {
    Lease first = leases().acquire(NAME, "node-a", TTL, T0).orElseThrow();

    boolean released = leases().release(NAME, "node-a", first.token());
    Optional<Lease> gone = leases().get(NAME);
    Lease next = leases().acquire(NAME, "node-b", TTL, at(1)).orElseThrow();

    assertThat(released).isTrue();
    assertThat(gone).isEmpty();
    assertThat(next.token()).isGreaterThan(first.token());
    assertThat(leases().release(NAME, "node-a", first.token())).isFalse();
  }

  @Test
  void everyNewOwnerGetsAStrictlyLargerTokenAcrossNames() {
    List<Long> tokens = new ArrayList<>();
    Instant now = T0;
    for (int i = 0; i < 20; i++) {
      String name = i % 2 == 0 ? NAME : "execution:e1";
      tokens.add(leases().acquire(name, "node-" + i, TTL, now).orElseThrow().token());
      now = now.plus(TTL);
    }

    assertThat(tokens).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void ofAcquirersRacingOnSeveralThreadsExactlyOneWins() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long previous = 0;
      for (int round = 0; round < 10; round++) {
        Instant now = T0.plus(TTL.multipliedBy(round));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Lease>>> attempts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String owner = "node-" + round + "-" + t;
          attempts.add(
              pool.submit(
                  () -> {
                    start.await();
                    return leases().acquire(NAME, owner, TTL, now);
                  }));
        }
        start.countDown();
        List<Lease> winners = new ArrayList<>();
        for (Future<Optional<Lease>> attempt : attempts) {
          attempt.get().ifPresent(winners::add);
        }

        assertThat(winners).hasSize(1);
        assertThat(leases().get(NAME)).contains(winners.getFirst());
        assertThat(winners.getFirst().token()).isGreaterThan(previous);
        previous = winners.getFirst().token();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void leasesAreListedByPrefixInNameOrderExpiredOnesIncluded() {
    Lease b = leases().acquire("router:b", "node-a", TTL, T0).orElseThrow();
    Lease a = leases().acquire("router:a", "node-b", Duration.ofSeconds(1), T0).orElseThrow();
    Lease other = leases().acquire("routers", "node-a", TTL, T0).orElseThrow();
    Lease execution = leases().acquire("execution:1", "node-a", TTL, T0).orElseThrow();

    assertThat(leases().list("router:")).containsExactly(a, b);
    assertThat(leases().list("")).containsExactly(execution, a, b, other);
    assertThat(leases().list("replay:")).isEmpty();
  }

  @Test
  void renewAllRenewsEveryLeaseOfTheOwnerUnderThePrefixAndCountsThem() {
    Lease one = leases().acquire("execution:1", "node-a", TTL, T0).orElseThrow();
    Lease two = leases().acquire("execution:2", "node-a", TTL, T0).orElseThrow();
    Lease others = leases().acquire("execution:3", "node-b", TTL, T0).orElseThrow();
    Lease router = leases().acquire("router:1", "node-a", TTL, T0).orElseThrow();
    Lease sibling = leases().acquire("executions", "node-a", TTL, T0).orElseThrow();

    int renewed = leases().renewAll("execution:", "node-a", TTL, at(20));

    assertThat(renewed).isEqualTo(2);
    assertThat(leases().get("execution:1"))
        .contains(new Lease("execution:1", "node-a", one.token(), at(50)));
    assertThat(leases().get("execution:2"))
        .contains(new Lease("execution:2", "node-a", two.token(), at(50)));
    assertThat(leases().get("execution:3")).contains(others);
    assertThat(leases().get("router:1")).contains(router);
    assertThat(leases().get("executions")).contains(sibling);
  }

  @Test
  void renewAllRenewsAnExpiredLeaseNobodyTookButNotOneTakenOver() {
    leases().acquire("execution:1", "node-a", TTL, T0).orElseThrow();
    Lease expired = leases().acquire("execution:2", "node-a", TTL, T0).orElseThrow();
    Lease taken = leases().acquire("execution:1", "node-b", TTL, at(40)).orElseThrow();

    int renewed = leases().renewAll("execution:", "node-a", TTL, at(45));

    assertThat(renewed).isEqualTo(1);
    assertThat(leases().get("execution:2"))
        .contains(new Lease("execution:2", "node-a", expired.token(), at(75)));
    assertThat(leases().get("execution:1")).contains(taken);
    assertThat(leases().renewAll("execution:", "node-c", TTL, at(45))).isZero();
  }

  @Test
  void expiredLeasesAreFoundByPrefixInNameOrderUpToALimit() {
    leases().acquire("execution:c", "node-a", Duration.ofSeconds(5), T0).orElseThrow();
    Lease a = leases().acquire("execution:a", "node-b", Duration.ofSeconds(5), T0).orElseThrow();
    Lease b = leases().acquire("execution:b", "node-a", Duration.ofSeconds(10), T0).orElseThrow();
    leases().acquire("execution:d", "node-a", TTL, T0).orElseThrow();
    leases().acquire("router:x", "node-a", Duration.ofSeconds(5), T0).orElseThrow();
    leases()
        .renew(
            "execution:c", "node-a", leases().get("execution:c").orElseThrow().token(), TTL, at(1));

    assertThat(leases().expired("execution:", at(10), 10)).containsExactly(a, b);
    assertThat(leases().expired("execution:", at(10), 1)).containsExactly(a);
    assertThat(leases().expired("execution:", at(9), 10)).containsExactly(a);
    assertThat(leases().expired("execution:", T0, 10)).isEmpty();
    assertThat(leases().expired("", at(10), 10)).hasSize(3);
  }

  @Test
  void nonsenseArgumentsAreRefused() {
    assertThatThrownBy(() -> leases().acquire(NAME, "node-a", Duration.ZERO, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> leases().acquire("", "node-a", TTL, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> leases().acquire(NAME, "", TTL, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> leases().renew(NAME, "node-a", 1, Duration.ofSeconds(-1), T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> leases().renewAll("", "node-a", TTL, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
