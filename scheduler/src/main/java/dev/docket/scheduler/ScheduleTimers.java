package dev.docket.scheduler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.docket.store.Timer;
import dev.docket.store.TimerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The one durable timer of each enabled schedule: id {@code scheduler:<schedule arn>}, kind {@value
 * #KIND}, due at the schedule's next occurrence plus, for a flexible window, a uniformly random
 * offset in {@code [0, MaximumWindowInMinutes)} drawn when the timer is set (so a restart keeps
 * it). The payload records the occurrence itself and when the timer was set ({@code {"occurrence":
 * <epoch ms>, "since": <epoch ms>}}).
 *
 * <p>Operations set a schedule's timer before they write its document and cancel it after they
 * delete it: a timer whose schedule is gone fires into nothing, while a schedule without its timer
 * would never fire. Thread-safe.
 */
final class ScheduleTimers {

  /** The timer kind of schedules. */
  static final String KIND = "scheduler";

  private final TimerStore timers;
  private final RandomGenerator random;
  private final Consumer<Instant> onSet;

  /**
   * @param timers where the timers are
   * @param random draws flexible offsets
   * @param onSet told each due time set, to wake the firing loop if it sleeps past it
   */
  ScheduleTimers(TimerStore timers, RandomGenerator random, Consumer<Instant> onSet) {
    this.timers = timers;
    this.random = random;
    this.onSet = onSet;
  }

  static String id(String scheduleArn) {
    return KIND + ":" + scheduleArn;
  }

  /** Sets (or cancels) the schedule's timer for its first occurrence after {@code now}. */
  void set(Schedule schedule, Instant now) {
    Optional<Timer> timer = schedule.enabled() ? timerAfter(schedule, now) : Optional.empty();
    if (timer.isPresent()) {
      timers.schedule(timer.get());
      onSet.accept(timer.get().dueAt());
    } else {
      timers.cancel(id(schedule.arn()));
    }
  }

  void cancel(String scheduleArn) {
    timers.cancel(id(scheduleArn));
  }

  /** The timer for the schedule's first occurrence after {@code after}, if it has one. */
  Optional<Timer> timerAfter(Schedule schedule, Instant after) {
    return Recurrence.next(schedule, after).map(occurrence -> timerAt(schedule, occurrence, after));
  }

  /** The timer for one occurrence, set at {@code now}, its flexible offset drawn now. */
  Timer timerAt(Schedule schedule, Instant occurrence, Instant now) {
    Instant due = occurrence;
    if (schedule.maximumWindowMinutes().isPresent() && "FLEXIBLE".equals(schedule.windowMode())) {
      long windowMillis = Duration.ofMinutes(schedule.maximumWindowMinutes().get()).toMillis();
      due = occurrence.plusMillis(random.nextLong(windowMillis));
    }
    String payload =
        JsonNodeFactory.instance
            .objectNode()
            .put("occurrence", occurrence.toEpochMilli())
            .put("since", now.toEpochMilli())
            .toString();
    return new Timer(id(schedule.arn()), KIND, due, payload, 0);
  }
}
