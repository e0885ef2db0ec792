package dev.docket.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.docket.schedule.ManualClock;
import dev.docket.store.Timer;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryEngineTest {

  private static final String TARGET = "arn:aws:sqs:us-east-1:000000000000:orders";
  private static final String DLQ = "arn:aws:sqs:us-east-1:000000000000:orders-dlq";
  private static final String RULE = "arn:aws:events:us-east-1:000000000000:rule/orders";
  private static final Duration CAP = Duration.ofSeconds(10);

  @TempDir Path directory;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final Map<String, Target> fakes = new ConcurrentHashMap<>();
  private final Targets targets = new Targets();
  private final List<DeliveryEngine> engines = new ArrayList<>();
  private final DeliveryConfig config =
      DeliveryConfig.defaults().withBackoff(Duration.ofSeconds(1), CAP);
  private SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
    targets.register(arn -> Optional.ofNullable(fakes.get(arn)));
  }

  @AfterEach
  void close() {
    engines.forEach(DeliveryEngine::close);
    store.close();
  }

  @Test
  void successfulDeliveryIsCountedAndLeavesNothingParked() {
    FakeTarget target = target(TARGET, FakeTarget.succeeding());
    DeliveryEngine engine = engine(config, clock);

    engine.deliverAll(List.of(request("e1", RetryPolicy.DEFAULT, Optional.of(DLQ))));

    assertThat(target.received()).extracting(Delivery::body).containsExactly("{\"id\":\"e1\"}");
    assertThat(engine.stats()).isEqualTo(new DeliveryStats(1, 0, 0, 0, 0));
    assertThat(engine.stats(TARGET)).isEqualTo(new DeliveryStats(1, 0, 0, 0, 0));
    assertThat(parked()).isEmpty();
  }

  @Test
  void everyRequestOfABatchIsDeliveredBeforeDeliverAllReturns() {
    FakeTarget target = target(TARGET, FakeTarget.succeeding());
    DeliveryEngine engine = engine(config, clock);

    engine.deliverAll(
        IntStream.range(0, 20)
            .mapToObj(i -> request("e" + i, RetryPolicy.DEFAULT, Optional.empty()))
            .toList());

    assertThat(target.received()).hasSize(20);
    assertThat(engine.stats().delivered()).isEqualTo(20);
  }

  @Test
  void retryableFailureIsParkedDurablyAndRetriedUntilItSucceeds() {
    FakeTarget target = target(TARGET, FakeTarget.failingRetryably(2));
    DeliveryEngine engine = engine(config, clock);

    engine.deliverAll(List.of(request("e1", RetryPolicy.DEFAULT, Optional.of(DLQ))));

    assertThat(target.attempts()).isEqualTo(1);
    assertThat(parked())
        .hasValueSatisfying(
            due -> assertThat(due).isBefore(clock.instant().plus(CAP).plusNanos(1)));
    assertThat(engine.retryDue()).isZero().as("not due before its backoff");

    clock.advance(CAP);
    engine.retryDue();

    assertThat(target.attempts()).isEqualTo(2);
    assertThat(parked()).isPresent();

    clock.advance(CAP);
    engine.retryDue();

    assertThat(target.attempts()).isEqualTo(3);
    assertThat(target.received()).hasSize(1);
    assertThat(engine.stats()).isEqualTo(new DeliveryStats(1, 2, 0, 0, 0));
    assertThat(parked()).isEmpty();
  }

  @Test
  void exhaustingRetryAttemptsDeadLettersTheBodyWithEventBridgesAttributes() {
    target(TARGET, FakeTarget.failingAlways());
    FakeTarget dlq = target(DLQ, FakeTarget.succeeding());
    DeliveryEngine engine = engine(config, clock);

    engine.deliverAll(
        List.of(request("e1", new RetryPolicy(2, Duration.ofHours(1)), Optional.of(DLQ))));
    clock.advance(CAP);
    engine.retryDue();
    clock.advance(CAP);
    engine.retryDue();

    assertThat(dlq.received()).hasSize(1);
    Delivery deadLetter = dlq.received().getFirst();
    assertThat(deadLetter.body()).isEqualTo("{\"id\":\"e1\"}");
    assertThat(deadLetter.attributes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "RULE_ARN", RULE,
                "TARGET_ARN", TARGET,
                "ERROR_CODE", "THROTTLING",
                "ERROR_MESSAGE", "attempt 3 failed",
                "EXHAUSTED_RETRY_CONDITION", "MaximumRetryAttempts",
                "RETRY_ATTEMPTS", "2"));
    assertThat(engine.stats()).isEqualTo(new DeliveryStats(0, 2, 1, 0, 0));
    assertThat(parked()).isEmpty();
  }

  @Test
  void exhaustingTheEventAgeDeadLettersWithTheAgeCondition() {
    target(TARGET, FakeTarget.failingAlways());
    FakeTarget dlq = target(DLQ, FakeTarget.succeeding());
    DeliveryEngine engine =
        engine(config.withBackoff(Duration.ofMinutes(10), Duration.ofMinutes(10)), clock);

    engine.deliverAll(
        List.of(request("e1", new RetryPolicy(185, Duration.ofSeconds(60)), Optional.of(DLQ))));

    assertThat(parked())
        .as("a retry is never due past the event's maximum age")
        .hasValueSatisfying(
            due -> assertThat(due).isBeforeOrEqualTo(clock.instant().plusSeconds(60)));

    clock.advance(Duration.ofSeconds(60));
    engine.retryDue();

    assertThat(dlq.received())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.attributes())
                  .containsEntry("EXHAUSTED_RETRY_CONDITION", "MaximumEventAgeInSeconds")
                  .containsEntry("RETRY_ATTEMPTS", "1");
            });
    assertThat(parked()).isEmpty();
  }

  @Test
  void nonRetryableFailureGoesStraightToTheDeadLetterQueue() {
    FakeTarget target = target(TARGET, FakeTarget.refusing());
    FakeTarget dlq = target(DLQ, FakeTarget.succeeding());
    DeliveryEngine engine = engine(config, clock);

    engine.deliverAll(List.of(request("e1", RetryPolicy.DEFAULT, Optional.of(DLQ))));

    assertThat(target.attempts()).isEqualTo(1);
    assertThat(dlq.received())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.attributes())
                    .containsEntry("ERROR_CODE", "NO_PERMISSIONS")
                    .containsEntry("RETRY_ATTEMPTS", "0")
                    .doesNotContainKey("EXHAUSTED_RETRY_CONDITION"));
    assertThat(engine.stats()).isEqualTo(new DeliveryStats(0, 0, 1, 0, 0));
    assertThat(parked()).isEmpty();
  }

  @Test
  void aDeadLetterCarriesTheOriginalEventWhenTheRequestHasOne() {
    target(TARGET, FakeTarget.refusing());
    FakeTarget dlq = target(DLQ, FakeTarget.succeeding());
    DeliveryEngine engine = engine(config, clock);
    DeliveryRequest transformed =
        new DeliveryRequest(
            delivery(TARGET, "e1"),
            RetryPolicy.DEFAULT,
            Optional.of(DLQ),
            RULE,
            "t1",
            clock.instant(),
            Optional.of("{\"id\":\"e1\",\"detail\":{\"a\":1}}"));

    engine.deliverAll(List.of(transformed));

    assertThat(dlq.received())
        .extracting(Delivery::body)
        .containsExactly("{\"id\":\"e1\",\"detail\":{\"a\":1}}");
  }

  @Test
  void unresolvableTargetIsANonRetryableNoResourceFailure() {
    FakeTarget dlq = target(DLQ, FakeTarget.succeeding());
    DeliveryEngine engine = engine(config, clock);

    engine.deliverAll(List.of(request("e1", RetryPolicy.DEFAULT, Optional.of(DLQ))));

    assertThat(dlq.received())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.attributes())
                    .containsEntry("ERROR_CODE", "NO_RESOURCE")
                    .containsEntry("TARGET_ARN", TARGET)
                    .containsEntry("RETRY_ATTEMPTS", "0"));
    assertThat(parked()).isEmpty();
  }

  @Test
  void withoutADeadLetterQueueAGivenUpDeliveryIsDroppedAndCounted() {
    target(TARGET, FakeTarget.refusing());
    DeliveryEngine engine = engine(config, clock);

    engine.deliverAll(
        List.of(
            request("e1", RetryPolicy.DEFAULT, Optional.empty()),
            request("e2", new RetryPolicy(0, Duration.ofHours(1)), Optional.empty())));

    assertThat(engine.stats()).isEqualTo(new DeliveryStats(0, 0, 0, 2, 0));
    assertThat(engine.stats(TARGET).dropped()).isEqualTo(2);
    assertThat(parked()).isEmpty();
  }

  @Test
  void aDeadLetterQueueThatRefusesDropsTheDeliveryAndCountsTheFailure() {
    target(TARGET, FakeTarget.refusing());
    target(DLQ, FakeTarget.refusing());
    DeliveryEngine engine = engine(config, clock);

    engine.deliverAll(List.of(request("e1", RetryPolicy.DEFAULT, Optional.of(DLQ))));

    assertThat(engine.stats()).isEqualTo(new DeliveryStats(0, 0, 0, 1, 1));
  }

  @Test
  void concurrencyPerTargetIsBounded() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    Target slow =
        delivery -> {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inFlight.decrementAndGet();
          return Outcome.SUCCEEDED;
        };
    fakes.put(TARGET, slow);
    FakeTarget other = target(DLQ, FakeTarget.succeeding());
    DeliveryEngine engine = engine(config.withMaxConcurrencyPerTarget(2), clock);
    List<DeliveryRequest> requests = new ArrayList<>();
    IntStream.range(0, 10)
        .forEach(i -> requests.add(request("e" + i, RetryPolicy.DEFAULT, Optional.empty())));
    Thread caller = Thread.ofVirtual().start(() -> engine.deliverAll(requests));

    await(() -> inFlight.get() == 2);
    engine.deliverAll(List.of(requestTo(DLQ, "other")));

    assertThat(other.received()).as("another target is not held up").hasSize(1);
    assertThat(inFlight.get()).isEqualTo(2);
    gate.countDown();
    caller.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(mostInFlight.get()).isEqualTo(2);
    assertThat(engine.stats(TARGET).delivered()).isEqualTo(10);
  }

  @Test
  void parkedDeliveriesSurviveARestartAndAreRetriedByANewEngine() {
    target(TARGET, FakeTarget.failingAlways());
    DeliveryEngine first = engine(config, clock);
    first.deliverAll(List.of(request("e1", RetryPolicy.DEFAULT, Optional.of(DLQ))));
    first.close();
    store.close();

    store = SqliteStore.open(SqliteConfig.defaults(directory));
    FakeTarget healed = target(TARGET, FakeTarget.succeeding());
    DeliveryEngine second = engine(config.withPollInterval(Duration.ofHours(1)), clock);
    clock.advance(CAP);
    second.start();

    await(() -> healed.received().size() == 1);
    assertThat(healed.received().getFirst().body()).isEqualTo("{\"id\":\"e1\"}");
    await(() -> parked().isEmpty());
  }

  @Test
  void theRetryLoopIsWokenByADeliveryParkedSoonerThanItSleeps() {
    DeliveryConfig quick =
        config
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(5))
            .withPollInterval(Duration.ofHours(1));
    FakeTarget target = target(TARGET, FakeTarget.failingRetryably(1));
    DeliveryEngine engine = engine(quick, Clock.systemUTC());
    engine.start();

    engine.deliverAll(
        List.of(
            new DeliveryRequest(
                delivery(TARGET, "e1"),
                RetryPolicy.DEFAULT,
                Optional.empty(),
                RULE,
                "t1",
                Instant.now())));

    await(() -> target.received().size() == 1);
  }

  @Test
  void aHolderWhoseLeaseWasTakenOverCannotCompleteTheTimer() {
    AtomicLong takenOver = new AtomicLong();
    FakeTarget target = target(TARGET, FakeTarget.failingRetryably(1));
    DeliveryEngine engine = engine(config, clock);
    engine.deliverAll(List.of(request("e1", RetryPolicy.DEFAULT, Optional.empty())));
    clock.advance(CAP);
    target.onAttempt(d -> takeOver(takenOver));

    engine.retryDue();

    assertThat(target.received()).hasSize(1);
    assertThat(store.timers().complete(timerId("e1"), takenOver.get()))
        .as("the timer is still there, held by its new holder")
        .isTrue();
  }

  @Test
  void aHolderWhoseLeaseWasTakenOverCannotRescheduleTheTimer() {
    AtomicLong takenOver = new AtomicLong();
    FakeTarget target = target(TARGET, FakeTarget.failingRetryably(2));
    DeliveryEngine engine = engine(config, clock);
    engine.deliverAll(List.of(request("e1", RetryPolicy.DEFAULT, Optional.empty())));
    clock.advance(CAP);
    target.onAttempt(d -> takeOver(takenOver));

    engine.retryDue();

    assertThat(target.attempts()).isEqualTo(2);
    assertThat(engine.stats().retried()).as("only the first park counts").isEqualTo(1);
    assertThat(store.timers().complete(timerId("e1"), takenOver.get())).isTrue();
  }

  @Test
  void aDeliveryHandedOverAgainReplacesItsParkedSelf() {
    target(TARGET, FakeTarget.failingAlways());
    DeliveryEngine engine = engine(config, clock);

    engine.deliverAll(List.of(request("e1", RetryPolicy.DEFAULT, Optional.empty())));
    engine.deliverAll(List.of(request("e1", RetryPolicy.DEFAULT, Optional.empty())));
    clock.advance(CAP);

    assertThat(store.timers().claimDue("delivery", clock.instant(), 10, Duration.ofMinutes(1)))
        .hasSize(1);
  }

  @Test
  void anErrorMessageIsMadeSafeForAQueueMessageAttribute() {
    assertThat(DeliveryEngine.printable("bad\u0000byte \uD83D\uDE00\n"))
        .isEqualTo("bad?byte \uD83D\uDE00\n");
  }

  /** Inside an attempt: the lease runs out and someone else claims the timer. */
  private void takeOver(AtomicLong token) {
    clock.advance(config.claimLease().plusSeconds(1));
    List<Timer> claimed =
        store.timers().claimDue("delivery", clock.instant(), 10, Duration.ofMinutes(10));
    assertThat(claimed).hasSize(1);
    token.set(claimed.getFirst().leaseToken());
  }

  private Optional<Instant> parked() {
    return store.timers().nextDue("delivery", Instant.MAX.minusSeconds(1));
  }

  private static String timerId(String eventId) {
    return DeliveryEngine.timerId(
        new DeliveryRequest(
            delivery(TARGET, eventId),
            RetryPolicy.DEFAULT,
            Optional.empty(),
            RULE,
            "t1",
            Instant.EPOCH));
  }

  private FakeTarget target(String arn, FakeTarget target) {
    fakes.put(arn, target);
    return target;
  }

  private DeliveryEngine engine(DeliveryConfig engineConfig, Clock engineClock) {
    DeliveryEngine engine = new DeliveryEngine(store.timers(), targets, engineConfig, engineClock);
    engines.add(engine);
    return engine;
  }

  private DeliveryRequest request(String eventId, RetryPolicy policy, Optional<String> dlq) {
    return new DeliveryRequest(delivery(TARGET, eventId), policy, dlq, RULE, "t1", clock.instant());
  }

  private DeliveryRequest requestTo(String arn, String eventId) {
    return new DeliveryRequest(
        delivery(arn, eventId), RetryPolicy.DEFAULT, Optional.empty(), RULE, "t2", clock.instant());
  }

  private static Delivery delivery(String arn, String eventId) {
    return new Delivery(
        arn,
        "{\"id\":\"" + eventId + "\"}",
        JsonNodeFactory.instance.objectNode(),
        Map.of(),
        eventId,
        "");
  }

  /** Waits for an asynchronous effect, failing after a generous deadline. */
  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
