package dev.docket.delivery;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.docket.store.Timer;
import dev.docket.store.TimerStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invokes targets for deliveries: bounded concurrency per target, retries with exponential backoff
 * and jitter, retryable failures parked durably (as {@code delivery} timers) between attempts, and
 * exhausted or non-retryable deliveries handed to the dead-letter queue with EventBridge's
 * attributes, or dropped and counted when there is none.
 *
 * <p>Design: every attempt runs on a virtual thread and holds a permit of its target ARN's
 * semaphore, so a slow target cannot take more than {@link DeliveryConfig#maxConcurrencyPerTarget}
 * threads while other targets go on. A failed first attempt is not retried in memory: it becomes a
 * timer whose payload is the whole request with its attempt count and last error, so a restart
 * resumes the schedule where it was, and {@link #deliverAll} returns as soon as the timer is
 * durable. The retry loop ({@link #start}) claims due timers under a lease; success completes the
 * timer, failure moves it forward under the same lease ({@link TimerStore#reschedule}), and a
 * holder whose lease was taken over changes nothing. The timer id is derived from the rule, target
 * id and event id, so a delivery re-handed after a crash replaces its parked self instead of
 * doubling it.
 *
 * <p>Thread-safe.
 */
public final class DeliveryEngine implements AutoCloseable {

  /** Most deliveries handed to one target in one call. */
  private static final int CHUNK = 128;

  /** The kind of the timers this engine parks deliveries as. */
  public static final String TIMER_KIND = "delivery";

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

  private final TimerStore timers;
  private final Targets targets;
  private final DeliveryConfig config;
  private final Clock clock;
  private final RetrySchedule schedule;
  private final TimerLoop loop;
  private final Counters total = new Counters();
  private final ConcurrentMap<String, Counters> perTarget = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Semaphore> permits = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * Creates an engine; nothing is retried until {@link #start}.
   *
   * @param timers where deliveries are parked between attempts
   * @param targets resolves target and dead-letter ARNs
   * @param config concurrency, backoff and retry-loop settings
   * @param clock the only source of time
   */
  public DeliveryEngine(TimerStore timers, Targets targets, DeliveryConfig config, Clock clock) {
    this.timers = Objects.requireNonNull(timers, "timers");
    this.targets = Objects.requireNonNull(targets, "targets");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.schedule = new RetrySchedule(config, () -> ThreadLocalRandom.current().nextLong());
    this.loop =
        new TimerLoop(
            "docket-delivery-retries",
            TIMER_KIND,
            timers,
            clock,
            config.pollInterval(),
            config.claimBatchSize(),
            this::retryDue);
  }

  /**
   * Delivers each request once now and returns when every one of them has either succeeded, been
   * durably parked for a retry, been dead-lettered, or been dropped. A caller that advances a
   * cursor after this returns never loses a delivery.
   *
   * @throws DeliveryException if some request could not be brought that far (the store failed, the
   *     engine is closed, the caller was interrupted); the others may have been delivered
   */
  public void deliverAll(List<DeliveryRequest> requests) {
    try {
      if (requests.size() == 1) {
        deliverNow(requests.getFirst());
      } else {
        // one task per target and chunk: a target that batches (a queue) makes a chunk durable
        // in one store write instead of one write per event
        runAll(chunks(requests), this::deliverChunk);
      }
    } catch (DeliveryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DeliveryException("a delivery could not be completed or parked", e);
    }
  }

  /**
   * A delivery as the durable timer that makes its first attempt at {@code dueAt}, for a caller
   * that writes it in its own store transaction (a schedule's firing writes its deliveries together
   * with its timer's next occurrence, {@link TimerStore#advance}); after that commits, the caller
   * calls {@link #handedOver}. From then on it is the engine's, as a parked delivery is: attempted
   * when due, retried by its policy, dead-lettered when it gives up. The timer id is derived from
   * the rule, target id and event id, so the same firing handed over twice is one delivery.
   */
  public Timer pending(DeliveryRequest request, Instant dueAt) {
    return new Timer(
        timerId(request), TIMER_KIND, dueAt, ParkedDelivery.unattempted(request).encode(), 0);
  }

  /** Deliveries written with {@link #pending} are due at {@code dueAt}: wakes the loop for them. */
  public void handedOver(Instant dueAt) {
    loop.dueAt(dueAt);
  }

  /** Starts the loop that retries parked deliveries when due (resumes those parked before). */
  public void start() {
    if (executor.isShutdown()) {
      throw new IllegalStateException("the delivery engine is closed");
    }
    loop.start();
  }

  /** What this engine has done since it was created. */
  public DeliveryStats stats() {
    return total.snapshot();
  }

  /** What this engine has done for one target ARN (dead letters count for the original target). */
  public DeliveryStats stats(String targetArn) {
    Counters counters = perTarget.get(targetArn);
    return counters == null ? DeliveryStats.NONE : counters.snapshot();
  }

  /** Stops the retry loop and waits for attempts in flight; parked deliveries stay parked. */
  @Override
  public void close() {
    loop.close();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Claims and runs one batch of due retries; the number claimed. The retry loop's body. */
  int retryDue() {
    List<Timer> due =
        timers.claimDue(TIMER_KIND, clock.instant(), config.claimBatchSize(), config.claimLease());
    runAll(due, this::retry);
    return due.size();
  }

  /** Wakes the retry loop to look for due deliveries now (for tests that moved a manual clock). */
  public void wake() {
    loop.wake();
  }

  private <T> void runAll(List<T> items, Consumer<T> action) {
    if (items.isEmpty()) {
      return;
    }
    if (items.size() == 1) {
      action.accept(items.getFirst());
      return;
    }
    List<Future<?>> running = new ArrayList<>(items.size());
    RuntimeException failure = null;
    for (T item : items) {
      try {
        running.add(executor.submit(() -> action.accept(item)));
      } catch (RejectedExecutionException e) {
        failure = add(failure, new DeliveryException("the delivery engine is closed", e));
      }
    }
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (ExecutionException e) {
        failure =
            add(
                failure,
                e.getCause() instanceof RuntimeException r
                    ? r
                    : new DeliveryException("delivery failed", e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = add(failure, new DeliveryException("interrupted while delivering", e));
        break;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException add(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /**
   * The requests grouped by target ARN, in order: for a target that batches, in chunks of at most
   * {@value #CHUNK}; for any other, one request per chunk (attempted concurrently).
   */
  private List<List<DeliveryRequest>> chunks(List<DeliveryRequest> requests) {
    Map<String, List<DeliveryRequest>> byTarget = new LinkedHashMap<>();
    for (DeliveryRequest request : requests) {
      byTarget.computeIfAbsent(request.delivery().targetArn(), a -> new ArrayList<>()).add(request);
    }
    List<List<DeliveryRequest>> chunks = new ArrayList<>();
    for (Map.Entry<String, List<DeliveryRequest>> group : byTarget.entrySet()) {
      List<DeliveryRequest> list = group.getValue();
      int size = batches(group.getKey()) ? CHUNK : 1;
      for (int from = 0; from < list.size(); from += size) {
        chunks.add(list.subList(from, Math.min(list.size(), from + size)));
      }
    }
    return chunks;
  }

  private boolean batches(String arn) {
    try {
      return targets.resolve(arn).map(Target::batches).orElse(false);
    } catch (RuntimeException e) {
      return false; // attempted one by one, where the failure is reported per delivery
    }
  }

  private void deliverChunk(List<DeliveryRequest> chunk) {
    if (chunk.size() == 1) {
      deliverNow(chunk.getFirst());
      return;
    }
    List<Outcome> outcomes = attempt(chunk.stream().map(DeliveryRequest::delivery).toList());
    for (int i = 0; i < chunk.size(); i++) {
      handle(chunk.get(i), outcomes.get(i));
    }
  }

  private void deliverNow(DeliveryRequest request) {
    handle(request, attempt(request.delivery()));
  }

  /** Counts a first attempt's outcome, or parks or dead-letters what failed. */
  private void handle(DeliveryRequest request, Outcome outcome) {
    switch (outcome) {
      case Outcome.Succeeded succeeded -> count(request, c -> c.delivered.increment());
      case Outcome.Failed failed -> {
        switch (schedule.after(request, 1, failed, clock.instant())) {
          case RetrySchedule.Retry retry -> {
            timers.schedule(
                new Timer(
                    timerId(request),
                    TIMER_KIND,
                    retry.dueAt(),
                    new ParkedDelivery(request, 1, failed).encode(),
                    0));
            count(request, c -> c.retried.increment());
            loop.dueAt(retry.dueAt());
          }
          case RetrySchedule.GiveUp giveUp -> giveUp(request, 1, failed, giveUp);
        }
      }
    }
  }

  private void retry(Timer timer) {
    ParkedDelivery parked;
    try {
      parked = ParkedDelivery.decode(timer.payload());
    } catch (RuntimeException e) {
      LOG.error("dropping parked delivery {}: unreadable payload", timer.id(), e);
      total.dropped.increment();
      timers.complete(timer.id(), timer.leaseToken());
      return;
    }
    DeliveryRequest request = parked.request();
    int attempts = parked.attempts() + 1;
    Outcome outcome = attempt(request.delivery());
    boolean held =
        switch (outcome) {
          case Outcome.Succeeded succeeded -> {
            count(request, c -> c.delivered.increment());
            yield timers.complete(timer.id(), timer.leaseToken());
          }
          case Outcome.Failed failed ->
              switch (schedule.after(request, attempts, failed, clock.instant())) {
                case RetrySchedule.Retry retry -> {
                  boolean moved =
                      timers.reschedule(
                          timer.id(),
                          timer.leaseToken(),
                          retry.dueAt(),
                          new ParkedDelivery(request, attempts, failed).encode());
                  if (moved) {
                    count(request, c -> c.retried.increment());
                    loop.dueAt(retry.dueAt());
                  }
                  yield moved;
                }
                case RetrySchedule.GiveUp giveUp -> {
                  giveUp(request, attempts, failed, giveUp);
                  yield timers.complete(timer.id(), timer.leaseToken());
                }
              };
        };
    if (!held) {
      LOG.info(
          "parked delivery {} changed hands while it was attempted; left to its new holder",
          timer.id());
    }
  }

  private void giveUp(
      DeliveryRequest request, int attempts, Outcome.Failed failed, RetrySchedule.GiveUp giveUp) {
    Optional<String> deadLetterArn = request.deadLetterArn();
    if (deadLetterArn.isEmpty()) {
      count(request, c -> c.dropped.increment());
      LOG.debug(
          "dropped event {} for target {} of {}: {} {}",
          request.delivery().eventId(),
          request.delivery().targetArn(),
          request.ruleArn(),
          failed.errorCode(),
          failed.errorMessage());
      return;
    }
    Delivery delivery = request.delivery();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(DeadLetterAttributes.RULE_ARN, request.ruleArn());
    attributes.put(DeadLetterAttributes.TARGET_ARN, delivery.targetArn());
    attributes.put(DeadLetterAttributes.ERROR_CODE, failed.errorCode());
    attributes.put(DeadLetterAttributes.ERROR_MESSAGE, printable(failed.errorMessage()));
    giveUp
        .exhaustedCondition()
        .ifPresent(c -> attributes.put(DeadLetterAttributes.EXHAUSTED_RETRY_CONDITION, c));
    attributes.put(DeadLetterAttributes.RETRY_ATTEMPTS, Integer.toString(attempts - 1));
    Delivery deadLetter =
        new Delivery(
            deadLetterArn.get(),
            request.deadLetterBody(),
            JsonNodeFactory.instance.objectNode(),
            attributes,
            delivery.eventId(),
            delivery.traceHeader(),
            // the dead-letter queue is written by the same service for the same source
            delivery.origin());
    Outcome outcome = attempt(deadLetter);
    switch (outcome) {
      case Outcome.Succeeded succeeded -> count(request, c -> c.deadLettered.increment());
      case Outcome.Failed dlqFailed -> {
        count(
            request,
            c -> {
              c.deadLetterFailures.increment();
              c.dropped.increment();
            });
        LOG.warn(
            "dropped event {} for target {}: its dead-letter queue {} refused it: {} {}",
            delivery.eventId(),
            delivery.targetArn(),
            deadLetterArn.get(),
            dlqFailed.errorCode(),
            dlqFailed.errorMessage());
      }
    }
  }

  /** One attempt under the target's permit; never throws for a target's failure. */
  /** Attempts deliveries to one target together; one outcome per delivery, in order. */
  private List<Outcome> attempt(List<Delivery> deliveries) {
    String arn = deliveries.getFirst().targetArn();
    Optional<Target> target;
    try {
      target = targets.resolve(arn);
    } catch (RuntimeException e) {
      LOG.warn("resolving target {} failed", arn, e);
      return all(
          deliveries, new Outcome.Failed(DeadLetterAttributes.INTERNAL_ERROR, e.toString(), true));
    }
    if (target.isEmpty()) {
      return all(
          deliveries,
          new Outcome.Failed(
              DeadLetterAttributes.NO_RESOURCE,
              "No target of Docket serves the ARN " + arn,
              false));
    }
    Semaphore permit =
        permits.computeIfAbsent(arn, a -> new Semaphore(config.maxConcurrencyPerTarget()));
    try {
      permit.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while waiting to deliver to " + arn, e);
    }
    try {
      List<Outcome> outcomes = target.get().deliverAll(deliveries);
      if (outcomes == null || outcomes.size() != deliveries.size()) {
        return all(
            deliveries,
            new Outcome.Failed(
                DeadLetterAttributes.INTERNAL_ERROR, "the target answered no outcome", true));
      }
      List<Outcome> checked = new ArrayList<>(outcomes.size());
      for (Outcome outcome : outcomes) {
        checked.add(
            outcome != null
                ? outcome
                : new Outcome.Failed(
                    DeadLetterAttributes.INTERNAL_ERROR, "the target answered nothing", true));
      }
      return checked;
    } catch (RuntimeException e) {
      LOG.warn("target {} threw instead of answering outcomes", arn, e);
      return all(
          deliveries, new Outcome.Failed(DeadLetterAttributes.INTERNAL_ERROR, e.toString(), true));
    } finally {
      permit.release();
    }
  }

  private static List<Outcome> all(List<Delivery> deliveries, Outcome outcome) {
    return Collections.nCopies(deliveries.size(), outcome);
  }

  private Outcome attempt(Delivery delivery) {
    return attempt(List.of(delivery)).getFirst();
  }

  /**
   * The text with every character a queue message may not carry (outside #x9, #xA, #xD, #x20 to
   * #xD7FF, #xE000 to #xFFFD and supplementary code points) replaced by {@code ?}, so that an odd
   * error message cannot make the dead-letter queue refuse the dead letter.
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c ->
                out.appendCodePoint(
                    c == 0x9
                            || c == 0xA
                            || c == 0xD
                            || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000
                        ? c
                        : '?'));
    return out.toString();
  }

  private void count(DeliveryRequest request, Consumer<Counters> update) {
    update.accept(total);
    update.accept(perTarget.computeIfAbsent(request.delivery().targetArn(), arn -> new Counters()));
  }

  /**
   * The timer id of a parked delivery: one per (rule, target id, event), so the same delivery
   * handed over again replaces its parked self. An event without id gets a fresh one.
   */
  static String timerId(DeliveryRequest request) {
    String eventId = request.delivery().eventId();
    return request.ruleArn()
        + "|"
        + request.targetId()
        + "|"
        + (eventId.isEmpty() ? UUID.randomUUID().toString() : eventId);
  }
}
