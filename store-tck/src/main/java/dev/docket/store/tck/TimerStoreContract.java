package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.Timer;
import dev.docket.store.TimerStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Durable timers: schedule, claim with a lease, reschedule and complete with the lease token,
 * cancel.
 */
public abstract class TimerStoreContract extends StoreContract {

  private static final String KIND = "test.kind";
  private static final Duration LEASE = Duration.ofSeconds(30);

  @Test
  void claimDueReturnsOnlyTimersDueAtNowEarliestFirst() {
    timers().schedule(timer("late", at(20)));
    timers().schedule(timer("early", at(5)));
    timers().schedule(timer("exact", at(10)));

    List<Timer> claimed = timers().claimDue(KIND, at(10), 10, LEASE);

    assertThat(claimed).extracting(Timer::id).containsExactly("early", "exact");
    assertThat(claimed).allSatisfy(timer -> assertThat(timer.leaseToken()).isNotZero());
    assertThat(claimed.getFirst().payload()).isEqualTo("payload-early");
    assertThat(claimed.getFirst().dueAt()).isEqualTo(at(5));
  }

  @Test
  void claimDueHonoursKindAndLimit() {
    timers().schedule(timer("a", at(1)));
    timers().schedule(timer("b", at(2)));
    timers().schedule(new Timer("other", "other.kind", at(0), "p", 0));

    List<Timer> claimed = timers().claimDue(KIND, at(10), 1, LEASE);

    assertThat(claimed).extracting(Timer::id).containsExactly("a");
  }

  @Test
  void claimedTimerIsNotClaimedAgainUntilItsLeaseExpires() {
    timers().schedule(timer("t", at(1)));
    Timer first = timers().claimDue(KIND, at(1), 10, LEASE).getFirst();

    List<Timer> during = timers().claimDue(KIND, at(1).plus(LEASE).minusMillis(1), 10, LEASE);
    List<Timer> after = timers().claimDue(KIND, at(1).plus(LEASE), 10, LEASE);

    assertThat(during).isEmpty();
    assertThat(after).extracting(Timer::id).containsExactly("t");
    assertThat(after.getFirst().leaseToken()).isNotEqualTo(first.leaseToken());
  }

  @Test
  void onlyTheCurrentLeaseHolderCompletes() {
    timers().schedule(timer("t", at(1)));
    Timer first = timers().claimDue(KIND, at(1), 10, LEASE).getFirst();
    Timer second = timers().claimDue(KIND, at(1).plus(LEASE), 10, LEASE).getFirst();

    boolean late = timers().complete("t", first.leaseToken());
    boolean current = timers().complete("t", second.leaseToken());
    boolean again = timers().complete("t", second.leaseToken());

    assertThat(late).isFalse();
    assertThat(current).isTrue();
    assertThat(again).isFalse();
    assertThat(timers().claimDue(KIND, at(3600), 10, LEASE)).isEmpty();
  }

  @Test
  void unclaimedTimerCannotBeCompleted() {
    timers().schedule(timer("t", at(1)));

    assertThat(timers().complete("t", 0)).isFalse();
    assertThat(timers().nextDue(KIND, T0)).contains(at(1));
  }

  @Test
  void scheduleReplacesATimerAndClearsItsLease() {
    timers().schedule(timer("t", at(1)));
    Timer claimed = timers().claimDue(KIND, at(1), 10, LEASE).getFirst();

    timers().schedule(new Timer("t", KIND, at(5), "new", 0));
    List<Timer> reclaimed = timers().claimDue(KIND, at(5), 10, LEASE);

    assertThat(reclaimed).extracting(Timer::payload).containsExactly("new");
    assertThat(timers().complete("t", claimed.leaseToken())).isFalse();
  }

  @Test
  void cancelRemovesATimerWhateverItsLease() {
    timers().schedule(timer("free", at(1)));
    timers().schedule(timer("leased", at(1)));
    timers().claimDue(KIND, at(1), 1, LEASE);

    assertThat(timers().cancel("free")).isTrue();
    assertThat(timers().cancel("leased")).isTrue();
    assertThat(timers().cancel("free")).isFalse();
    assertThat(timers().claimDue(KIND, at(3600), 10, LEASE)).isEmpty();
  }

  @Test
  void leaseHolderReschedulesItsTimerWhichIsThenFreeAtTheNewDueTime() {
    timers().schedule(timer("t", at(1)));
    Timer claimed = timers().claimDue(KIND, at(1), 10, LEASE).getFirst();

    boolean moved = timers().reschedule("t", claimed.leaseToken(), at(100), "attempt-2");

    assertThat(moved).isTrue();
    assertThat(timers().nextDue(KIND, at(2))).contains(at(100));
    assertThat(timers().claimDue(KIND, at(99), 10, LEASE)).isEmpty();
    List<Timer> reclaimed = timers().claimDue(KIND, at(100), 10, LEASE);
    assertThat(reclaimed).extracting(Timer::payload).containsExactly("attempt-2");
    assertThat(reclaimed.getFirst().dueAt()).isEqualTo(at(100));
    assertThat(reclaimed.getFirst().leaseToken()).isNotEqualTo(claimed.leaseToken());
  }

  @Test
  void rescheduleClearsTheLeaseSoTheOldTokenNoLongerCompletesOrReschedules() {
    timers().schedule(timer("t", at(1)));
    Timer claimed = timers().claimDue(KIND, at(1), 10, LEASE).getFirst();
    timers().reschedule("t", claimed.leaseToken(), at(2), "moved");

    boolean completed = timers().complete("t", claimed.leaseToken());
    boolean movedAgain = timers().reschedule("t", claimed.leaseToken(), at(3), "again");

    assertThat(completed).isFalse();
    assertThat(movedAgain).isFalse();
    assertThat(timers().claimDue(KIND, at(2), 10, LEASE))
        .extracting(Timer::payload)
        .containsExactly("moved");
  }

  @Test
  void rescheduleByALeaseHolderWhoLostTheClaimChangesNothing() {
    timers().schedule(timer("t", at(1)));
    Timer first = timers().claimDue(KIND, at(1), 10, LEASE).getFirst();
    Timer second = timers().claimDue(KIND, at(1).plus(LEASE), 10, LEASE).getFirst();

    boolean late = timers().reschedule("t", first.leaseToken(), at(500), "stale");

    assertThat(late).isFalse();
    assertThat(timers().complete("t", second.leaseToken())).isTrue();
    assertThat(timers().claimDue(KIND, at(3600), 10, LEASE)).isEmpty();
  }

  @Test
  void unclaimedOrMissingTimerCannotBeRescheduled() {
    timers().schedule(timer("t", at(1)));

    assertThat(timers().reschedule("t", 0, at(9), "zero-token")).isFalse();
    assertThat(timers().reschedule("missing", 1, at(9), "none")).isFalse();
    assertThat(timers().claimDue(KIND, at(1), 10, LEASE))
        .extracting(Timer::payload)
        .containsExactly("payload-t");
  }

  @Test
  void nextDueIsTheEarliestUnclaimedOrLeaseExpiredTimer() {
    timers().schedule(timer("a", at(5)));
    timers().schedule(timer("b", at(50)));
    timers().claimDue(KIND, at(5), 1, LEASE);

    assertThat(timers().nextDue(KIND, at(6))).contains(at(50));
    assertThat(timers().nextDue(KIND, at(5).plus(LEASE))).contains(at(5));
    assertThat(timers().nextDue("other.kind", at(6))).isEmpty();
  }

  @Test
  void advanceMovesTheTimerAndSchedulesWhatTheFiringProducedTogether() {
    timers().schedule(timer("rule", at(10)));
    Timer claimed = timers().claimDue(KIND, at(10), 10, LEASE).getFirst();

    boolean advanced =
        timers()
            .advance(
                "rule",
                claimed.leaseToken(),
                Optional.of(at(70)),
                "next",
                List.of(new Timer("firing-1", "test.work", at(10), "work", 0)));

    assertThat(advanced).isTrue();
    assertThat(timers().claimDue("test.work", at(10), 10, LEASE))
        .extracting(Timer::id, Timer::payload)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("firing-1", "work"));
    assertThat(timers().claimDue(KIND, at(69), 10, LEASE)).isEmpty();
    assertThat(timers().claimDue(KIND, at(70), 10, LEASE))
        .extracting(Timer::payload)
        .containsExactly("next");
  }

  @Test
  void advanceWithoutANextDueDeletesTheTimer() {
    timers().schedule(timer("once", at(10)));
    Timer claimed = timers().claimDue(KIND, at(10), 10, LEASE).getFirst();

    assertThat(
            timers()
                .advance(
                    "once",
                    claimed.leaseToken(),
                    Optional.empty(),
                    "",
                    List.of(new Timer("firing", "test.work", at(10), "w", 0))))
        .isTrue();

    assertThat(timers().claimDue(KIND, at(3600).plus(LEASE), 10, LEASE)).isEmpty();
    assertThat(timers().claimDue("test.work", at(10), 10, LEASE)).hasSize(1);
  }

  @Test
  void advanceByALeaseHolderWhoLostTheClaimWritesNothing() {
    timers().schedule(timer("rule", at(10)));
    Timer first = timers().claimDue(KIND, at(10), 10, LEASE).getFirst();
    timers().claimDue(KIND, at(10).plus(LEASE), 10, LEASE);

    boolean late =
        timers()
            .advance(
                "rule",
                first.leaseToken(),
                Optional.of(at(70)),
                "stale",
                List.of(new Timer("firing-late", "test.work", at(10), "w", 0)));

    assertThat(late).isFalse();
    assertThat(timers().claimDue("test.work", at(3600), 10, LEASE)).isEmpty();
    assertThat(timers().nextDue(KIND, at(10).plus(LEASE).plus(LEASE))).contains(at(10));
  }

  private TimerStore timers() {
    return store.timers();
  }

  private static Timer timer(String id, java.time.Instant dueAt) {
    return new Timer(id, KIND, dueAt, "payload-" + id, 0);
  }
}
