package dev.docket.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.docket.schedule.ManualClock;
import dev.docket.store.Timer;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduledFiringsTest {

  private static final String TARGET = "arn:aws:sqs:us-east-1:000000000000:ticks";
  private static final String RULE = "arn:aws:events:us-east-1:000000000000:rule/tick";
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration LEASE = Duration.ofSeconds(30);

  @TempDir Path directory;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final Targets targets = new Targets();
  private final FakeTarget target = FakeTarget.succeeding();
  private SqliteStore store;
  private DeliveryEngine engine;

  @BeforeEach
  void open() {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
    targets.register(arn -> arn.equals(TARGET) ? Optional.of(target) : Optional.empty());
    engine = new DeliveryEngine(store.timers(), targets, DeliveryConfig.defaults(), clock);
  }

  @AfterEach
  void close() {
    engine.close();
    store.close();
  }

  @Test
  void aDueTimerMovesToItsNextOccurrenceAndItsDeliveryReachesTheTarget() {
    AtomicInteger fired = new AtomicInteger();
    ScheduledFirings firings = firings(everyMinute(fired));
    store.timers().schedule(new Timer("tick", "tick", clock.instant().plus(MINUTE), "{}", 0));

    assertThat(firings.runDue()).as("not due yet").isZero();
    clock.advance(MINUTE);
    assertThat(firings.runDue()).isEqualTo(1);

    assertThat(store.timers().nextDue("tick", Instant.MAX.minusSeconds(1)))
        .contains(clock.instant().plus(MINUTE));
    assertThat(target.received()).as("handed to the engine, not attempted inline").isEmpty();
    assertThat(engine.retryDue()).isEqualTo(1);
    assertThat(target.received()).extracting(Delivery::body).containsExactly("{\"n\":1}");
    assertThat(engine.stats().delivered()).isEqualTo(1);
    assertThat(store.timers().nextDue("delivery", Instant.MAX.minusSeconds(1))).isEmpty();
  }

  @Test
  void aFinishedTimerIsDeletedAndItsAfterCommitRuns() {
    AtomicInteger after = new AtomicInteger();
    ScheduledFirings firings =
        firings(
            (timer, now) ->
                new ScheduledFirings.Firing(
                    List.of(request("once")), Optional.empty(), "", after::incrementAndGet));
    store.timers().schedule(new Timer("once", "tick", clock.instant(), "{}", 0));

    assertThat(firings.runDue()).isEqualTo(1);

    assertThat(after).hasValue(1);
    assertThat(store.timers().nextDue("tick", Instant.MAX.minusSeconds(1))).isEmpty();
    assertThat(engine.retryDue()).isEqualTo(1);
    assertThat(target.received()).hasSize(1);
  }

  @Test
  void aFiringWhoseLeaseWasTakenOverWritesNothing() {
    AtomicInteger after = new AtomicInteger();
    ScheduledFirings firings =
        firings(
            (timer, now) -> {
              // while this firing decides, its lease runs out and another node claims the timer
              clock.advance(LEASE.plusSeconds(1));
              assertThat(store.timers().claimDue("tick", clock.instant(), 10, LEASE)).hasSize(1);
              return new ScheduledFirings.Firing(
                  List.of(request("late")),
                  Optional.of(now.plus(MINUTE)),
                  "{}",
                  after::incrementAndGet);
            });
    store.timers().schedule(new Timer("tick", "tick", clock.instant(), "{}", 0));

    assertThat(firings.runDue()).isEqualTo(1);

    assertThat(after).hasValue(0);
    assertThat(store.timers().nextDue("delivery", Instant.MAX.minusSeconds(1))).isEmpty();
  }

  @Test
  void theSameFiringHandedOverTwiceIsOneDelivery() {
    Timer pending = engine.pending(request("e1"), clock.instant());
    store.timers().schedule(pending);
    store.timers().schedule(engine.pending(request("e1"), clock.instant()));

    assertThat(engine.retryDue()).isEqualTo(1);
    assertThat(target.received()).hasSize(1);
  }

  @Test
  void firingsOfOneBatchAreAllStored() {
    AtomicInteger fired = new AtomicInteger();
    ScheduledFirings firings = firings(everyMinute(fired));
    for (int i = 0; i < 20; i++) {
      store.timers().schedule(new Timer("tick-" + i, "tick", clock.instant(), "{}", 0));
    }

    assertThat(firings.runDue()).isEqualTo(20);

    assertThat(fired).hasValue(20);
    assertThat(engine.retryDue()).isEqualTo(20);
    assertThat(target.received()).hasSize(20);
  }

  private ScheduledFirings.Fire everyMinute(AtomicInteger fired) {
    return (timer, now) -> {
      int n = fired.incrementAndGet();
      return ScheduledFirings.Firing.of(
          List.of(request(timer.id() + "@" + timer.dueAt(), "{\"n\":" + n + "}")),
          Optional.of(timer.dueAt().plus(MINUTE)),
          timer.payload());
    };
  }

  private ScheduledFirings firings(ScheduledFirings.Fire fire) {
    return new ScheduledFirings(
        "tick", store.timers(), engine, clock, Duration.ofSeconds(1), LEASE, 64, fire);
  }

  private DeliveryRequest request(String eventId) {
    return request(eventId, "{}");
  }

  private DeliveryRequest request(String eventId, String body) {
    return new DeliveryRequest(
        new Delivery(TARGET, body, JsonNodeFactory.instance.objectNode(), Map.of(), eventId, ""),
        RetryPolicy.DEFAULT,
        Optional.empty(),
        RULE,
        "t1",
        clock.instant());
  }
}
