package dev.docket.delivery;

import dev.docket.store.Timer;
import dev.docket.store.TimerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires recurring or one-time work kept as timers of one kind (a scheduled rule, a Scheduler
 * schedule): a {@link TimerLoop} claims the due ones under a lease, asks {@link Fire} what each
 * firing delivers and when the timer is next due, and writes both in one fenced store transaction
 * ({@link TimerStore#advance}): the timer's next occurrence, and the deliveries as {@link
 * DeliveryEngine#pending} timers due now, which the engine then attempts, retries and dead-letters.
 * So a firing reaches the engine exactly once: a crash before the commit fires again when the lease
 * expires, a crash after it has the deliveries stored. A holder whose lease was taken over writes
 * nothing.
 *
 * <p>The firings of one batch run concurrently on virtual threads, so the store commits them
 * together. Thread-safe.
 */
public final class ScheduledFirings implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledFirings.class);

  /** What the owner of the timers decides for one due timer. */
  @FunctionalInterface
  public interface Fire {

    /**
     * What a due timer does now. Runs on the loop's threads; may read the store, must not write it
     * (the write is the firing's one transaction).
     *
     * @param timer the claimed timer (its due time is the occurrence that came due)
     * @param now the clock's reading
     */
    Firing fire(Timer timer, Instant now);
  }

  /**
   * One firing.
   *
   * @param deliveries what it delivers now (none when the occurrence is skipped)
   * @param next when the timer is next due; empty when it is finished (it is deleted)
   * @param payload the timer's payload from now on
   * @param afterCommit what to do once the firing is stored (e.g. delete a finished one-time
   *     schedule); not run when the claim was lost
   */
  public record Firing(
      List<DeliveryRequest> deliveries,
      Optional<Instant> next,
      String payload,
      Runnable afterCommit) {

    /** Checks and copies. */
    public Firing {
      deliveries = List.copyOf(deliveries);
      Objects.requireNonNull(next, "next");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(afterCommit, "afterCommit");
    }

    /** A firing with nothing to do after its commit. */
    public static Firing of(
        List<DeliveryRequest> deliveries, Optional<Instant> next, String payload) {
      return new Firing(deliveries, next, payload, () -> {});
    }
  }

  private final String kind;
  private final TimerStore timers;
  private final DeliveryEngine engine;
  private final Clock clock;
  private final Duration lease;
  private final int batchSize;
  private final Fire fire;
  private final TimerLoop loop;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * Firings that do not run until {@link #start}.
   *
   * @param kind the kind of the timers
   * @param timers where they are
   * @param engine who delivers what they fire
   * @param clock the only source of time
   * @param pollInterval the longest the loop sleeps (the floor for timers set elsewhere)
   * @param lease how long a claimed timer is reserved for this process
   * @param batchSize how many due timers are claimed at once
   * @param fire what each firing does
   */
  public ScheduledFirings(
      String kind,
      TimerStore timers,
      DeliveryEngine engine,
      Clock clock,
      Duration pollInterval,
      Duration lease,
      int batchSize,
      Fire fire) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.batchSize = batchSize;
    this.fire = Objects.requireNonNull(fire, "fire");
    this.loop =
        new TimerLoop(
            "docket-firings-" + kind, kind, timers, clock, pollInterval, batchSize, this::runDue);
  }

  /** Starts firing (resumes whatever came due while stopped). */
  public void start() {
    loop.start();
  }

  /** A timer of this kind was set for {@code dueAt}: wakes the loop if it sleeps past that. */
  public void scheduled(Instant dueAt) {
    loop.dueAt(dueAt);
  }

  /** Wakes the loop to look for due timers now (for tests that moved a manual clock). */
  public void wake() {
    loop.wake();
  }

  /** Claims and fires one batch; the number claimed. */
  int runDue() {
    List<Timer> due = timers.claimDue(kind, clock.instant(), batchSize, lease);
    if (due.size() == 1) {
      fireOne(due.getFirst());
      return 1;
    }
    List<Future<?>> running = new ArrayList<>(due.size());
    for (Timer timer : due) {
      running.add(executor.submit(() -> fireOne(timer)));
    }
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (ExecutionException e) {
        LOG.warn("a {} firing failed; it fires again when its lease expires", kind, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return due.size();
  }

  private void fireOne(Timer timer) {
    Instant now = clock.instant();
    Firing firing = fire.fire(timer, now);
    List<Timer> created = new ArrayList<>(firing.deliveries().size());
    for (DeliveryRequest request : firing.deliveries()) {
      created.add(engine.pending(request, now));
    }
    if (!timers.advance(timer.id(), timer.leaseToken(), firing.next(), firing.payload(), created)) {
      LOG.info(
          "{} timer {} changed hands while it fired; left to its new holder", kind, timer.id());
      return;
    }
    if (!created.isEmpty()) {
      engine.handedOver(now);
    }
    firing.next().ifPresent(loop::dueAt);
    firing.afterCommit().run();
  }

  /** Stops the loop and waits for firings in flight; timers stay where they are. */
  @Override
  public void close() {
    loop.close();
    executor.close();
  }
}
